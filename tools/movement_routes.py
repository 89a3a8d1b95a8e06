"""Land and sea geometry for the movement build: which land a track is checked against, how a
sea leg is routed round it, and how the vertices of a routed track get their dates.

Land is Natural Earth 1:50m everywhere a fleet goes: ``geodata/land_theatre.geojson`` inside
its 95-165E, 0-62N box, and outside it ``tools/data/movement_land_50m.geojson``, the same 50m
land cut to a corridor round the voyages (Baltic, Atlantic, Mediterranean, Red Sea, Indian
Ocean), written by ``build_movements.py --land50m DIR``. The app's own ``land_world.geojson`` is
1:110m, too coarse to check a track against (it closes the head of the Gulf of Suez and drops
Funen, Bornholm and Malta), so it is only the fallback outside both.

Rules (shared with ``tests/data/test_movements.py``, which re-implements them on the output):

- a **sea** leg may meet land only within ``HARBOUR_KM`` of its own two ends (a port or a
  landing beach that the 50m coastline runs through), or inside a listed ``SEA_EXCEPTIONS``
  box (the Suez Canal);
- a **land** leg may run off land for at most ``COAST_KM`` in one stretch (a road along a
  coast or over a river mouth that the 50m line cuts off).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import LineString, Point, box, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
LAND_THEATRE = ROOT / "geodata" / "land_theatre.geojson"
LAND_WORLD = ROOT / "geodata" / "land_world.geojson"
LAND_50M_CORRIDOR = ROOT / "tools" / "data" / "movement_land_50m.geojson"
THEATRE_BOX = box(95.0, 0.0, 165.0, 62.0)

HARBOUR_KM = 4.0  # a sea leg may cross the 50m coastline this close to its own port or beach
COAST_KM = 5.0  # a land leg may run off the 50m land for this long in one stretch
CORRIDOR_DEG = 1.0  # half-width of the 50m land corridor kept round the voyages outside the theatre
SIMPLIFY_DEG = 0.015  # ~1.5 km: searoute output is simplified to this, then re-checked
KM_PER_DEG = 111.195

# (name, reason, lon_min, lat_min, lon_max, lat_max): land met by a sea leg inside one of these
# boxes is not a crossing.
SEA_EXCEPTIONS = [
    (
        "Suez Canal",
        "the canal (opened 1869) is a sea route through land; Port Said to Suez",
        32.25,
        29.9,
        32.62,
        31.3,
    ),
]


@dataclass(frozen=True)
class Land:
    """Land to check tracks against, and where the 50m corridor outside the theatre reaches."""

    land: shapely.Geometry  # 50m where known, 110m elsewhere; prepared
    coverage: shapely.Geometry  # where ``land`` is 50m (theatre box + corridor); prepared


def _read_geometry(path: Path, feature_id: str | None = None) -> shapely.Geometry:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return unary_union([shape(f["geometry"]) for f in features if feature_id in (None, f["properties"]["id"])])


def load_land(world_50m: shapely.Geometry | None = None) -> Land:
    """The land tracks are checked against: 50m in the theatre and the corridor, 110m elsewhere.

    With ``world_50m`` (the whole 50m land, read from the world-atlas package) that is used
    outside the theatre instead of the committed corridor, to route and to cut a new corridor.
    """
    theatre = _read_geometry(LAND_THEATRE)
    world = _read_geometry(LAND_WORLD)
    if world_50m is not None:
        corridor_land, corridor = world_50m, box(-180.0, -90.0, 180.0, 90.0)
    elif LAND_50M_CORRIDOR.exists():
        corridor_land = _read_geometry(LAND_50M_CORRIDOR, "land_50m")
        corridor = _read_geometry(LAND_50M_CORRIDOR, "coverage")
    else:
        corridor_land = corridor = shapely.Polygon()
    coverage = unary_union([THEATRE_BOX, corridor])
    land = unary_union([theatre, corridor_land.difference(THEATRE_BOX), world.difference(coverage)])
    shapely.prepare(land)
    shapely.prepare(coverage)
    return Land(land, coverage)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lon, lat) points."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _exempt_area() -> shapely.Geometry:
    return unary_union([box(x0, y0, x1, y1) for _n, _r, x0, y0, x1, y1 in SEA_EXCEPTIONS])


def sea_crossings(
    land: Land, coords: list[tuple[float, float]], ports: tuple[bool, bool] = (True, True)
) -> shapely.Geometry:
    """Where a sea leg meets land, outside the listed exceptions and the harbour discs.

    ``ports`` says which ends of the leg are named waypoints (a port or a beach): only those get
    a harbour disc of ``HARBOUR_KM``; a via row (a bare route point) gets none.
    """
    line = LineString(coords)
    if not land.land.intersects(line):
        return shapely.Polygon()
    ends = [p for p, port in zip((coords[0], coords[-1]), ports, strict=True) if port]
    harbours = unary_union([Point(p).buffer(HARBOUR_KM / KM_PER_DEG) for p in ends])
    return line.intersection(land.land).difference(harbours).difference(_exempt_area())


def longest_at_sea_km(land: Land, coords: list[tuple[float, float]]) -> float:
    """The longest stretch (km) of a land leg that lies off land."""
    wet = LineString(coords).difference(land.land)
    parts = [p for p in shapely.get_parts(wet) if not p.is_empty]
    return max((sum(km(a, b) for a, b in itertools.pairwise(p.coords)) for p in parts), default=0.0)


def route_sea_leg(
    land: Land, a: tuple[float, float], b: tuple[float, float], ports: tuple[bool, bool] = (True, True)
) -> list[tuple[float, float]]:
    """A path from ``a`` to ``b`` by sea: the straight line if it meets no land, else searoute's.

    searoute (Eurostat's MARNET sea graph) joins ``a`` and ``b`` to its nearest graph nodes; its
    line is simplified to ``SIMPLIFY_DEG`` and kept only if it meets no land. Raises ValueError
    naming the leg when neither path is clear: add a via row (a waypoint with no place and no
    date) to steer the route.
    """
    if a == b or sea_crossings(land, [a, b], ports).is_empty:
        return [a, b]
    import searoute  # dev-only dependency, needed only when a leg has to be routed

    feature = searoute.searoute(list(a), list(b), append_orig_dest=True, restrictions=["northwest"])
    raw = [(float(x), float(y)) for x, y in feature["geometry"]["coordinates"]]
    raw = [a, *[p for p in raw if p not in (a, b)], b]
    for tolerance in (SIMPLIFY_DEG, SIMPLIFY_DEG / 3, 0.0):
        coords = list(LineString(raw).simplify(tolerance, preserve_topology=False).coords) if tolerance else raw
        if sea_crossings(land, coords, ports).is_empty:
            return coords
    bad = sea_crossings(land, raw, ports)
    where = bad.representative_point()
    raise ValueError(f"sea leg {a} -> {b} meets land near ({where.x:.3f}, {where.y:.3f}) even by searoute")


def date_vertices(
    coords: list[tuple[float, float]], modes: list[str], start: dt.date, end: dt.date
) -> tuple[list[tuple[float, float]], list[str], list[dt.date]]:
    """Date a path travelled at an even pace from ``start`` (first vertex) to ``end`` (last).

    A vertex is added where the unit stands at the start of each whole day in between, and every
    other vertex takes the date of the next day boundary it reaches (its ceiling). So on any day
    the last vertex dated that day is the unit's exact position, and day-by-day interpolation
    (``map_layers.movement``) never runs ahead of the pace.
    """
    days = (end - start).days
    legs = [km(p, q) for p, q in itertools.pairwise(coords)]
    total = sum(legs)
    if days <= 0 or total == 0 or len(coords) == 2:
        return list(coords), list(modes), [start] + [end] * (len(coords) - 1)
    out, out_modes, dates = [coords[0]], [], [start]
    done = 0.0
    next_day = 1
    for (p, q), mode, length in zip(itertools.pairwise(coords), modes, legs, strict=True):
        while next_day < days and done + length > 0 and (next_day * total / days) < done + length:
            share = (next_day * total / days - done) / length if length else 1.0
            point = (p[0] + share * (q[0] - p[0]), p[1] + share * (q[1] - p[1]))
            if point != out[-1]:
                out.append(point)
                out_modes.append(mode)
                dates.append(start + dt.timedelta(days=next_day))
            next_day += 1
        done += length
        day = min(days, math.ceil(done / total * days - 1e-9))
        if q != out[-1]:
            out.append(q)
            out_modes.append(mode)
            dates.append(start + dt.timedelta(days=day))
    dates[-1] = end
    return out, out_modes, dates
