"""Static map exports (PNG, SVG, PDF) drawn with matplotlib from one :class:`DaySlice`.

No browser and no network: land, territories, railways, movements and events
are drawn in Web Mercator (the projection of the live map, so a bbox taken from
the screen shows the same picture), with a margin holding the title, the date
in three calendars, a caption, a legend of every symbol shown, a scale bar and
the sources. :class:`MapFigure` keeps the figure between days so the animation
exporter redraws only what changes.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

import matplotlib
import numpy as np
import shapely
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.markers import MarkerStyle
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D
from pyproj import Geod

from map_layers import style
from map_layers.caption import caption_lines, date_lines
from map_layers.export import STATIC_FORMATS
from map_layers.export.front import draw_front_lines
from map_layers.geodata import GeoData
from map_layers.i18n import RTL, format_number, t
from map_layers.legend import LegendEntry, legend_entries, shown_events
from map_layers.popups import SOURCE_URL
from map_layers.timeslice import DaySlice

DEFAULT_SIZE = (1600, 1000)  # pixels at DPI
DPI = 100
BBox = tuple[float, float, float, float]  # west, south, east, north (degrees)

_PX = 72 / 96  # one CSS pixel (Leaflet style units) in points
_MAX_LAT = 85.0
_GEOD = Geod(ellps="WGS84")
_Z = {"land": 1, "territories": 2, "railways": 3, "tracks": 4, "heads": 5, "events": 6, "labels": 7, "scale": 8}


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


def _mercator(coords: np.ndarray) -> np.ndarray:
    """lon/lat degrees -> Web Mercator with y in 'degrees' (x unchanged), so aspect 1 is right."""
    out = np.array(coords, dtype=float, copy=True)
    lat = np.radians(np.clip(out[:, 1], -_MAX_LAT, _MAX_LAT))
    out[:, 1] = np.degrees(np.log(np.tan(np.pi / 4 + lat / 2)))
    return out


def _project(geometries: Iterable[Any], bbox: BBox) -> list[Any]:
    """Clip to a little more than ``bbox`` (speed) and project to Mercator."""
    west, south, east, north = bbox
    pad_x, pad_y = (east - west) * 0.05 + 0.5, (north - south) * 0.05 + 0.5
    window = (west - pad_x, max(south - pad_y, -_MAX_LAT), east + pad_x, min(north + pad_y, _MAX_LAT))
    clipped = shapely.clip_by_rect(np.asarray(list(geometries), dtype=object), *window)
    return list(shapely.transform(clipped, _mercator))


def _polygon_path(geometry: Any) -> MplPath | None:
    """One compound path (holes included) for a Polygon/MultiPolygon."""
    vertices, codes = [], []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            ring_xy = np.asarray(ring.coords)
            if len(ring_xy) < 3:
                continue
            vertices.append(ring_xy)
            ring_codes = np.full(len(ring_xy), MplPath.LINETO, dtype=np.uint8)
            ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


def _line_parts(geometry: Any) -> list[np.ndarray]:
    """The vertex arrays of a (Multi)LineString, empty parts dropped."""
    if geometry is None or geometry.is_empty:
        return []
    parts = getattr(geometry, "geoms", [geometry])
    return [np.asarray(part.coords) for part in parts if part.geom_type == "LineString" and len(part.coords) >= 2]


def _rgba(colour: str, alpha: float) -> tuple[float, float, float, float]:
    red, green, blue = matplotlib.colors.to_rgb(colour)
    return (red, green, blue, float(alpha))


def _linestyle(options: dict[str, Any]) -> Any:
    return style.dash_to_matplotlib(options.get("dashArray"), float(options.get("weight", 1)))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _arrow_path() -> MplPath:
    """The movement head arrow (north-up) as a marker path centred on the origin."""
    points = np.asarray(style.HEAD_ARROW, dtype=float)
    points = (points - 12.0) * np.array([1.0, -1.0])  # SVG y runs down
    return MplPath(np.vstack([points, points[:1]]), closed=True)


def _head_marker(bearing: float) -> MarkerStyle:
    """Arrow rotated to a compass bearing (clockwise from north)."""
    return MarkerStyle(_arrow_path(), transform=Affine2D().rotate_deg(-float(bearing)))


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _wrap(text: str, width: float, fontsize: float) -> list[str]:
    """Wrap ``text`` to ``width`` margin units (px at 100 dpi) for a ``fontsize`` pt font."""
    chars = max(12, int(width / (fontsize * 0.56 * 100 / 72)))
    return textwrap.wrap(text, chars) or [""]


def source_domains(events: Any) -> list[str]:
    """Host names of the visible events' source URLs, sorted, without ``www.``."""
    hosts: set[str] = set()
    for source in events.get("source", []):
        for url in SOURCE_URL.findall(_text(source)):
            host = (urlparse(url).hostname or "").removeprefix("www.")
            if host:
                hosts.add(host)
    return sorted(hosts)


