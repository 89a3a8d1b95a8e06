"""The gazetteer: place, water and river names in both languages, their ranks and dates.

One table (``tools/data/places.csv``) feeds every map: the build script checks it
with :func:`check_place_rows` and writes ``geodata/places.geojson`` (points) and
``geodata/rivers.geojson`` (lines); the app loads those with :func:`load_places`
and :func:`load_rivers`. A place's ``rank`` says from which zoom it shows
(:data:`RANK_MIN_ZOOM`, the one rule shared by the live map and the exports).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from map_layers.events import FIRST_DAY, LAST_DAY, Problem, has_arabic
from map_layers.rows import is_missing

KINDS = (
    "capital",
    "city",
    "port",
    "fortress",
    "battlefield",
    "town",
    "sea",
    "gulf",
    "bay",
    "strait",
    "lake",
    "region",
    "peninsula",
    "island",
    "river",
)
# Who wins a place when two labels of one rank compete (lower first): capitals, then the
# places of the war, then the water and land names that frame them.
KIND_PRIORITY = {kind: index for index, kind in enumerate(
    ("capital", "sea", "fortress", "port", "city", "river", "battlefield", "region", "gulf", "strait",
     "bay", "peninsula", "island", "lake", "town")
)}  # fmt: skip
WATER_KINDS = frozenset({"sea", "gulf", "bay", "strait", "lake", "river"})
AREA_KINDS = frozenset({"sea", "gulf", "bay", "strait", "lake", "region", "peninsula", "island"})
POINT_KINDS = frozenset(KINDS) - AREA_KINDS - {"river"}
# Rank -> the lowest Leaflet zoom at which a label of that rank is drawn. Zoom 4 is the app's
# opening view (a 1366x768 screen shows about zoom 5 over the theatre); zoom 7 is a province.
RANK_MIN_ZOOM = {1: 3, 2: 4, 3: 5, 4: 6, 5: 7}
RANKS = tuple(RANK_MIN_ZOOM)

PLACE_COLUMNS = (
    "id",
    "kind",
    "rank",
    "lat",
    "lon",
    "name_en",
    "name_ar",
    "modern_en",
    "modern_ar",
    "name_start",
    "name_end",
    "tolerance_km",
    "source",
    "note",
)
VERTEX_COLUMNS = ("river_id", "seq", "lat", "lon", "source")
OPTIONAL = ("name_start", "name_end", "note")
REQUIRED = tuple(column for column in PLACE_COLUMNS if column not in OPTIONAL)
PROPERTIES = ("id", "kind", "rank", "name_en", "name_ar", "modern_en", "modern_ar", "start", "end", "source", "note")
_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,59}$")
_MAX_TEXT = 300


def min_zoom(rank: int) -> int:
    """The lowest zoom at which a place of ``rank`` is labelled."""
    return RANK_MIN_ZOOM[int(rank)]


def ranks_at(zoom: float) -> tuple[int, ...]:
    """The ranks labelled at ``zoom`` (fractional zooms round down, as Leaflet's tiles do)."""
    return tuple(rank for rank, low in RANK_MIN_ZOOM.items() if math.floor(zoom + 1e-9) >= low)


def label_order(kind: str, rank: int, ident: str) -> tuple[int, int, str]:
    """The greedy placement order: rank, then kind priority, then id (stable, deterministic)."""
    return (int(rank), KIND_PRIORITY.get(kind, len(KIND_PRIORITY)), ident)


# ----- the CSV tables (build time) -------------------------------------------------------


def _rows(text: str, columns: tuple[str, ...], problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        problems.append(Problem(reader.line_num, None, f"cannot parse CSV ({error})"))
        return []
    if not rows or [c.strip() for c in rows[0]] != list(columns):
        found = rows[0] if rows else []
        problems.append(Problem(1, None, f"header is {found}; expected {list(columns)}"))
        return []
    out = []
    for line, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            problems.append(Problem(line, None, f"has {len(values)} fields, the header has {len(columns)}"))
            continue
        out.append((line, {c: v.strip() for c, v in zip(columns, values, strict=True)}))
    return out


def _number(text: str, field: str, low: float, high: float, bad: Any) -> float | None:
    try:
        value = float(text)
    except ValueError:
        bad(field, f"{text[:30]!r} is not a number")
        return None
    if not low <= value <= high:
        bad(field, f"{text[:30]} is out of range; expected {low} to {high}")
        return None
    return value


def _day(text: str, field: str, bad: Any) -> date | None:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        bad(field, f"{text[:30]!r} is not a date; expected YYYY-MM-DD")
        return None
    if len(text) != 10 or not FIRST_DAY <= day <= LAST_DAY:
        bad(field, f"{text[:30]} is not a YYYY-MM-DD day within {FIRST_DAY} to {LAST_DAY}")
        return None
    return day


def check_place_rows(text: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Validate ``places.csv`` text: the typed rows that passed, and every problem by line and field."""
    problems: list[Problem] = []
    places: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for line, row in _rows(text, PLACE_COLUMNS, problems):
        before = len(problems)

        def bad(field: str, message: str, line: int = line) -> None:
            problems.append(Problem(line, field, message))

        for field in REQUIRED:
            if not row[field]:
                bad(field, "is empty; it is required")
        for field, value in row.items():
            if len(value) > (2000 if field in ("source", "note") else _MAX_TEXT):
                bad(field, f"is {len(value)} characters long")
        if row["id"] and not _ID.match(row["id"]):
            bad("id", f"{row['id'][:40]!r} is not a slug: lowercase letters, digits and '_'")
        elif row["id"] in seen:
            bad("id", f"duplicate id {row['id']!r}, first used on line {seen[row['id']]}")
        if row["kind"] and row["kind"] not in KINDS:
            bad("kind", f"{row['kind'][:30]!r} is not a kind; expected one of {', '.join(KINDS)}")
        if row["rank"] and row["rank"] not in {str(r) for r in RANKS}:
            bad("rank", f"{row['rank'][:10]!r}; expected one of {', '.join(map(str, RANKS))}")
        lat = _number(row["lat"], "lat", -90, 90, bad) if row["lat"] else None
        lon = _number(row["lon"], "lon", -180, 180, bad) if row["lon"] else None
        if row["tolerance_km"]:
            _number(row["tolerance_km"], "tolerance_km", 0.1, 2000, bad)
        for field in ("name_ar", "modern_ar"):
            if row[field] and not has_arabic(row[field]):
                bad(field, f"{row[field][:30]!r} has no Arabic letters; expected the Arabic name")
        for field in ("name_en", "modern_en"):
            if row[field] and has_arabic(row[field]):
                bad(field, "holds Arabic letters; expected the English name")
        start = _day(row["name_start"], "name_start", bad) if row["name_start"] else None
        end = _day(row["name_end"], "name_end", bad) if row["name_end"] else None
        if start and end and end < start:
            bad("name_end", f"{end} is before name_start {start}")
        seen.setdefault(row["id"], line)
        if len(problems) > before:
            continue
        places.append({**row, "rank": int(row["rank"]), "lat": lat, "lon": lon, "line": line,
                       "tolerance_km": float(row["tolerance_km"]), "start": start, "end": end})  # fmt: skip
    return places, problems


def check_vertex_rows(text: str, rivers: Iterable[str]) -> tuple[dict[str, list[tuple[float, float]]], list[Problem]]:
    """Validate ``river_guides.csv``: river id -> [(lon, lat), ...] in ``seq`` order, and the problems."""
    problems: list[Problem] = []
    known = set(rivers)
    found: dict[str, list[tuple[int, float, float]]] = {}
    for line, row in _rows(text, VERTEX_COLUMNS, problems):
        before = len(problems)

        def bad(field: str, message: str, line: int = line) -> None:
            problems.append(Problem(line, field, message))

        if row["river_id"] not in known:
            bad("river_id", f"{row['river_id'][:30]!r} is not a river in places.csv")
        seq = row["seq"]
        if not seq.isdigit():
            bad("seq", f"{seq[:10]!r}; expected a whole number")
        lat = _number(row["lat"], "lat", -90, 90, bad)
        lon = _number(row["lon"], "lon", -180, 180, bad)
        if not row["source"]:
            bad("source", "is empty; it is required")
        if len(problems) == before:
            found.setdefault(row["river_id"], []).append((int(seq), lon, lat))  # type: ignore[arg-type]
    lines: dict[str, list[tuple[float, float]]] = {}
    for river in sorted(known):
        vertices = sorted(found.get(river, []))
        seqs = [v[0] for v in vertices]
        if len(vertices) < 2:
            problems.append(Problem(None, "river_id", f"river {river!r} has {len(vertices)} vertices; at least 2"))
        elif len(set(seqs)) != len(seqs):
            problems.append(Problem(None, "seq", f"river {river!r} repeats a seq number"))
        else:
            lines[river] = [(lon, lat) for _, lon, lat in vertices]
    return lines, problems


# ----- the committed GeoJSON (run time) ---------------------------------------------------


def _typed(frame: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    """Check what the labels need of every feature, naming feature and field; parse the dates."""
    from map_layers.geodata import DataFileError

    problems = []
    for index, row in enumerate(frame.itertuples(index=False)):
        where = f"feature {index} ({getattr(row, 'id', '?')!s:.40})"
        if row.kind not in KINDS:
            problems.append(f"{where}, field kind: {row.kind!r} is not a kind")
        if row.rank not in RANKS:
            problems.append(f"{where}, field rank: {row.rank!r} is not one of {RANKS}")
        for field in ("name_en", "name_ar"):
            value = getattr(row, field)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}, field {field}: empty")
        if isinstance(row.name_ar, str) and row.name_ar and not has_arabic(row.name_ar):
            problems.append(f"{where}, field name_ar: no Arabic letters")
        minx, miny, maxx, maxy = row.geometry.bounds if row.geometry is not None else (0, 99, 0, 99)
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            problems.append(f"{where}, field geometry: coordinates out of range")
    if problems:
        raise DataFileError(
            path, "; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
        )
    for column in ("start", "end"):
        values = frame[column].replace("", None) if column in frame else pd.Series([None] * len(frame))
        frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[s]")
    frame["rank"] = frame["rank"].astype(int)
    return frame


def load_places(path: Path) -> gpd.GeoDataFrame:
    """``places.geojson`` as a GeoDataFrame of points with typed ``rank``, ``start`` and ``end``."""
    from map_layers.geodata import read_layer

    return _typed(read_layer(path, PROPERTIES[:5], ("Point",)), path)


def load_rivers(path: Path) -> gpd.GeoDataFrame:
    """``rivers.geojson``: river lines with their label anchor (``label_lon``, ``label_lat``)."""
    from map_layers.geodata import read_layer

    return _typed(read_layer(path, (*PROPERTIES[:5], "label_lon", "label_lat")), path)


def empty_places() -> gpd.GeoDataFrame:
    """A place table with no rows (for data sets that ship no gazetteer)."""
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in PROPERTIES})
    frame["rank"] = pd.Series(dtype="int64")
    for column in ("start", "end"):
        frame[column] = pd.Series(dtype="datetime64[s]")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([], crs="EPSG:4326"), crs="EPSG:4326")


def places_on(places: gpd.GeoDataFrame, day: date) -> gpd.GeoDataFrame:
    """The places whose name is in use on ``day`` (``start``/``end`` inclusive; empty = open)."""
    if not len(places):
        return places
    when = pd.Timestamp(day)
    start, end = places["start"], places["end"]
    return places[(start.isna() | (start <= when)) & (end.isna() | (end >= when))]


def css_class(kind: str, rank: int) -> str:
    """The label's CSS classes (styled in ``map_layers/js/labels.css``)."""
    family = "water" if kind in WATER_KINDS else "area" if kind in AREA_KINDS else "point"
    return f"rjw-label rjw-label--{kind} rjw-label--{family} rjw-rank-{int(rank)}"


def _iso(value: Any) -> str | None:
    return None if is_missing(value) else pd.Timestamp(value).date().isoformat()


def places_payload(places: gpd.GeoDataFrame, rivers: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """The compact list the live map's label engine (``labels.js``) takes, in placement order.

    Each item: ``id``, ``kind``, ``rank``, ``minZoom``, ``text`` (the name in ``lang``),
    ``cls`` (CSS classes), ``lat``/``lon`` (label anchor), ``start``/``end`` (ISO day or
    None: when the name is in use) and, for rivers, ``path`` ([[lat, lon], ...]).
    Text is data, not HTML: the engine sets it with ``textContent``.
    """
    field = f"name_{lang}"
    items: list[dict[str, Any]] = []
    for frame, is_river in ((places, False), (rivers, True)):
        for row in frame.itertuples(index=False):
            item: dict[str, Any] = {
                "id": row.id,
                "kind": row.kind,
                "rank": int(row.rank),
                "minZoom": min_zoom(row.rank),
                "text": getattr(row, field, None) or row.name_en,
                "cls": css_class(row.kind, row.rank),
                "start": _iso(row.start),
                "end": _iso(row.end),
            }
            if is_river:
                item["lat"], item["lon"] = round(float(row.label_lat), 4), round(float(row.label_lon), 4)
                item["path"] = [[round(y, 4), round(x, 4)] for x, y in row.geometry.coords]
            else:
                item["lat"], item["lon"] = round(row.geometry.y, 4), round(row.geometry.x, 4)
            items.append(item)
    items.sort(key=lambda item: label_order(item["kind"], item["rank"], item["id"]))
    return items
