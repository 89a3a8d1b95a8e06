"""River courses for geodata/rivers.geojson, traced on a real hydrography with a hand-drawn guide.

The hydrography is GSHHG 2.3.7 (Wessel & Smith; LGPL-3+) at full resolution, from the Debian
package ``gmt-gshhg-full``, read through GMT's ``gmt coast`` (Debian package ``gmt``):

* WDBII single-line rivers, levels 1-4 (permanent rivers, ``gmt coast -Ir -M``; level 0, the
  outline of double-lined rivers, is taken as polygons instead), and
* the GSHHS level-2 shorelines: lakes, reservoirs and the "river-lakes" that draw a wide river
  (the Amur below the Sungari, the lower Sungari) as two banks (``gmt coast -W -A0/2/2 -M``).
  A polygon's centre line (its medial axis: the Voronoi edges of its densified shore that lie
  inside it) stands for the river through it.

GSHHG names no river, so ``tools/data/river_guides.csv`` (the earlier hand-digitised courses,
through the towns on each river) picks each river's lines. Per river, in a metric projection
centred on it:

1. every line and centre line within ``CORRIDOR_KM`` of the guide becomes a graph (vertices
   snapped to 1 m; a line's end joins the nearest vertex of another line within ``JOIN_KM``;
   as a last resort, two ends up to ``GAP_KM`` apart are bridged at ``GAP_COST`` times the cost);
2. an edge costs its length times ``1 + (d / GUIDE_KM)**2``, ``d`` its distance from the guide,
   so that of two branches the one the guide follows wins;
3. the course is the cheapest path from a vertex near the guide's first point (``SOURCE_KM``)
   to the mouth: for a river that reaches the sea, a vertex on the GSHHS sea shore near the
   guide's last point; for a tributary, a vertex on its parent's traced course (``MOUTHS``), its
   last point snapped onto that course;
4. where the guide goes on seaward of the traced mouth (an estuary that GSHHG leaves blank or
   draws as sea: the Yalu below Sinuiju, the Han below Haengju, the Taedong below Songnim,
   the Amur liman), the guide's tail is appended, so the river reaches the map's coast;
5. Douglas-Peucker at ``SIMPLIFY_M``; coordinates rounded to 1e-4 degrees by the writer.

A river that GSHHG lacks (the Taizi is not in WDBII at any level) keeps its guide, and its
``course`` property says so. The 1904 courses: the reservoirs (Sup'ung on the Yalu, Fengman
on the Sungari, Dahuofang on the Hun, Paldang and Chungju on the Han) post-date the war; their
centre lines stand for the drowned valleys.

Usage:  python tools/build_rivers.py   (prints each river's course summary;
        the courses are written by tools/build_places.py, which calls :func:`courses`)
Needs:  apt-get install gmt gmt-gshhg-full
"""

from __future__ import annotations

import itertools
import math
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiPoint, Point, Polygon
from shapely.ops import linemerge, unary_union

ROOT = Path(__file__).resolve().parent.parent
GUIDES_CSV = ROOT / "tools" / "data" / "river_guides.csv"

CORRIDOR_KM = 60.0  # lines this far from the guide are candidates
GUIDE_KM = 10.0  # the distance from the guide at which an edge costs double
JOIN_KM = 1.5  # a line's end joins another line this close (a confluence drawn with a small gap)
LAKE_JOIN_KM = 3.0  # a line's end joins a lake's or river-lake's centre line this close
GAP_KM = 12.0  # last resort: bridge two line ends this far apart ...
GAP_COST = 4.0  # ... at this many times the cost
SOURCE_KM = 30.0  # where the course may start, around the guide's first point
MOUTH_KM = 60.0  # where the course may end, around the guide's last point
START_WEIGHT = 10.0  # cost per metre between the chosen start and the guide's first point
END_WEIGHT = 5.0  # cost per metre between the chosen mouth on the coast and the guide's last point
CONFLUENCE_WEIGHT = 1.0  # the same for a tributary: no cheaper to run along the parent than to stop
SHORE_KM = 3.0  # a vertex this close to the GSHHS sea shore is on the coast
PARENT_KM = 1.5  # a vertex this close to the parent's course is at the confluence
ESTUARY_KM = 3.0  # a traced mouth this far short of the guide's mouth gets the guide's tail
NEAR_WATER_KM = 4.0  # a single line this close to (or inside) a lake or river-lake ...
NEAR_WATER_COST = 3.0  # ... costs this many times more: through a river-lake its centre line wins over side channels
SKELETON_STEP_M = 150.0  # shore densification for the centre lines of lakes and river-lakes
SIMPLIFY_M = 250.0  # Douglas-Peucker tolerance
MARGIN_DEG = 1.0  # the GMT region: the guides' bounds plus this