def sources_line(day_slice: DaySlice, lang: str, limit: int = 6) -> str:
    hosts = source_domains(shown_events(day_slice))
    text = t("export_sources", lang)
    if hosts:
        text += " · " + ", ".join(hosts[:limit])
        if len(hosts) > limit:
            text += " " + t("export_sources_more", lang, count=len(hosts) - limit)
    return text


def nice_scale(bbox: BBox, fraction: float = 0.2) -> tuple[float, float, float]:
    """(km, length in map x units, latitude) of a round scale bar about ``fraction`` of the width.

    Distances come from ``pyproj.Geod`` (WGS84 ellipsoid) along the parallel at the
    map's centre latitude; in Mercator the scale grows with latitude, so the bar is
    exact only there, and the label says at which latitude.
    """
    west, south, east, north = bbox
    lat = (south + north) / 2
    centre = (west + east) / 2
    km_per_degree = _GEOD.inv(centre - 0.5, lat, centre + 0.5, lat)[2] / 1000
    target = (east - west) * fraction * km_per_degree
    magnitude = 10 ** math.floor(math.log10(max(target, 1e-6)))
    km = max(step * magnitude for step in (1, 2, 5) if step * magnitude <= target) if target >= 1 else 1.0
    return km, km / km_per_degree, lat


