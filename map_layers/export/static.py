"""Static map exports (PNG, SVG, PDF) of one :class:`DaySlice`, drawn with matplotlib.

No browser and no network. The work is split by responsibility: :mod:`.figure` (layout,
land, the day's layers, scale bar), :mod:`.margin` (date, caption, legend, sources),
:mod:`.place_labels` (place names), :mod:`.shapes` (geometry to matplotlib paths) and
:mod:`.fonts`; the projection is :mod:`map_layers.mercator`, shared with permalinks.
"""

from __future__ import annotations

from collections.abc import Sequence

from map_layers.export import STATIC_FORMATS
from map_layers.export.figure import DEFAULT_SIZE, DPI, MapFigure, nice_scale
from map_layers.export.fonts import FontMissingError, font_families
from map_layers.export.margin import source_domains, sources_line
from map_layers.export.shapes import BBox
from map_layers.geodata import GeoData
from map_layers.timeslice import DaySlice

__all__ = [
    "DEFAULT_SIZE",
    "DPI",
    "BBox",
    "FontMissingError",
    "MapFigure",
    "font_families",
    "nice_scale",
    "render_snapshot",
    "source_domains",
    "sources_line",
]


def render_snapshot(
    day_slice: DaySlice,
    geo: GeoData,
    *,
    lang: str,
    bbox: Sequence[float],
    fmt: str,
    title: str | None = None,
    permalink: str | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    dpi: int = DPI,
    labels: bool = True,
) -> bytes:
    """Render one day of the map as a PNG, SVG or PDF document.

    Parameters
    ----------
    day_slice : DaySlice
        What is visible (from :func:`map_layers.timeslice.slice_day`); nothing else is drawn.
    geo : GeoData
        For the land behind the slice.
    lang : str
        ``en`` or ``ar`` (Arabic margin text right-aligned, the margin on the left).
    bbox : sequence of float
        ``(west, south, east, north)`` in degrees: exactly what is on screen. Shown whole,
        in Web Mercator like the live map, centred in the map panel.
    fmt : str
        ``png``, ``svg`` or ``pdf``.
    title, permalink : str, optional
        The heading (default: the app title) and a URL printed in the footer. Any text
        is drawn as text: SVG output escapes it as XML.
    size, dpi : optional
        Output size in pixels at ``dpi`` (PDF/SVG: the same size in inches × dpi).
    labels : bool
        Draw the gazetteer's rivers and place names (ranked as on the live map at the zoom
        this view corresponds to, none overlapping); False gives the map without them.

    Returns
    -------
    bytes
        The document.

    Raises
    ------
    ValueError
        Unknown ``fmt`` or a degenerate ``bbox``.
    FontMissingError
        ``lang='ar'`` and no installed font has Arabic glyphs.

    Examples
    --------
    >>> png = render_snapshot(slice_day(geo, events, date(1905, 5, 27)), geo,
    ...                       lang="en", bbox=(115, 30, 145, 46), fmt="png")  # doctest: +SKIP
    """
    if fmt not in STATIC_FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(STATIC_FORMATS)}")
    west, south, east, north = bbox
    extent = (west, south, east, north)
    figure = MapFigure(geo, lang=lang, bbox=extent, size=size, dpi=dpi, title=title, permalink=permalink, labels=labels)
    try:
        figure.draw(day_slice)
        return figure.to_bytes(fmt)
    finally:
        figure.close()
