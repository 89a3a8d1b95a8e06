"""Place names on static and animated exports: the live map's ranks, no overlaps, text kept as text.

The same rule as the live map decides what shows (:data:`map_layers.places.RANK_MIN_ZOOM`,
applied to the zoom the export's map panel corresponds to), in the same order
(:func:`map_layers.places.label_order`). Placement is a greedy pass in display pixels
using each text's real extent from matplotlib's renderer: deterministic, a few
milliseconds per frame, and it never moves a label away from its place (adjustText
iterates, is not deterministic across versions, and leaves overlaps when it gives up).
Names are plain text artists, so SVG and PDF keep them searchable; Arabic goes in raw
(matplotlib shapes it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.collections import LineCollection
from matplotlib.text import Text

from map_layers.export.shapes import PX
from map_layers.mercator import project, zoom_for
from map_layers.places import AREA_KINDS, label_order, places_on, ranks_at

RIVER_COLOUR = "#6f9cc4"
WATER_COLOUR = "#2f6690"
AREA_COLOUR = "#6b5a48"
TEXT_COLOUR = "#262626"
# The halo is a second artist drawn only as an outline (a path), so the name itself stays one
# plain text object that PDF and SVG readers can search (matplotlib draws text that carries
# path effects as paths).
HALO = [patheffects.Stroke(linewidth=2.6, foreground="white")]
GAP_PT = 3.5  # between a place's dot and its name
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels


@dataclass(frozen=True)
class Candidate:
    """Where a label could go: its text position and alignment, and its box on screen."""

    xy: tuple[float, float]  # display pixels of the text's alignment point
    ha: str
    va: str
    rotation: float
    box: Box
    bare: bool = False  # no dot: a marker on the place stands for it


def look(kind: str, rank: int, lang: str) -> dict[str, Any]:
    """Text properties by kind: water italic blue, regions spaced capitals, capitals bold."""
    props: dict[str, Any] = {"fontsize": 8.5, "color": TEXT_COLOUR, "weight": "normal", "style": "normal"}
    if kind in ("sea", "gulf", "bay", "strait", "lake", "river"):
        props.update(color=WATER_COLOUR, fontsize=10 if rank == 1 and kind == "sea" else 8.5)
    elif kind in ("region", "peninsula", "island"):
        props.update(color=AREA_COLOUR, fontsize=10 if rank == 1 else 8.5)
    elif kind == "capital":
        props.update(weight="bold", fontsize=9.5)
    elif kind == "town":
        props.update(fontsize=8)
    if lang != "ar" and kind in ("sea", "gulf", "bay", "strait", "lake", "river"):
        props["style"] = "italic"  # Arabic fonts have no italic: colour marks water there
    return props


def shown_text(name: str, kind: str, lang: str) -> str:
    """Regions in capitals (English): the atlas convention matplotlib's fonts can draw."""
    return name.upper() if lang != "ar" and kind in ("region",) else name