class MapFigure:
    """A map figure for one language, view and size; :meth:`draw` puts a day on it.

    The land, title and permalink are drawn once; each :meth:`draw` removes the
    previous day's artists, so animation frames reuse the figure and the
    projected geometry (cached per feature id).
    """

    def __init__(
        self,
        geo: GeoData,
        *,
        lang: str,
        bbox: BBox,
        size: tuple[int, int] = DEFAULT_SIZE,
        dpi: int = DPI,
        title: str | None = None,
        permalink: str | None = None,
    ) -> None:
        west, south, east, north = (float(v) for v in bbox)
        if not (west < east and south < north and south >= -90 and north <= 90):
            raise ValueError(f"bbox must be (west, south, east, north) with west < east, south < north: {bbox!r}")
        self.geo, self.lang, self.bbox = geo, lang, (west, south, east, north)
        self.rtl = lang in RTL
        self.families = list(font_families(lang))
        self.figure = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, facecolor=style.MARGIN_BACKGROUND)
        FigureCanvasAgg(self.figure)
        self._cache: dict[tuple[str, str], Any] = {}
        self._day_artists: list[Artist] = []
        self._layout(title, permalink)
        self._draw_land()
        self._draw_scale()  # depends on the view only: drawn once, kept for every day

    # ----- fixed parts -------------------------------------------------------------------
    def _text(self, axes: Any, x: float, y: float, text: str, **options: Any) -> Artist:
        options.setdefault("family", self.families)
        options.setdefault("color", style.TEXT_COLOUR)
        return axes.text(x, y, text, parse_math=False, **options)

    def _layout(self, title: str | None, permalink: str | None) -> None:
        """Map on one side, margin on the other (mirrored for right-to-left languages)."""
        map_box, margin_box = (0.015, 0.085, 0.70, 0.835), (0.73, 0.085, 0.255, 0.835)
        if self.rtl:
            map_box, margin_box = (1 - 0.015 - 0.70, *map_box[1:]), (0.015, *margin_box[1:])
        self.map_ax = self.figure.add_axes(map_box)
        self.margin_ax = self.figure.add_axes(margin_box)
        west, south, east, north = self.bbox
        (x0, y0), (x1, y1) = _mercator(np.array([[west, south], [east, north]]))
        self.map_ax.set_xlim(x0, x1)
        self.map_ax.set_ylim(y0, y1)
        self.map_ax.set_aspect("equal", adjustable="box", anchor="C")
        self.map_ax.set_facecolor(style.SEA_COLOUR)
        self.map_ax.set_xticks([])
        self.map_ax.set_yticks([])
        for spine in self.map_ax.spines.values():
            spine.set_edgecolor(style.LAND_EDGE)
        # The margin is laid out from its top-left corner in "units": pixels at 100 dpi, so the
        # layout keeps its proportions to the (point-sized) text at any dpi.
        units = 100 / self.figure.dpi
        width, height = self.margin_ax.bbox.width * units, self.margin_ax.bbox.height * units
        self.margin_size = (width, height)
        self.margin_ax.set_xlim(0, width)
        self.margin_ax.set_ylim(height, 0)
        self.margin_ax.set_axis_off()
        side = {"ha": "right", "x": 0.985} if self.rtl else {"ha": "left", "x": 0.015}
        heading = title if title is not None else t("app_title", self.lang)
        self._text(self.figure, side["x"], 0.955, heading, ha=side["ha"], va="center", fontsize=20, weight="bold")
        if permalink:
            self._text(
                self.figure,
                side["x"],
                0.018,
                t("export_permalink", self.lang, url=permalink),
                ha=side["ha"],
                va="bottom",
                fontsize=8.5,
                color=style.MUTED_TEXT_COLOUR,
            )

    def _cached(self, layer: str, ident: str, geometry: Any) -> Any:
        key = (layer, ident)
        if key not in self._cache:
            self._cache[key] = _project([geometry], self.bbox)[0]
        return self._cache[key]

    def _draw_land(self) -> None:
        west, south, east, north = self.bbox
        tb = self.geo.land_theatre.total_bounds if len(self.geo.land_theatre) else (0, 0, 0, 0)
        inside = tb[0] <= west and tb[1] <= south and east <= tb[2] and north <= tb[3]
        land = self.geo.land_theatre if inside else self.geo.land_world
        for geometry in _project(land.geometry, self.bbox):
            path = _polygon_path(geometry)
            if path is not None:
                self.map_ax.add_patch(
                    PathPatch(
                        path,
                        facecolor=style.LAND_FILL,
                        edgecolor=style.LAND_EDGE,
                        linewidth=0.5 * _PX,
                        zorder=_Z["land"],
                    )
                )

    # ----- the day -----------------------------------------------------------------------
    def draw(self, day_slice: DaySlice) -> None:
        """Replace the previous day (if any) with ``day_slice``."""
        for artist in self._day_artists:
            artist.remove()
        self._day_artists = []
        self._draw_territories(day_slice)
        parts_of = lambda g: _line_parts(_project([g], self.bbox)[0])  # noqa: E731 - the map's projection
        self._day_artists += draw_front_lines(self.map_ax, day_slice.front_lines, parts_of, _Z["territories"] + 0.5)
        self._draw_railways(day_slice)
        self._draw_movements(day_slice)
        self._draw_events(day_slice)
        self._draw_margin(day_slice)

    def _keep(self, artist: Artist) -> Artist:
        self._day_artists.append(artist)
        return artist

    def _draw_territories(self, day_slice: DaySlice) -> None:
        for row in day_slice.territories.itertuples(index=False):
            path = _polygon_path(self._cached("territory", row.id, row.geometry))
            if path is None:
                continue
            look = style.territory_style(row.holder, row.status)
            patch = PathPatch(
                path,
                facecolor=_rgba(look["fillColor"], look["fillOpacity"]),  # type: ignore[arg-type]
                edgecolor=_rgba(look["color"], look["opacity"]),  # type: ignore[arg-type]
                linewidth=float(look["weight"]) * _PX,  # type: ignore[arg-type]
                linestyle=_linestyle(look),
                zorder=_Z["territories"],
            )
            self._keep(self.map_ax.add_patch(patch))

    def _add_lines(self, parts: list[np.ndarray], look: dict[str, Any], layer: str) -> None:
        """Line parts drawn with the map's own line style (colour, width, dashes) at ``layer``'s depth."""
        if not parts:
            return
        lines = LineCollection(
            parts,
            colors=[_rgba(look["color"], look["opacity"])],  # type: ignore[arg-type]
            linewidths=float(look["weight"]) * _PX,  # type: ignore[arg-type]
            linestyles=_linestyle(look),
            zorder=_Z[layer],
        )
        self._keep(self.map_ax.add_collection(lines))

    def _draw_railways(self, day_slice: DaySlice) -> None:
        railways = day_slice.railways
        for state, look in style.RAILWAY_STYLES.items():
            rows = railways[railways["state"] == state] if len(railways) else railways
            segments = [
                part
                for row in rows.itertuples(index=False)
                for part in _line_parts(self._cached("railway", row.id, row.geometry))
            ]
            self._add_lines(segments, look, "railways")

    def _draw_movements(self, day_slice: DaySlice) -> None:
        for row in day_slice.movements.itertuples(index=False):
            look = style.movement_style(row.side, bool(row.finished))
            parts = _line_parts(_project([row.geometry], self.bbox)[0])
            self._add_lines(parts, look, "tracks")
        size = style.HEAD_SIZE_PX * _PX
        for row in day_slice.heads.itertuples(index=False):
            if row.geometry is None or row.geometry.is_empty:
                continue
            (x, y) = _mercator(np.array([[row.geometry.x, row.geometry.y]]))[0]
            (marker,) = self.map_ax.plot(
                [x],
                [y],
                linestyle="none",
                marker=_head_marker(row.bearing),
                markersize=size,
                markerfacecolor=style.side_colour(row.side),
                markeredgecolor=style.HEAD_EDGE,
                markeredgewidth=1.0,
                zorder=_Z["heads"],
            )
            self._keep(marker)

    def _draw_events(self, day_slice: DaySlice) -> None:
        events = shown_events(day_slice)
        if not len(events):
            return
        xy = _mercator(np.column_stack([events.geometry.x, events.geometry.y]))
        for (x, y), row in zip(xy, events.itertuples(index=False), strict=True):
            current, alpha = bool(row.current), float(row.opacity)
            size = (style.EVENT_SIZE_CURRENT_PX if current else style.EVENT_SIZE_PX) * _PX
            side = _text(row.side)
            self._keep(
                self.map_ax.scatter(
                    [x],
                    [y],
                    s=size**2,
                    c=[_rgba(style.side_colour(side), alpha)],
                    marker=style.SHAPE_MARKERS[style.side_shape(side)],
                    edgecolors=[_rgba(style.EVENT_EDGE_CURRENT if current else style.EVENT_EDGE, alpha)],
                    linewidths=2.5 if current else 1.5,
                    zorder=_Z["events"],
                )
            )
            glyph = style.KIND_GLYPHS.get(row.kind, style.KIND_GLYPHS["other"])
            self._keep(
                self._text(
                    self.map_ax,
                    x,
                    y,
                    glyph,
                    family=["DejaVu Sans"],
                    ha="center",
                    va="center",
                    fontsize=size * 0.5,
                    color=style.glyph_colour(style.side_colour(side)),
                    alpha=alpha,
                    zorder=_Z["events"],
                )
            )
            if current:
                self._label_event(x, y, row, size)

    def _label_event(self, x: float, y: float, row: Any, size: float) -> None:
        """Titles of the events under way, beside their markers, with a white halo."""
        from matplotlib import patheffects

        title = _text(getattr(row, f"title_{self.lang}", "")) or _text(row.title_en)
        offset = size * 0.75 * (-1 if self.rtl else 1)
        text = self.map_ax.annotate(
            title,
            (x, y),
            xytext=(offset, 0),
            textcoords="offset points",
            ha="right" if self.rtl else "left",
            va="center",
            fontsize=9,
            family=self.families,
            color=style.TEXT_COLOUR,
            zorder=_Z["labels"],
            annotation_clip=True,
            path_effects=[patheffects.withStroke(linewidth=3, foreground=style.HALO_COLOUR)],
            parse_math=False,  # a "$" in a title is a dollar, not mathtext
        )
        self._keep(text)

    def _draw_scale(self) -> None:
        km, length, lat = nice_scale(self.bbox)
        x0, x1 = self.map_ax.get_xlim()
        y0, y1 = self.map_ax.get_ylim()
        pad_x, pad_y = (x1 - x0) * 0.03, (y1 - y0) * 0.04
        start = x1 - pad_x - length if self.rtl else x0 + pad_x
        height = (y1 - y0) * 0.008
        for index, colour in enumerate(style.SCALEBAR_COLOURS):
            self.map_ax.add_patch(
                Rectangle(
                    (start + index * length / 2, y0 + pad_y),
                    length / 2,
                    height,
                    facecolor=colour,
                    edgecolor=style.SCALEBAR_COLOURS[0],
                    linewidth=0.8,
                    zorder=_Z["scale"],
                )
            )
        text = t("export_scale", self.lang, km=format_number(int(km), self.lang), lat=f"{lat:.0f}")
        self._text(
            self.map_ax,
            start + length / 2,
            y0 + pad_y + height * 1.8,
            text,
            ha="center",
            va="bottom",
            fontsize=8,
            zorder=_Z["scale"],
            bbox={"boxstyle": "round,pad=0.2", "fc": style.HALO_COLOUR, "ec": "none", "alpha": 0.7},
        )

    def _draw_margin(self, day_slice: DaySlice) -> None:
        """Date, caption, legend (in the margin axes, pixel units) and the sources footer."""
        width, height = self.margin_size
        x, ha = (width - 4, "right") if self.rtl else (4, "left")
        ax = self.margin_ax
        heading, second = date_lines(day_slice.day, self.lang)
        self._keep(self._text(ax, x, 8, heading, ha=ha, va="top", fontsize=16, weight="bold"))
        self._keep(self._text(ax, x, 40, second, ha=ha, va="top", fontsize=9.5, color=style.MUTED_TEXT_COLOUR))
        # One artist per line: Arabic fonts have taller line boxes, so matplotlib's own
        # multi-line spacing would differ between languages and overlap what follows.
        lines = [line for part in caption_lines(day_slice, self.lang) for line in _wrap(part, width, 10.5)]
        for index, line in enumerate(lines):
            self._keep(self._text(ax, x, 64 + 20 * index, line, ha=ha, va="top", fontsize=10.5))
        top = 64 + 20 * len(lines) + 16
        entries = legend_entries(day_slice, self.lang)
        if entries:
            self._keep(self._text(ax, x, top, t("legend", self.lang), ha=ha, va="top", fontsize=12, weight="bold"))
            top += 26
            texts = [_wrap(entry.text, width - 46, 9.5) for entry in entries]
            heights = [24.0 + 14.0 * (len(lines) - 1) for lines in texts]
            scale = min(1.0, (height - top) / sum(heights))
            for entry, lines, row in zip(entries, texts, heights, strict=True):
                self._legend_row(entry, lines, top + row * scale / 2, scale)
                top += row * scale
        footer_x, footer_ha = (0.985, "right") if self.rtl else (0.015, "left")
        self._keep(
            self._text(
                self.figure,
                footer_x,
                0.045,
                sources_line(day_slice, self.lang),
                ha=footer_ha,
                va="bottom",
                fontsize=8.5,
                color=style.MUTED_TEXT_COLOUR,
            )
        )

    def _legend_row(self, entry: LegendEntry, lines: list[str], y: float, scale: float) -> None:
        """One legend symbol (34 px wide) and its text, mirrored for RTL."""
        width, _ = self.margin_size
        ax = self.margin_ax
        sym0, sym1 = (width - 38, width - 4) if self.rtl else (4, 38)
        centre = (sym0 + sym1) / 2
        text_x, ha = (sym0 - 8, "right") if self.rtl else (sym1 + 8, "left")
        options = entry.options
        if entry.kind == "territory":
            self._keep(
                ax.add_patch(
                    Rectangle(
                        (sym0, y - 7 * scale),
                        sym1 - sym0,
                        14 * scale,
                        facecolor=_rgba(options["fillColor"], options["fillOpacity"]),
                        edgecolor=_rgba(options["color"], options["opacity"]),
                        linewidth=float(options["weight"]) * _PX,
                        linestyle=_linestyle(options),
                    )
                )
            )
        elif entry.kind in ("railway", "track"):
            (line,) = ax.plot(
                [sym0, sym1],
                [y, y],
                color=options["color"],
                alpha=float(options["opacity"]),
                linewidth=float(options["weight"]) * _PX,
                linestyle=_linestyle(options),
            )
            self._keep(line)
        elif entry.kind == "head":
            (marker,) = ax.plot(
                [centre],
                [y],
                linestyle="none",
                marker=_head_marker(90),
                markersize=16 * scale,
                markerfacecolor=style.side_colour(options["side"]),
                markeredgecolor=style.HEAD_EDGE,
            )
            self._keep(marker)
        elif entry.kind == "event":
            self._keep(
                self._text(
                    ax,
                    centre,
                    y,
                    options["glyph"],
                    family=["DejaVu Sans"],
                    ha="center",
                    va="center",
                    fontsize=12 * scale,
                    color=style.TEXT_COLOUR,  # the kind alone: no shape, which would name a side
                )
            )
        elif entry.kind == "side":
            self._keep(
                ax.scatter(
                    [centre],
                    [y],
                    s=(14 * scale) ** 2,
                    c=[style.side_colour(options["side"])],
                    marker=style.SHAPE_MARKERS[options["shape"]],
                    edgecolors=[style.EVENT_EDGE_CURRENT],
                    linewidths=1.0,
                )
            )
        elif entry.kind == "event_state":
            current = options["current"]
            self._keep(
                ax.scatter(
                    [centre],
                    [y],
                    s=((20 if current else 15) * scale) ** 2,
                    c=[_rgba(style.side_colour("other"), 1.0 if current else 0.45)],
                    edgecolors=[style.EVENT_EDGE_CURRENT if current else style.EVENT_EDGE],
                    linewidths=2.0 if current else 1.0,
                )
            )
        step = 14 * scale
        for index, line in enumerate(lines):
            line_y = y + (index - (len(lines) - 1) / 2) * step
            self._keep(self._text(ax, text_x, line_y, line, ha=ha, va="center", fontsize=9.5 * max(scale, 0.7)))

    # ----- output -------------------------------------------------------------------------
    def to_bytes(self, fmt: str) -> bytes:
        """The figure as PNG, SVG (text kept as text) or PDF (TrueType fonts embedded)."""
        if fmt not in STATIC_FORMATS:
            raise ValueError(f"format {fmt!r} is not one of {', '.join(STATIC_FORMATS)}")
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else None
        with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "rjw"}):
            self.figure.savefig(buffer, format=fmt, dpi=self.figure.dpi, metadata=metadata)
        return buffer.getvalue()

    def to_rgb(self) -> np.ndarray:
        """The figure as an (height, width, 3) uint8 array, for animation frames."""
        canvas = self.figure.canvas
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    def close(self) -> None:
        self.figure.clear()


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
    figure = MapFigure(geo, lang=lang, bbox=tuple(bbox), size=size, dpi=dpi, title=title, permalink=permalink)  # type: ignore[arg-type]
    try:
        figure.draw(day_slice)
        return figure.to_bytes(fmt)
    finally:
        figure.close()