# Where each river ends: "sea", or the river it flows into (traced before it).
MOUTHS = {
    "amur": "sea",
    "sungari": "amur",
    "ussuri": "amur",
    "liao": "sea",
    "hun": "liao",
    "taizi": "hun",
    "yalu": "sea",
    "tumen": "sea",
    "taedong": "sea",
    "han": "sea",
}
# Rivers that GSHHG lacks at every level (checked with gmt coast -Ia): their guide is their course.
GUIDE_ONLY = frozenset({"taizi"})
# A traced course must pass near its guide's vertices (towns and bends): their median distance
# from it, km. Past this the trace took another river, and the build stops.
GUIDE_MEDIAN_KM = 8.0
SOURCE_TEXT = (
    "GSHHG {version} WDBII rivers and GSHHS lake/river-lake shores, full resolution "
    "(Wessel & Smith, LGPL-3+; Debian gmt-gshhg-full via GMT), traced along the hand-drawn guide"
)


class GmtMissing(RuntimeError):
    """GMT or GSHHG's full resolution is not installed."""


@dataclass
class Hydrography:
    """GSHHG's lines and water polygons for a region, in longitude/latitude."""

    rivers: list[LineString]
    water: list[Polygon]
    shore: list[LineString]  # the sea shore (GSHHS level 1)
    version: str


@dataclass
class Course:
    river: str
    lonlats: list[tuple[float, float]]
    source: str
    estuary_km: float = 0.0
    gaps_km: list[float] = field(default_factory=list)
    traced: bool = True
    traced_mouth: tuple[float, float] | None = None  # where GSHHG's line ends, before any estuary


# ----- reading GSHHG through GMT -----------------------------------------------------------


