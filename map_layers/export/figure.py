"""The map figure of static and animated exports: layout, land, the day's layers, scale bar.

Drawn in Web Mercator (:mod:`map_layers.mercator`, the projection of the live map), so a
bbox taken from the screen shows the same picture. :class:`MapFigure` keeps the figure
between days so the animation exporter redraws only what changes.
"""

from __future__ import annotations

import io
import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch, Rectangle
from pyproj import Geod
from shapely.geometry import LineString

from map_layers import style
from map_layers.export import STATIC_FORMATS
from map_layers.export.fonts import font_families
from map_layers.export.front import draw_front_lines
from map_layers.export.margin import draw_margin, text_of
from map_layers.export.place_labels import PlaceLabeller
from map_layers.export.shapes import (
    PX,
    BBox,
    head_marker,
    line_parts,
    linestyle,
    polygon_path,
    project_clipped,
    rgba,
)
from map_layers.geodata import GeoData
from map_layers.i18n import RTL, format_number, t
from map_layers.legend import carried_by_sea, shown_events
from map_layers.mercator import project
from map_layers.movement import mode_parts
from map_layers.timeslice import DaySlice

DEFAULT_SIZE = (1600, 1000)  # pixels at DPI
DPI = 100

_GEOD = Geod(ellps="WGS84")
_Z = {
    "land": 1,
    "rivers": 1.5,
    "places": 5.5,
    "territories": 2,
    "railways": 3,
    "tracks": 4,
    "heads": 5,
    "events": 6,
    "labels": 7,
    "scale": 8,
}


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


