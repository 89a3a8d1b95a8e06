"""Point folium at the vendored Leaflet assets instead of public CDNs.

folium keeps its asset lists (``default_js``/``default_css``) as class
attributes; we capture the originals once and replace them with local URLs, so
the map works with no network. Only Leaflet itself is used: the map draws its
symbols as text and SVG, and the player has its own controls, so jQuery,
Bootstrap, FontAwesome and folium's plugins are not needed at all.
"""

from __future__ import annotations

import folium

from map_layers.paths import VENDOR_DIR

# Streamlit serves ``static/`` at ``/app/static/`` (server.enableStaticServing).
STREAMLIT_STATIC_URL = "/app/static"

LEAFLET_JS = "vendor/leaflet/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/leaflet.css"

_ORIGINALS = {cls: (list(cls.default_js), list(cls.default_css)) for cls in (folium.Map,)}


def use_local_assets(base_url: str = STREAMLIT_STATIC_URL) -> None:
    """Make every folium element we use load its JS/CSS from ``base_url``."""
    folium.Map.default_js = [("leaflet", f"{base_url}/{LEAFLET_JS}")]
    folium.Map.default_css = [("leaflet_css", f"{base_url}/{LEAFLET_CSS}")]


def restore_cdn_assets() -> None:
    """Undo :func:`use_local_assets` (for tests that compare with folium's defaults)."""
    for cls, (js, css) in _ORIGINALS.items():
        cls.default_js, cls.default_css = list(js), list(css)


def vendored_text(relative: str) -> str:
    """The text of a vendored asset, for inlining into standalone HTML."""
    return (VENDOR_DIR.parent / relative).read_text(encoding="utf-8")