def gshhg_version() -> str:
    """The installed GSHHG version (from the Debian package), or "2.3.7" where dpkg cannot tell."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "gmt-gshhg-full"], capture_output=True, text=True, check=False
        )
    except OSError:
        return "2.3.7"
    return out.stdout.split("-")[0].strip() or "2.3.7"


def _gmt_lines(args: Sequence[str]) -> list[tuple[int, list[tuple[float, float]]]]:
    """``gmt coast ... -M`` output as (level, [(lon, lat), ...]) segments."""
    gmt = shutil.which("gmt")
    if gmt is None:
        raise GmtMissing("GMT is not installed; install it with: apt-get install gmt gmt-gshhg-full")
    with tempfile.TemporaryDirectory() as work:  # GMT writes gmt.history into its working directory
        done = subprocess.run([gmt, "coast", *args, "-Df", "-M"], capture_output=True, text=True, cwd=work, check=False)
    if done.returncode != 0:
        raise GmtMissing(
            f"gmt coast failed ({done.stderr.strip()[:300]}); "
            "full-resolution GSHHG needs: apt-get install gmt-gshhg-full"
        )
    segments: list[tuple[int, list[tuple[float, float]]]] = []
    for line in done.stdout.splitlines():
        if line.startswith(">"):
            segments.append((int(line.rsplit(None, 1)[-1]), []))
        elif line.strip():
            lon, lat = line.split()[:2]
            segments[-1][1].append((float(lon), float(lat)))
    return segments


def _rings(pieces: list[list[tuple[float, float]]]) -> list[Polygon]:
    """GMT dumps shorelines cut at its 1-degree bins: merge the pieces back into closed polygons."""
    merged = linemerge(unary_union([LineString(p) for p in pieces if len(p) >= 2]))
    lines = list(getattr(merged, "geoms", [merged]))
    return [Polygon(line.coords) for line in lines if line.is_ring and len(line.coords) >= 4]


def read_hydrography(bounds: tuple[float, float, float, float]) -> Hydrography:
    west, south, east, north = bounds
    region = f"-R{west:g}/{east:g}/{south:g}/{north:g}"
    rivers = [LineString(c) for level, c in _gmt_lines([region, "-Ir"]) if 1 <= level <= 4 and len(c) >= 2]
    lakes = [c for level, c in _gmt_lines([region, "-W", "-A0/2/2"]) if level == 2]
    shore = [LineString(c) for level, c in _gmt_lines([region, "-W", "-A0/1/1"]) if level == 1 and len(c) >= 2]
    if not rivers:
        raise GmtMissing(f"gmt coast returned no rivers for {region}; is gmt-gshhg-full installed?")
    return Hydrography(rivers, _rings(lakes), shore, gshhg_version())


# ----- tracing --------------------------------------------------------------------------------


def _projection(guide: list[tuple[float, float]]) -> tuple[Transformer, Transformer]:
    lon = (min(p[0] for p in guide) + max(p[0] for p in guide)) / 2
    lat = (min(p[1] for p in guide) + max(p[1] for p in guide)) / 2
    crs = f"+proj=aeqd +lat_0={lat:.3f} +lon_0={lon:.3f} +datum=WGS84 +units=m"
    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    return forward, Transformer.from_crs(crs, "EPSG:4326", always_xy=True)


def _project(geometry, transformer: Transformer):
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _skeleton(polygon: Polygon) -> list[LineString]:
    """The medial axis of a (projected) polygon: Voronoi edges of its densified shore inside it."""
    if polygon.is_empty or polygon.area == 0:
        return []
    shore = shapely.segmentize(polygon.boundary, SKELETON_STEP_M)
    points = MultiPoint(shapely.get_coordinates(shore))
    edges = shapely.get_parts(shapely.voronoi_polygons(points, only_edges=True))
    shapely.prepare(polygon)
    return list(edges[shapely.contains_properly(polygon, edges)])


class _Graph:
    """An undirected graph on snapped vertices; an edge's cost grows with its distance from the guide."""

    def __init__(self) -> None:
        self.index: dict[tuple[int, int], int] = {}
        self.xy: list[tuple[float, float]] = []
        self.adjacent: list[dict[int, float]] = []  # neighbour -> cost factor (1, or GAP_COST for a gap)
        self.line_of: list[int] = []  # the input line a vertex first came from (-1: a centre line)
        self.off_guide = np.zeros(0)  # each vertex's distance from the guide, km (set by weigh)

    def node(self, x: float, y: float, line: int) -> int:
        key = (round(x), round(y))
        if key not in self.index:
            self.index[key] = len(self.xy)
            self.xy.append((float(key[0]), float(key[1])))
            self.adjacent.append({})
            self.line_of.append(line)
        return self.index[key]

    def edge(self, a: int, b: int, factor: float = 1.0) -> None:
        if a != b and factor < self.adjacent[a].get(b, math.inf):
            self.adjacent[a][b] = self.adjacent[b][a] = factor

    def add_line(self, coords: np.ndarray, line: int, dear: np.ndarray | None = None) -> None:
        """A polyline; ``dear`` marks the vertices whose edges cost NEAR_WATER_COST times more."""
        ids = [self.node(x, y, line) for x, y in coords]
        for i, (a, b) in enumerate(itertools.pairwise(ids)):
            self.edge(a, b, NEAR_WATER_COST if dear is not None and dear[i] and dear[i + 1] else 1.0)

    def weigh(self, guide: LineString) -> None:
        self.off_guide = shapely.distance(shapely.points(np.array(self.xy)), guide) / 1000

    def cost(self, a: int, b: int) -> float:
        d = (self.off_guide[a] + self.off_guide[b]) / 2
        return self.adjacent[a][b] * math.dist(self.xy[a], self.xy[b]) * (1 + (d / GUIDE_KM) ** 2)

    def shortest(self, sources: dict[int, float], sinks: dict[int, float]) -> list[int]:
        """The cheapest path from one of several weighted sources to one of several weighted sinks.

        networkx's Dijkstra between a virtual start and end, joined to the sources and sinks by
        edges that carry their weights. [] if none is reachable.
        """
        graph = nx.Graph()
        graph.add_weighted_edges_from(
            (a, b, self.cost(a, b)) for a, neighbours in enumerate(self.adjacent) for b in neighbours if a < b
        )
        graph.add_weighted_edges_from((_START, node, cost) for node, cost in sources.items())
        graph.add_weighted_edges_from((node, _END, cost) for node, cost in sinks.items())
        try:
            path = nx.dijkstra_path(graph, _START, _END)
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return []
        return path[1:-1]


_START, _END = -1, -2  # the virtual ends of :meth:`_Graph.shortest` (vertices are numbered from 0)


def _endpoints(lines: list[np.ndarray]) -> np.ndarray:
    return np.array([line[i] for line in lines for i in (0, -1)])