def _boxes_overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


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
        labels: bool = True,
    ) -> None:
        west, south, east, north = (float(v) for v in bbox)
        if not (west < east and south < north and south >= -90 and north <= 90):
            raise ValueError(f"bbox must be (west, south, east, north) with west < east, south < north: {bbox!r}")
        self.geo, self.lang, self.bbox = geo, lang, (west, south, east, north)
        self.rtl = lang in RTL
        self.families = list(font_families(lang))
        self.figure = Figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi, facecolor=style.MARGIN_BACKGROUND)
        self.canvas = FigureCanvasAgg(self.figure)  # typed: Figure.canvas is only FigureCanvasBase
        self._cache: dict[tuple[str, str], Any] = {}
        self._day_artists: list[Artist] = []
        self._layout(title, permalink)
        self._draw_land()
        self._draw_scale()  # depends on the view only: drawn once, kept for every day
        self._obstacles: list[tuple[float, float, float, float]] = []
        self.labeller = PlaceLabeller(self.map_ax, geo, self.bbox, lang, self.families) if labels else None
        if self.labeller is not None:
            self.labeller.draw_rivers(_Z["rivers"])

    # ----- fixed parts -------------------------------------------------------------------
    def text(self, axes: Any, x: float, y: float, text: str, **options: Any) -> Artist:
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
        (x0, y0), (x1, y1) = project(np.array([[west, south], [east, north]]))
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
        x, ha = (0.985, "right") if self.rtl else (0.015, "left")
        heading = title if title is not None else t("app_title", self.lang)
        self.text(self.figure, x, 0.955, heading, ha=ha, va="center", fontsize=20, weight="bold")
        if permalink:
            self.text(
                self.figure,
                x,
                0.018,
                t("export_permalink", self.lang, url=permalink),
                ha=ha,
                va="bottom",
                fontsize=8.5,
                color=style.MUTED_TEXT_COLOUR,
            )

    def _cached(self, layer: str, ident: str, geometry: Any) -> Any:
        key = (layer, ident)
        if key not in self._cache:
            self._cache[key] = project_clipped([geometry], self.bbox)[0]
        return self._cache[key]

    def _draw_land(self) -> None:
        west, south, east, north = self.bbox
        tb = self.geo.land_theatre.total_bounds if len(self.geo.land_theatre) else (0, 0, 0, 0)
        inside = tb[0] <= west and tb[1] <= south and east <= tb[2] and north <= tb[3]
        land = self.geo.land_theatre if inside else self.geo.land_world
        for geometry in project_clipped(land.geometry, self.bbox):
            path = polygon_path(geometry)
            if path is not None:
                self.map_ax.add_patch(
                    PathPatch(
                        path,
                        facecolor=style.LAND_FILL,
                        edgecolor=style.LAND_EDGE,
                        linewidth=0.5 * PX,
                        zorder=_Z["land"],
                    )
                )

    # ----- the day -----------------------------------------------------------------------
    def draw(self, day_slice: DaySlice) -> None:
        """Replace the previous day (if any) with ``day_slice``."""
        for artist in self._day_artists:
            artist.remove()
        self._day_artists = []
        self._obstacles = []
        self._title_boxes: list[tuple[float, float, float, float]] = []
        self._draw_territories(day_slice)
        parts_of = lambda g: line_parts(project_clipped([g], self.bbox)[0])  # noqa: E731 - the map's projection
        self._day_artists += draw_front_lines(self.map_ax, day_slice.front_lines, parts_of, _Z["territories"] + 0.5)
        self._draw_railways(day_slice)
        self._draw_movements(day_slice)
        self._draw_events(day_slice)
        if self.labeller is not None:
            self._draw_places(day_slice)
        draw_margin(self, day_slice)

    def _marker_box(self, x: float, y: float, size_pt: float) -> None:
        """Keep place names off a marker of ``size_pt`` points at data (x, y)."""
        px, py = self.map_ax.transData.transform((x, y))
        half = size_pt * self.figure.dpi / 72 / 2 + 1
        self._obstacles.append((px - half, py - half, px + half, py + half))

    def _draw_places(self, day_slice: DaySlice) -> None:
        """Place names of the day, clear of markers, event titles and the scale bar."""
        renderer = self.canvas.get_renderer()
        (bx0, by0), (bx1, by1) = self.map_ax.transData.transform(np.reshape(self._scale_box, (2, 2)))
        boxes = [(bx0, by0, bx1, by1)]
        for artist in (*self._day_artists, *self._scale_artists):
            if isinstance(artist, matplotlib.text.Text):
                extent = artist.get_window_extent(renderer)
                boxes.append((extent.x0, extent.y0, extent.x1, extent.y1))
        names = self.labeller.draw_names(day_slice.day, boxes, _Z["places"], markers=self._obstacles)  # type: ignore[union-attr]
        for artist in names:
            self.keep(artist)

    def keep(self, artist: Artist) -> Artist:
        self._day_artists.append(artist)
        return artist

    def _draw_territories(self, day_slice: DaySlice) -> None:
        for row in day_slice.territories.itertuples(index=False):
            path = polygon_path(self._cached("territory", row.id, row.geometry))
            if path is None:
                continue
            look = style.territory_style(row.holder, row.status)
            patch = PathPatch(
                path,
                facecolor=rgba(look["fillColor"], look["fillOpacity"]),  # type: ignore[arg-type]
                edgecolor=rgba(look["color"], look["opacity"]),  # type: ignore[arg-type]
                linewidth=float(look["weight"]) * PX,  # type: ignore[arg-type]
                linestyle=linestyle(look),
                zorder=_Z["territories"],
            )
            self.keep(self.map_ax.add_patch(patch))

    def _add_lines(self, parts: list[np.ndarray], look: dict[str, Any], layer: str) -> None:
        """Line parts drawn with the map's own line style (colour, width, dashes) at ``layer``'s depth."""
        if not parts:
            return
        lines = LineCollection(
            parts,
            colors=[rgba(look["color"], look["opacity"])],
            linewidths=float(look["weight"]) * PX,
            linestyles=linestyle(look),
            zorder=_Z[layer],
        )
        self.keep(self.map_ax.add_collection(lines))

    def _draw_railways(self, day_slice: DaySlice) -> None:
        railways = day_slice.railways
        for state, look in style.RAILWAY_STYLES.items():
            rows = railways[railways["state"] == state] if len(railways) else railways
            segments = [
                part
                for row in rows.itertuples(index=False)
                for part in line_parts(self._cached("railway", row.id, row.geometry))
            ]
            self._add_lines(segments, look, "railways")

    def _draw_movements(self, day_slice: DaySlice) -> None:
        for row in day_slice.movements.itertuples(index=False):
            runs: list[tuple[str, np.ndarray | None]] = []
            if carried_by_sea(row):
                runs += mode_parts(np.asarray(row.geometry.coords), row.modes)
            for mode, run in runs or [("land", None)]:
                sea = mode == "sea"
                look = (style.sea_leg_style if sea else style.movement_style)(row.side, bool(row.finished))
                line = row.geometry if run is None else LineString(run)
                self._add_lines(line_parts(project_clipped([line], self.bbox)[0]), look, "tracks")
        size = style.HEAD_SIZE_PX * PX
        for row in day_slice.heads.itertuples(index=False):
            if row.geometry is None or row.geometry.is_empty:
                continue
            (x, y) = project(np.array([[row.geometry.x, row.geometry.y]]))[0]
            self._marker_box(x, y, size)
            (marker,) = self.map_ax.plot(
                [x],
                [y],
                linestyle="none",
                marker=head_marker(row.bearing),
                markersize=size,
                markerfacecolor=style.side_colour(row.side),
                markeredgecolor=style.HEAD_EDGE,
                markeredgewidth=1.0,
                zorder=_Z["heads"],
            )
            self.keep(marker)

    def _draw_events(self, day_slice: DaySlice) -> None:
        events = shown_events(day_slice)
        if not len(events):
            return
        xy = project(np.column_stack([events.geometry.x, events.geometry.y]))
        for (x, y), row in zip(xy, events.itertuples(index=False), strict=True):
            current, alpha = bool(row.current), float(row.opacity)
            size = (style.EVENT_SIZE_CURRENT_PX if current else style.EVENT_SIZE_PX) * PX
            side = text_of(row.side)
            self._marker_box(x, y, size * 1.25)
            self.keep(
                self.map_ax.scatter(
                    [x],
                    [y],
                    s=size**2,
                    c=[rgba(style.side_colour(side), alpha)],
                    marker=style.SHAPE_MARKERS[style.side_shape(side)],  # the side, without colour or letters
                    edgecolors=[rgba(style.EVENT_EDGE_CURRENT if current else style.EVENT_EDGE, alpha)],
                    linewidths=2.5 if current else 1.5,
                    zorder=_Z["events"],
                )
            )
            glyph = style.KIND_GLYPHS.get(row.kind, style.KIND_GLYPHS["other"])
            self.keep(
                self.text(
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

        title = text_of(getattr(row, f"title_{self.lang}", "")) or text_of(row.title_en)
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
            gid=f"event-title-{row.id}",
        )
        self.keep(text)
        # Two events under way at one place (Chemulpo, 9 Feb 1904) would print their titles on
        # top of each other: step a title down a line until it is clear of the titles before it.
        renderer = self.canvas.get_renderer()
        step = 9 * 1.3
        for attempt in range(1, 6):
            extent = text.get_window_extent(renderer)
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            if not any(_boxes_overlap(box, other) for other in self._title_boxes):
                break
            text.xyann = (offset, -step * attempt)
        self._title_boxes.append(box)

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
        self._scale_box = (start, y0 + pad_y, start + length, y0 + pad_y + height)
        self._scale_artists = [
            self.text(
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
        ]

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
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()

    def close(self) -> None:
        self.figure.clear()
