"""Fonts for static exports: which installed families can draw each language."""

from __future__ import annotations

from functools import lru_cache

from matplotlib import font_manager

from map_layers.i18n import t


class FontMissingError(RuntimeError):
    """No installed font can draw the requested language."""


@lru_cache(maxsize=4)
def font_families(lang: str) -> tuple[str, ...]:
    """Font families for ``lang``, in fallback order (matplotlib takes a list).

    DejaVu Sans (bundled with matplotlib) carries every symbol glyph we draw;
    Arabic needs Noto Sans Arabic (or another font with Arabic glyphs) first.
    """
    families = ["DejaVu Sans"]
    if lang in ("ar",):
        for family in ("Noto Sans Arabic", "Noto Naskh Arabic", "Amiri", "DejaVu Sans Arabic"):
            try:
                font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
            except ValueError:
                continue
            return (family, *families)
        raise FontMissingError(t("export_no_font", "en"))
    return tuple(families)