def trace(
    river: str,
    guide_lonlat: list[tuple[float, float]],
    hydro: Hydrography,
    parent: list[tuple[float, float]] | None,
) -> Course | None:
    """The course of one river along its guide, or None where GSHHG has no line near it."""
    forward, back = _projection(guide_lonlat)
    guide = _project(LineString(guide_lonlat), forward)
    corridor = guide.buffer(CORRIDOR_KM * 1000)
    corridor_lonlat = _project(corridor, back)
    shapely.prepare(corridor_lonlat)
    lines: list[np.ndarray] = []
    for line in hydro.rivers:
        if corridor_lonlat.intersects(line):
            clipped = _project(line, forward).intersection(corridor)
            lines += [np.asarray(part.coords) for part in shapely.get_parts(clipped) if part.length > 0]
    skeleton: list[np.ndarray] = []
    waters: list[Polygon] = []
    for polygon in hydro.water:
        if corridor_lonlat.intersects(polygon):
            clipped = _project(polygon, forward).intersection(corridor)
            for part in shapely.get_parts(clipped):
                if isinstance(part, Polygon):
                    waters.append(part)
                    skeleton += [np.asarray(edge.coords) for edge in _skeleton(part)]
    water = unary_union(waters) if waters else Polygon()
    if not lines:
        print(f"build_rivers: {river}: no GSHHG line within {CORRIDOR_KM:g} km of the guide", file=sys.stderr)
        return None
    graph = _Graph()
    for number, coords in enumerate(lines):
        near = shapely.distance(shapely.points(coords), water) <= NEAR_WATER_KM * 1000 if waters else None
        graph.add_line(coords, number, near)
    for coords in skeleton:
        graph.add_line(coords, -1)
    xy = np.array(graph.xy)
    points = shapely.points(xy)
    tree = shapely.STRtree(points)
    # Joins: each line's ends to the nearest vertex of another line (or of a lake's centre line).
    ends = [graph.index[(round(x), round(y))] for x, y in _endpoints(lines)]
    for end in ends:
        near = tree.query(points[end], predicate="dwithin", distance=LAKE_JOIN_KM * 1000)
        for centre_line, reach in ((False, JOIN_KM), (True, LAKE_JOIN_KM)):
            mine = graph.line_of[end]
            others = [n for n in near if graph.line_of[n] != mine and (graph.line_of[n] < 0) == centre_line]
            if others:
                closest = min(others, key=lambda n: math.dist(graph.xy[n], graph.xy[end]))
                if math.dist(graph.xy[closest], graph.xy[end]) <= reach * 1000:
                    graph.edge(end, closest)
    # Gaps: bridge two loose ends (vertices with one neighbour), dear, so only where nothing else connects.
    loose = sorted({end for end in ends if len(graph.adjacent[end]) == 1})
    loose_points = shapely.points(xy[loose])
    loose_tree = shapely.STRtree(loose_points)
    for i, end in enumerate(loose):
        for j in loose_tree.query(loose_points[i], predicate="dwithin", distance=GAP_KM * 1000):
            if graph.line_of[loose[j]] != graph.line_of[end]:
                graph.edge(end, loose[j], GAP_COST)
    start, mouth = Point(guide.coords[0]), Point(guide.coords[-1])
    sources = {
        int(n): START_WEIGHT * shapely.distance(points[n], start)
        for n in tree.query(start, predicate="dwithin", distance=SOURCE_KM * 1000)
    }
    near_mouth = tree.query(mouth, predicate="dwithin", distance=MOUTH_KM * 1000)
    parent_line = _project(LineString(parent), forward) if parent else None
    if parent_line is not None:
        targets = [n for n in near_mouth if shapely.distance(points[n], parent_line) <= PARENT_KM * 1000]
    else:
        shore = unary_union(
            [_project(s, forward) for s in hydro.shore if corridor_lonlat.intersects(s)] or [LineString()]
        )
        targets = [n for n in near_mouth if shapely.distance(points[n], shore) <= SHORE_KM * 1000]
    if not targets:  # no vertex on the shore (or the parent) near the mouth: the nearest to the guide's mouth
        targets = [int(tree.nearest(mouth))]
    weight = END_WEIGHT if parent_line is None else CONFLUENCE_WEIGHT
    sinks = {int(n): weight * shapely.distance(points[n], mouth) for n in targets}
    graph.weigh(guide)
    path = graph.shortest(sources, sinks)
    if len(path) < 2:
        print(
            f"build_rivers: {river}: no path from {len(sources)} start to {len(sinks)} end vertices "
            f"over {len(lines)} lines and {len(skeleton)} centre-line edges",
            file=sys.stderr,
        )
        return None
    gaps = [
        math.dist(graph.xy[a], graph.xy[b]) / 1000
        for a, b in itertools.pairwise(path)
        if math.dist(graph.xy[a], graph.xy[b]) > LAKE_JOIN_KM * 1000
    ]
    course = [graph.xy[n] for n in path]
    traced_mouth = tuple(shapely.get_coordinates(_project(Point(course[-1]), back))[0])
    estuary = 0.0
    if parent_line is not None:
        course.append(
            tuple(shapely.get_coordinates(parent_line.interpolate(parent_line.project(Point(course[-1]))))[0])
        )
    elif mouth.distance(Point(course[-1])) > ESTUARY_KM * 1000:
        along = guide.project(Point(course[-1]))
        tail = [c for c in guide.coords if guide.project(Point(c)) > along + 1]
        estuary = LineString([course[-1], *tail]).length / 1000 if tail else 0.0
        course += tail
    simple = LineString(course).simplify(SIMPLIFY_M, preserve_topology=False)
    lonlats = [tuple(c) for c in shapely.get_coordinates(_project(simple, back))]
    return Course(river, lonlats, SOURCE_TEXT.format(version=hydro.version), estuary, gaps, True, traced_mouth)  # type: ignore[arg-type]


