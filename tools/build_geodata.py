#!/usr/bin/env python
"""Build the basemap land and the time-varying territories GeoJSON (dev-only).

    python tools/build_geodata.py                 # fetches world-atlas@2.0.2 with `npm pack`
    python tools/build_geodata.py --package-dir D # reuse an unpacked tarball (D/countries-50m.json ...)

Writes (byte-identical on every run with the same inputs):
    geodata/land_world.geojson     110m land, whole world
    geodata/land_theatre.geojson   50m land clipped to THEATRE_BBOX
    geodata/territories.geojson    partition of the covered area into cells x dated states

Inputs: npm package world-atlas@2.0.2 (Natural Earth 4.1.0, public domain; wrapper ISC),
tools/data/territory_timelines.csv (the dated states of every cell, with sources) and the
hand-drawn cut lines below. The app and the tests only read the committed files in geodata/.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tools" / "data"
OUT = ROOT / "geodata"
NPM_SPEC = "world-atlas@2.0.2"
# sha256 of world-atlas-2.0.2.tgz as served by the npm registry (npm shasum 4bca4a57...)
NPM_TGZ_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"

GRID = 1e-4  # output coordinate precision (degrees)
THEATRE_BBOX = (95.0, 0.0, 165.0, 62.0)  # lon_min, lat_min, lon_max, lat_max (land_theatre)
TERRITORY_TOLERANCE = 0.02  # coverage_simplify tolerance (degrees)
PERIOD_START = "1891-01-01"
PERIOD_END = "1905-12-31"

HOLDERS = {"qing", "russia", "japan", "korea", "britain", "germany", "france"}
STATUSES = {"sovereign", "lease", "occupation", "protectorate", "siege"}

# Ex-Soviet states that stand in for the Russian Empire of 1891-1905 (approximation).
RUSSIAN_EMPIRE_PARTS = [
    "Russia",
    "Finland",
    "Åland",
    "Estonia",
    "Latvia",
    "Lithuania",
    "Belarus",
    "Ukraine",
    "Moldova",
    "Georgia",
    "Armenia",
    "Azerbaijan",
    "Kazakhstan",
    "Uzbekistan",
    "Turkmenistan",
    "Kyrgyzstan",
    "Tajikistan",
]

# --- hand-drawn cut lines (lon, lat); documented in geodata/SOURCES.md -----------------------
# Outline of Qing Manchuria (Fengtian/Shengjing, Jilin, Heilongjiang incl. Hulunbuir). Only its
# intersection with Natural Earth's China is used, so points at sea or abroad merely close it.
MANCHURIA_OUTLINE = [
    (115.5, 50.5),
    (116.5, 47.6),
    (119.5, 47.2),
    (121.0, 46.0),
    (122.0, 44.8),
    (122.5, 43.6),
    (121.5, 42.6),
    (120.0, 41.6),
    (119.4, 40.6),
    (119.85, 39.9),
    (120.6, 38.7),
    (121.3, 38.55),
    (123.0, 38.6),
    (126.5, 39.5),
    (131.5, 41.5),
    (136.0, 48.0),
    (136.0, 54.5),
    (119.0, 54.5),
]
PORT_ARTHUR = (121.25, 38.82)  # fortress; siege cell = 0.17 deg (~15-19 km) radius
PORT_ARTHUR_RADIUS = 0.17
KWANTUNG_NORTH_LAT = 39.45  # Kwantung Leased Territory: Liaodong tip south of this parallel
# Strip along the lower Yalu: Andong (Dandong) - Fenghuangcheng
YALU_STRIP = [(123.2, 39.5), (123.3, 40.8), (124.6, 41.3), (125.5, 41.2), (126.0, 40.9), (126.0, 39.5)]
# South-western Fengtian west of the Liao river (evacuated by Russia 1902, neutral in 1904-05)
WEST_OF_LIAO = [
    (118.5, 39.0),
    (121.9, 40.55),
    (122.2, 40.68),
    (122.35, 41.2),
    (122.75, 41.7),
    (123.05, 42.2),
    (123.2, 42.8),
    (123.0, 43.6),
    (118.5, 43.6),
]
TELISSU_LAT = 40.0  # peninsula south of this: Japanese after Telissu (June 1904)
KAIPING_LAT = 40.75  # ... up to the Kaiping / Yingkou / Haicheng line (July 1904)
SHAHO_LAT, SHAHO_LON = 41.6, 125.0  # after Liaoyang: up to the Shaho line south of Mukden
CHANGTU_LAT, CHANGTU_LON = 43.0, 126.0  # after Mukden: up to the Changtu / Siping line
# Haicheng and its surroundings north of the Kaiping line: Japanese from 13 Dec 1894 and inside the
# territory ceded at Shimonoseki (art. II: the line Yalu - Fenghuangcheng - Haicheng - Yingkou,
# "the places above named are included"), so it must not stay Qing with Liaoyang in 1894-95.
HAICHENG = [(122.45, 40.75), (122.5, 40.98), (122.95, 40.98), (123.15, 40.75)]
# Northern Manchuria (Heilongjiang, Qiqihar) apart from central Manchuria (Harbin, Jilin): in 1900
# Russian troops held Harbin from 3 Aug and Qiqihar only from the end of August.
NORTH_MANCHURIA_LAT = 46.0
KOREA_SPLIT_LAT = 39.3  # Korea south of a line just north of Pyongyang (Feb 1904 zone)
SAKHALIN_SPLIT_LAT = 50.0  # Treaty of Portsmouth, art. IX
JIAOZHOU = [(120.1, 35.9), (120.1, 36.05), (120.3, 36.15), (120.38, 36.25), (120.72, 36.25), (120.72, 35.9)]
WEIHAIWEI = (122.12, 37.47)
WEIHAIWEI_RADIUS = 0.18
# Guangzhouwan (French, 1898/99): the bay with Donghai and Naozhou islands and the strips of Leizhou
# (20°50'-21°25'N) and Gaozhou (21°04'-21°25'N) named in the lease convention, drawn roughly.
GUANGZHOUWAN = [(110.2, 21.42), (110.62, 21.42), (110.68, 20.85), (110.3, 20.83), (110.2, 21.0)]
# Hong Kong colony before 1898: the island plus Kowloon south of Boundary Street (~22.33°N); the rest
# of Natural Earth's Hong Kong is the New Territories and islands leased in 1898.
KOWLOON = (114.14, 22.28, 114.2, 22.335)
HONG_KONG_ISLAND = (114.12, 22.18, 114.26, 22.3)

CELLS = {
    # id: (name_en, name_ar)
    "russia": ("Russian Empire", "الإمبراطورية الروسية"),
    "qing": ("Qing China", "الصين في عهد أسرة تشينغ"),
    "japan": ("Japan (with the Kuril Islands)", "اليابان (مع جزر الكوريل)"),
    "taiwan": ("Taiwan (Formosa)", "تايوان (فورموزا)"),
    "korea_south": ("Korea south of Pyongyang", "كوريا جنوب بيونغيانغ"),
    "korea_north": ("Northern Korea up to the Yalu and Tumen", "شمال كوريا حتى نهري يالو وتومين"),
    "sakhalin_south": ("Southern Sakhalin (south of 50°N)", "جنوب سخالين (جنوب خط العرض 50)"),
    "sakhalin_north": ("Northern Sakhalin (north of 50°N)", "شمال سخالين (شمال خط العرض 50)"),
    "port_arthur": ("Port Arthur (Lüshun) fortress", "قلعة بورت آرثر (لوشون)"),
    "kwantung": ("Kwantung (Liaodong tip, with Dalny)", "كوانتونغ (طرف شبه جزيرة لياودونغ مع دالني)"),
    "yalu": ("Lower Yalu: Andong and Fenghuangcheng", "يالو الأدنى: أندونغ وفنغهوانغتشنغ"),
    "west_liao": ("South-western Fengtian, west of the Liao River", "جنوب غرب فنغتيان، غرب نهر لياو"),
    "liaodong_south": ("Liaodong Peninsula: Pulandian to Telissu", "شبه جزيرة لياودونغ: من بولانديان إلى تيليسو"),
    "liaodong_north": (
        "Liaodong Peninsula: Xiongyue to Kaiping and Yingkou",
        "شبه جزيرة لياودونغ: من شيونغيوه إلى كايبينغ وينغكو",
    ),
    "liaoyang": (
        "Southern Manchuria: Haicheng and Liaoyang to the Shaho",
        "جنوب منشوريا: هايتشنغ ولياويانغ حتى نهر شاهو",
    ),
    "haicheng": ("Haicheng and its surroundings", "هايتشنغ وما حولها"),
    "mukden": ("Southern Manchuria: Mukden and Tieling to Changtu", "جنوب منشوريا: موكدن وتيلينغ حتى تشانغتو"),
    "manchuria_central": ("Central Manchuria: Harbin and Jilin", "وسط منشوريا: هاربين وجيلين"),
    "manchuria_north": ("Northern Manchuria: Qiqihar and the Amur", "شمال منشوريا: تشيتشيهار ونهر آمور"),
    "jiaozhou": ("Jiaozhou Bay (Kiautschou, Tsingtao)", "خليج جياوتشو (كياوتشو، تسينغتاو)"),
    "weihaiwei": ("Weihaiwei", "ويهايوي"),
    "guangzhouwan": ("Guangzhouwan (Kouang-Tchéou-Wan)", "غوانغتشووان (كوانغ تشيو وان)"),
    "hong_kong": ("Hong Kong Island and Kowloon", "جزيرة هونغ كونغ وكولون"),
    "new_territories": ("New Territories of Hong Kong", "الأقاليم الجديدة في هونغ كونغ"),
}
CELL_ORDER = list(CELLS)

SOVEREIGN_NAMES = {
    "": ("", ""),
    "qing": ("Qing China", "الصين (أسرة تشينغ)"),
    "korea": ("Korean Empire", "الإمبراطورية الكورية"),
    "joseon": ("Kingdom of Joseon (Korea)", "مملكة جوسون (كوريا)"),
    "russia": ("Russian Empire", "الإمبراطورية الروسية"),
    "britain": ("British Empire", "الإمبراطورية البريطانية"),
}


# --- input ------------------------------------------------------------------------------------
def fetch_world_atlas(tmp: Path) -> Path:
    """`npm pack world-atlas@2.0.2` into tmp and unpack it; return the package directory."""
    res = subprocess.run(["npm", "pack", NPM_SPEC, "--silent"], cwd=tmp, check=True, capture_output=True, text=True)
    tgz = tmp / res.stdout.strip().splitlines()[-1]
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != NPM_TGZ_SHA256:
        raise SystemExit(f"{tgz.name}: sha256 {digest} != pinned {NPM_TGZ_SHA256}")
    with tarfile.open(tgz) as tf:
        tf.extractall(tmp, filter="data")
    return tmp / "package"


def read_topo(pkg: Path, name: str, layer: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(pkg / f"{name}.json", layer=layer)
    return gdf.set_crs("EPSG:4326", allow_override=True)


# --- geometry helpers -------------------------------------------------------------------------
def _unwrap(coords: np.ndarray) -> tuple[np.ndarray, int]:
    xy = coords.copy()
    offset, jumps = 0.0, 0
    for i in range(1, len(xy)):
        dx = coords[i, 0] - coords[i - 1, 0]
        if dx > 180:
            offset -= 360.0
            jumps += 1
        elif dx < -180:
            offset += 360.0
            jumps += 1
        xy[i, 0] = coords[i, 0] + offset
    return xy, jumps


def _wrap_pieces(poly: Polygon) -> list:
    out = []
    for k in (-1, 0, 1):
        piece = shapely.intersection(poly, box(-180 + 360 * k, -90, 180 + 360 * k, 90))
        if not piece.is_empty:
            out.append(shapely.affinity.translate(piece, xoff=-360 * k))
    return out


def fix_antimeridian(geom):
    """Natural Earth rings that cross +-180 (Chukotka, Antarctica, Fiji) jump by 360 degrees
    in world-atlas; unwrap them, close pole rings, and split them back into [-180, 180]."""
    parts = []
    for poly in shapely.get_parts(geom):
        ext = np.asarray(poly.exterior.coords)
        xy, jumps = _unwrap(ext)
        if jumps == 0:
            parts.append(poly)
            continue
        if abs(xy[-1, 0] - xy[0, 0]) > 1:  # ring around a pole: close it along the pole
            pole = -90.0 if xy[:, 1].mean() < 0 else 90.0
            xy = np.vstack([xy[:-1], [[xy[-2, 0], pole], [xy[0, 0], pole], xy[0]]])
        shell = shapely.make_valid(Polygon(xy))
        pieces = _wrap_pieces(shell)
        holes = [shapely.make_valid(Polygon(np.asarray(r.coords))) for r in poly.interiors]
        merged = shapely.union_all(pieces)
        if holes:
            merged = shapely.difference(merged, shapely.union_all(holes))
        parts.append(merged)
    return shapely.make_valid(shapely.union_all(parts))


def polygonal(geom) -> MultiPolygon:
    """Keep only the polygonal parts of a geometry, as a MultiPolygon (possibly empty)."""
    flat = []
    for g in shapely.get_parts(geom):
        if g.geom_type == "Polygon" and not g.is_empty:
            flat.append(g)
        elif g.geom_type in ("MultiPolygon", "GeometryCollection"):
            flat.extend(polygonal(g).geoms)
    return MultiPolygon(flat)


def clean(geom):
    return polygonal(shapely.make_valid(geom))


def snap(geom):
    """Round to the output grid, keeping validity."""
    return polygonal(shapely.set_precision(geom, GRID))


def geom_json(geom) -> dict:
    """The GeoJSON geometry (shapely's ``mapping``): a Polygon, or a MultiPolygon of several parts,
    exteriors counter-clockwise (RFC 7946), coordinates rounded to 1e-4 degrees."""
    parts = [shapely.orient_polygons(p) for p in shapely.get_parts(geom)]
    rounded = [shapely.transform(p, lambda xy: [[round(x, 4), round(y, 4)] for x, y in xy]) for p in parts]
    return mapping(rounded[0] if len(rounded) == 1 else MultiPolygon(rounded))


def write_fc(path: Path, name: str, features: list[dict]) -> None:
    fc = {"type": "FeatureCollection", "name": name, "features": features}
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    # one feature per line keeps diffs readable without bloating the file
    text = text.replace(',{"type":"Feature"', ',\n{"type":"Feature"')
    path.write_text(text + "\n", encoding="utf-8")


# --- land -------------------------------------------------------------------------------------
def build_land(pkg: Path) -> None:
    world = fix_antimeridian(read_topo(pkg, "land-110m", "land").geometry.iloc[0])
    world = snap(clean(world))
    write_fc(
        OUT / "land_world.geojson",
        "land_world",
        [
            {
                "type": "Feature",
                "properties": {
                    "id": "land_world",
                    "name_en": "Land (Natural Earth 1:110m)",
                    "name_ar": "اليابسة (ناتشورال إيرث 1:110 مليون)",
                },
                "geometry": geom_json(world),
            }
        ],
    )

    theatre = fix_antimeridian(read_topo(pkg, "land-50m", "land").geometry.iloc[0])
    theatre = clean(shapely.clip_by_rect(clean(theatre), *THEATRE_BBOX))
    theatre = snap(theatre)
    write_fc(
        OUT / "land_theatre.geojson",
        "land_theatre",
        [
            {
                "type": "Feature",
                "properties": {
                    "id": "land_theatre",
                    "name_en": "Land of the theatre (Natural Earth 1:50m)",
                    "name_ar": "يابسة مسرح العمليات (ناتشورال إيرث 1:50 مليون)",
                    "bbox": list(THEATRE_BBOX),
                },
                "geometry": geom_json(theatre),
            }
        ],
    )


# --- territories ------------------------------------------------------------------------------
def build_cells(pkg: Path) -> dict:
    countries = read_topo(pkg, "countries-50m", "countries")
    geo = {n: clean(fix_antimeridian(g)) for n, g in zip(countries.name, countries.geometry, strict=True)}

    russia_parts = list(geo["Russia"].geoms)
    sakhalin_pt = Point(142.8, 50.0)
    sakhalin, kurils, kaliningrad, rest = [], [], [], []
    for p in russia_parts:
        c = p.representative_point()
        if p.contains(sakhalin_pt):
            sakhalin.append(p)
        elif 145.0 < c.x < 157.0 and 43.0 < c.y < 51.0 and p.area < 1.0:
            kurils.append(p)
        elif 19.0 < c.x < 23.5 and 54.0 < c.y < 55.5:
            kaliningrad.append(p)  # German East Prussia in 1904: dropped
        else:
            rest.append(p)
    russia = shapely.union_all(rest + [geo[n] for n in RUSSIAN_EMPIRE_PARTS if n != "Russia"])

    taiwan_parts = list(geo["Taiwan"].geoms)
    taiwan = max(taiwan_parts, key=lambda p: p.area)
    kinmen = [p for p in taiwan_parts if p is not taiwan]  # Fujian islands: stayed Qing
    china = shapely.union_all([geo["China"], geo["Mongolia"], *kinmen])
    korea = shapely.union_all([geo["North Korea"], geo["South Korea"]])
    japan = shapely.union_all([geo["Japan"], *kurils])
    sakh = shapely.union_all(sakhalin)

    manchuria = shapely.intersection(geo["China"], Polygon(MANCHURIA_OUTLINE))
    cells: dict = {}
    taken = []

    def cut(cell_id, region):
        g = shapely.intersection(manchuria, region)
        if taken:
            g = shapely.difference(g, shapely.union_all(taken))
        cells[cell_id] = g
        taken.append(g)

    cut("port_arthur", Point(PORT_ARTHUR).buffer(PORT_ARTHUR_RADIUS, quad_segs=8))
    cut("kwantung", box(120.5, 38.0, 123.2, KWANTUNG_NORTH_LAT))
    cut("yalu", Polygon(YALU_STRIP))
    cut("west_liao", Polygon(WEST_OF_LIAO))
    cut("liaodong_south", box(115.0, 30.0, 140.0, TELISSU_LAT))
    cut("liaodong_north", box(115.0, 30.0, 140.0, KAIPING_LAT))
    cut("haicheng", Polygon(HAICHENG))
    cut("liaoyang", box(115.0, 30.0, SHAHO_LON, SHAHO_LAT))
    cut("mukden", box(115.0, 30.0, CHANGTU_LON, CHANGTU_LAT))
    cut("manchuria_central", box(100.0, 30.0, 140.0, NORTH_MANCHURIA_LAT))
    cut("manchuria_north", box(100.0, 30.0, 140.0, 60.0))

    jiaozhou = shapely.intersection(china, Polygon(JIAOZHOU))
    weihaiwei = shapely.difference(
        shapely.intersection(china, Point(WEIHAIWEI).buffer(WEIHAIWEI_RADIUS, quad_segs=8)), jiaozhou
    )
    guangzhouwan = shapely.intersection(china, Polygon(GUANGZHOUWAN))
    qing = shapely.difference(china, shapely.union_all([manchuria, jiaozhou, weihaiwei, guangzhouwan]))
    hk = geo["Hong Kong"]
    colony = shapely.union_all(
        [shapely.intersection(hk, box(*HONG_KONG_ISLAND)), shapely.intersection(hk, box(*KOWLOON))]
    )

    cells.update(
        {
            "russia": russia,
            "qing": qing,
            "japan": japan,
            "taiwan": taiwan,
            "korea_south": shapely.intersection(korea, box(120, 30, 135, KOREA_SPLIT_LAT)),
            "korea_north": shapely.difference(korea, box(120, 30, 135, KOREA_SPLIT_LAT)),
            "sakhalin_south": shapely.intersection(sakh, box(135, 40, 150, SAKHALIN_SPLIT_LAT)),
            "sakhalin_north": shapely.difference(sakh, box(135, 40, 150, SAKHALIN_SPLIT_LAT)),
            "jiaozhou": jiaozhou,
            "weihaiwei": weihaiwei,
            "guangzhouwan": guangzhouwan,
            "hong_kong": colony,
            "new_territories": shapely.difference(hk, colony),
        }
    )
    ids = CELL_ORDER
    geoms = make_coverage([clean(cells[i]) for i in ids])
    geoms = shapely.coverage_simplify(np.array(geoms, dtype=object), TERRITORY_TOLERANCE)
    geoms = make_coverage([snap(clean(g)) for g in geoms])
    out = {}
    for i, g in zip(ids, geoms, strict=True):
        # drop specks the simplification left behind (< ~1 km^2)
        g = MultiPolygon([p for p in g.geoms if p.area > 1e-4])
        if g.is_empty:
            raise SystemExit(f"cell {i} is empty after simplification")
        out[i] = g
    if not shapely.coverage_is_valid(np.array(list(out.values()), dtype=object)):
        raise SystemExit("territory cells do not form a valid coverage")
    return out


def make_coverage(geoms: list) -> list:
    """Turn nearly-matching cells into an exact coverage: node all cell boundaries together,
    polygonize the faces and give each face to the cell that holds most of it."""
    lines = shapely.union_all([g.boundary for g in geoms])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    tree = shapely.STRtree(geoms)
    owned: list[list] = [[] for _ in geoms]
    for face in faces:
        pt = face.representative_point()
        cand = [int(c) for c in tree.query(pt, predicate="intersects")]
        if len(cand) != 1:
            cand = [int(c) for c in tree.query(face, predicate="intersects")]
            if not cand:
                continue  # a hole in the covered area (lake, Hong Kong...)
            best = max(cand, key=lambda c: shapely.intersection(geoms[c], face).area)
            if shapely.intersection(geoms[best], face).area < 0.5 * face.area:
                continue
            cand = [best]
        owned[cand[0]].append(face)
    return [polygonal(shapely.coverage_union_all(f)) if f else MultiPolygon() for f in owned]


def read_timelines() -> list[dict]:
    with open(DATA / "territory_timelines.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_cell: dict = {}
    for n, r in enumerate(rows, start=2):
        for k in ("cell", "holder", "status", "start", "end", "source"):
            if not r.get(k):
                raise SystemExit(f"territory_timelines.csv row {n}: empty {k}")
        if r["cell"] not in CELLS:
            raise SystemExit(f"row {n}: unknown cell {r['cell']}")
        if r["holder"] not in HOLDERS or r["status"] not in STATUSES:
            raise SystemExit(f"row {n}: bad holder/status {r['holder']}/{r['status']}")
        if r["sovereign"] not in SOVEREIGN_NAMES:
            raise SystemExit(f"row {n}: bad sovereign {r['sovereign']}")
        by_cell.setdefault(r["cell"], []).append(r)
    for cell in CELLS:
        states = by_cell.get(cell)
        if not states:
            raise SystemExit(f"cell {cell} has no timeline")
        if states[0]["start"] != PERIOD_START or states[-1]["end"] != PERIOD_END:
            raise SystemExit(f"cell {cell}: timeline must run {PERIOD_START}..{PERIOD_END}")
        for a, b in itertools.pairwise(states):
            nxt = dt.date.fromisoformat(a["end"]) + dt.timedelta(days=1)
            if nxt.isoformat() != b["start"]:
                raise SystemExit(f"cell {cell}: gap/overlap between {a['end']} and {b['start']}")
        for s in states:
            if s["start"] > s["end"]:
                raise SystemExit(f"cell {cell}: start after end at {s['start']}")
    return rows


def build_territories(pkg: Path) -> None:
    cells = build_cells(pkg)
    rows = read_timelines()
    feats = []
    order = {c: i for i, c in enumerate(CELL_ORDER)}
    rows.sort(key=lambda r: (order[r["cell"]], r["start"]))
    for r in rows:
        cell_en, cell_ar = CELLS[r["cell"]]
        lab_en, lab_ar = r["label_en"], r["label_ar"]
        sov_en, sov_ar = SOVEREIGN_NAMES[r["sovereign"]]
        props = {
            "id": f"{r['cell']}_{r['start']}",
            "name_en": f"{cell_en} — {lab_en}",
            "name_ar": f"{cell_ar} — {lab_ar}",
            "holder": r["holder"],
            "status": r["status"],
            "start": r["start"],
            "end": r["end"],
            "sovereign_en": sov_en,
            "sovereign_ar": sov_ar,
            "source": r["source"],
            "note": r.get("note", ""),
            "cell": r["cell"],
        }
        feats.append({"type": "Feature", "properties": props, "geometry": geom_json(cells[r["cell"]])})
    write_fc(OUT / "territories.geojson", "territories", feats)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--package-dir", type=Path, help="unpacked world-atlas package (skip npm)")
    args = ap.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = args.package_dir or fetch_world_atlas(Path(tmp))
        build_land(pkg)
        build_territories(pkg)
    for f in ("land_world", "land_theatre", "territories"):
        p = OUT / f"{f}.geojson"
        print(f"{p.relative_to(ROOT)}: {p.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