def overlaps(a: Box, b: Box, pad: float = 1.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


class PlaceLabeller:
    """Draws the rivers (once) and each day's names on a map axes, avoiding given boxes."""

    def __init__(self, ax: Any, geo: Any, bbox: tuple[float, float, float, float], lang: str, families: list[str]):
        self.ax, self.lang, self.families = ax, lang, families
        self.rtl = lang == "ar"
        self.figure = ax.figure
        self.renderer = self.figure.canvas.get_renderer()
        ax.apply_aspect()
        west, _, east, _ = bbox
        width_px = ax.get_window_extent().width * 96 / self.figure.dpi  # CSS pixels, as Leaflet counts
        self.zoom = zoom_for(width_px, west, east)
        ranks = set(ranks_at(self.zoom))
        self.places = geo.places[geo.places["rank"].isin(ranks)] if len(geo.places) else geo.places
        self.rivers = geo.rivers[geo.rivers["rank"].isin(ranks)] if len(geo.rivers) else geo.rivers
        self._sizes: dict[tuple[str, str], tuple[float, float]] = {}
        self.river_paths = {row.id: project(np.asarray(row.geometry.coords)) for row in geo.rivers.itertuples()}

    def draw_rivers(self, zorder: float) -> None:
        """Every river of the gazetteer as a thin blue line (all ranks: a line costs no room)."""
        if self.river_paths:
            lines = LineCollection(
                list(self.river_paths.values()), colors=RIVER_COLOUR, linewidths=1.4 * PX, zorder=zorder
            )
            self.ax.add_collection(lines)

    def _size(self, ident: str, text: str, props: dict[str, Any]) -> tuple[float, float]:
        """Width and height in display pixels of ``text`` set unrotated (cached per place)."""
        key = (ident, text)
        if key not in self._sizes:
            probe = Text(0, 0, text, family=self.families, parse_math=False, **props)
            probe.set_figure(self.figure)
            extent = probe.get_window_extent(self.renderer)
            self._sizes[key] = (extent.width + 2, extent.height)
        return self._sizes[key]

    def _point_candidates(self, p: np.ndarray, w: float, h: float) -> list[Candidate]:
        gap = GAP_PT * self.figure.dpi / 72
        x, y = p
        east = Candidate((x + gap, y), "left", "center", 0, (x + gap, y - h / 2, x + gap + w, y + h / 2))
        west = Candidate((x - gap, y), "right", "center", 0, (x - gap - w, y - h / 2, x - gap, y + h / 2))
        north = Candidate(
            (x, y + gap * 0.6), "center", "bottom", 0, (x - w / 2, y + gap * 0.6, x + w / 2, y + gap * 0.6 + h)
        )
        south = Candidate(
            (x, y - gap * 0.6), "center", "top", 0, (x - w / 2, y - gap * 0.6 - h, x + w / 2, y - gap * 0.6)
        )
        return [west, east, north, south] if self.rtl else [east, west, north, south]

    def _beside(self, box: Box, w: float, h: float) -> list[Candidate]:
        """Boxes beside a marker that stands on the place (an event there): the marker is its dot."""
        x0, y0, x1, y1 = box
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        east = Candidate((x1 + 2, my), "left", "center", 0, (x1 + 2, my - h / 2, x1 + 2 + w, my + h / 2))
        west = Candidate((x0 - 2, my), "right", "center", 0, (x0 - 2 - w, my - h / 2, x0 - 2, my + h / 2))
        north = Candidate((mx, y1 + 2), "center", "bottom", 0, (mx - w / 2, y1 + 2, mx + w / 2, y1 + 2 + h))
        south = Candidate((mx, y0 - 2), "center", "top", 0, (mx - w / 2, y0 - 2 - h, mx + w / 2, y0 - 2))
        return [west, east, north, south] if self.rtl else [east, west, north, south]

    def _area_candidates(self, p: np.ndarray, w: float, h: float) -> list[Candidate]:
        out = []
        for dx, dy in ((0, 0), (0, h), (0, -h), (-w / 3, 0), (w / 3, 0)):
            x, y = p[0] + dx, p[1] + dy
            out.append(Candidate((x, y), "center", "center", 0, (x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
        return out

    def _river_candidates(self, ident: str, anchor: np.ndarray, w: float, h: float) -> list[Candidate]:
        points = self.ax.transData.transform(self.river_paths[ident])
        segments = sorted(
            range(len(points) - 1), key=lambda k: float(np.hypot(*((points[k] + points[k + 1]) / 2 - anchor)))
        )
        out = []
        for k in segments[:16]:
            (ax_, ay), (bx, by) = points[k], points[k + 1]
            angle = math.atan2(by - ay, bx - ax_)
            if angle > math.pi / 2:
                angle -= math.pi
            if angle <= -math.pi / 2:
                angle += math.pi
            cx, cy = (ax_ + bx) / 2, (ay + by) / 2
            off = h / 2 + 1.5  # above the line (display y runs up)
            cx, cy = cx - math.sin(angle) * off, cy + math.cos(angle) * off
            c, s = abs(math.cos(angle)), abs(math.sin(angle))
            bw, bh = w * c + h * s, w * s + h * c
            box = (cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2)
            out.append(Candidate((cx, cy), "center", "center", math.degrees(angle), box))
        return out

    def draw_names(self, day: date, obstacles: list[Box], zorder: float, markers: Sequence[Box] = ()) -> list[Any]:
        """The names in use on ``day`` that fit, in rank order; returns the artists drawn.

        ``obstacles`` and ``markers`` are boxes in display pixels that no name may cover; a
        place under one of the ``markers`` is named beside it, without its own dot.
        """
        frame = self.ax.get_window_extent()
        inside = (frame.x0 + 2, frame.y0 + 2, frame.x1 - 2, frame.y1 - 2)
        taken: list[Box] = [*obstacles, *markers]
        artists: list[Any] = []
        field = f"name_{self.lang}"
        items = [(row, False) for row in places_on(self.places, day).itertuples()]
        items += [(row, True) for row in places_on(self.rivers, day).itertuples()]
        items.sort(key=lambda item: label_order(item[0].kind, item[0].rank, item[0].id))
        for row, is_river in items:
            props = look(row.kind, row.rank, self.lang)
            text = shown_text(getattr(row, field) or row.name_en, row.kind, self.lang)
            w, h = self._size(row.id, text, props)
            if is_river:
                anchor = self.ax.transData.transform(project(np.array([[row.label_lon, row.label_lat]])))[0]
                candidates = self._river_candidates(row.id, anchor, w, h)
            else:
                p = self.ax.transData.transform(project(np.array([[row.geometry.x, row.geometry.y]])))[0]
                area = row.kind in AREA_KINDS
                candidates = self._area_candidates(p, w, h) if area else self._point_candidates(p, w, h)
                hosts = [] if area else [o for o in markers if o[0] <= p[0] <= o[2] and o[1] <= p[1] <= o[3]]
                if hosts:  # markers on the place: name it beside all of them
                    x0, y0 = min(o[0] for o in hosts), min(o[1] for o in hosts)
                    x1, y1 = max(o[2] for o in hosts), max(o[3] for o in hosts)
                    candidates = [replace(c, bare=True) for c in self._beside((x0, y0, x1, y1), w, h)]
            for candidate in candidates:
                box = candidate.box
                if box[0] < inside[0] or box[1] < inside[1] or box[2] > inside[2] or box[3] > inside[3]:
                    continue
                if any(overlaps(box, other) for other in taken):
                    continue
                taken.append(box)
                artists.extend(self._draw(row, is_river, text, props, candidate, zorder))
                break
        return artists

    def _draw(
        self, row: Any, is_river: bool, text: str, props: dict[str, Any], at: Candidate, zorder: float
    ) -> list[Any]:
        drawn: list[Any] = []
        if not is_river and row.kind not in AREA_KINDS and not at.bare:
            x, y = project(np.array([[row.geometry.x, row.geometry.y]]))[0]
            capital = row.kind == "capital"
            (dot,) = self.ax.plot(
                [x], [y], linestyle="none", marker="s" if capital else "o",
                markersize=4.2 if capital else 3.6, markerfacecolor="white" if capital else TEXT_COLOUR,
                markeredgecolor=TEXT_COLOUR if capital else "white", markeredgewidth=0.9, zorder=zorder,
            )  # fmt: skip
            drawn.append(dot)
        x, y = self.ax.transData.inverted().transform(at.xy)
        common = {"ha": at.ha, "va": at.va, "rotation": at.rotation, "rotation_mode": "anchor", "parse_math": False}
        halo = self.ax.text(x, y, text, family=self.families, path_effects=HALO, zorder=zorder, **common, **props)
        artist = self.ax.text(x, y, text, family=self.families, zorder=zorder, gid=f"place-{row.id}", **common, **props)
        drawn.extend((halo, artist))
        return drawn