def guide_course(river: str, guide: list[tuple[float, float]], parent: list[tuple[float, float]] | None) -> Course:
    """A river GSHHG lacks: its guide, the last point snapped onto its parent's course."""
    lonlats = list(guide)
    if parent:
        forward, back = _projection(guide)
        parent_line = _project(LineString(parent), forward)
        end = _project(Point(lonlats[-1]), forward)
        joined = _project(parent_line.interpolate(parent_line.project(end)), back)
        lonlats[-1] = tuple(shapely.get_coordinates(joined)[0])  # type: ignore[assignment]
    text = "hand-digitised guide (tools/data/river_guides.csv): GSHHG WDBII has no line for this river"
    return Course(river, lonlats, text, traced=False)


def guide_offsets(guide: list[tuple[float, float]], course: list[tuple[float, float]]) -> np.ndarray:
    """Each guide point's distance from the course, km."""
    forward, _ = _projection(guide)
    line = _project(LineString(course), forward)
    return shapely.distance(_project(shapely.points(np.array(guide)), forward), line) / 1000


def courses(guides: dict[str, list[tuple[float, float]]]) -> dict[str, Course]:
    """Every river's course, parents before tributaries. Raises :class:`GmtMissing` without GMT/GSHHG."""
    lons = [p[0] for line in guides.values() for p in line]
    lats = [p[1] for line in guides.values() for p in line]
    bounds = (
        math.floor(min(lons) - MARGIN_DEG),
        math.floor(min(lats) - MARGIN_DEG),
        math.ceil(max(lons) + MARGIN_DEG),
        math.ceil(max(lats) + MARGIN_DEG),
    )
    hydro = read_hydrography(bounds)
    done: dict[str, Course] = {}
    pending = list(guides)
    while pending:
        river = next(r for r in pending if MOUTHS.get(r, "sea") in ("sea", *done) or MOUTHS[r] not in guides)
        pending.remove(river)
        parent_id = MOUTHS.get(river, "sea")
        parent = done[parent_id].lonlats if parent_id in done else None
        traced = None if river in GUIDE_ONLY else trace(river, guides[river], hydro, parent)
        if traced is None:
            done[river] = guide_course(river, guides[river], parent)
            continue
        off = guide_offsets(guides[river], traced.lonlats)
        if float(np.median(off)) > GUIDE_MEDIAN_KM:
            raise ValueError(
                f"{river}: the traced course lies a median {np.median(off):.1f} km from its guide's points "
                f"(over {GUIDE_MEDIAN_KM:g} km): it followed another river; check tools/data/river_guides.csv"
            )
        done[river] = traced
    return {river: done[river] for river in guides}


def read_guides(path: Path = GUIDES_CSV) -> dict[str, list[tuple[float, float]]]:
    """river id -> the guide's (lon, lat) points in ``seq`` order (validated by build_places)."""
    sys.path.insert(0, str(ROOT))
    from map_layers.places import check_vertex_rows

    text = path.read_text(encoding="utf-8")
    ids = sorted({line.split(",", 1)[0] for line in text.splitlines()[1:] if line.strip()})
    lines, problems = check_vertex_rows(text, ids)
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    return lines


def main(argv: list[str]) -> int:
    try:
        result = courses(guides := read_guides())
    except GmtMissing as error:
        print(f"build_rivers: {error}", file=sys.stderr)
        return 2
    for course in result.values():
        off = guide_offsets(guides[course.river], course.lonlats)
        print(
            f"{course.river:8} {'traced' if course.traced else 'guide '} {len(course.lonlats):4} points;"
            f" guide points off it: median {np.median(off):4.1f} km, max {off.max():4.1f} km;"
            f" estuary from the guide {course.estuary_km:4.1f} km; gaps bridged {[round(g, 1) for g in course.gaps_km]}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
