"""What the data build scripts share: strict CSV input, LineString features, a stable GeoJSON file."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from shapely.geometry import LineString, mapping


def read_csv(path: Path, fields: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(file row number, row with stripped values); the header must be exactly ``fields``."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != fields:
            raise ValueError(f"{path.name}: header {reader.fieldnames} != {fields}")
        out = []
        for i, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise ValueError(f"{path.name} row {i}: wrong number of fields")
            out.append((i, {k: v.strip() for k, v in row.items()}))
        return out


def line_feature(properties: dict[str, Any], lonlats: list[tuple[float, float]]) -> dict[str, Any]:
    """A LineString feature with coordinates rounded to 1e-4 degrees (about 10 m); shapely writes the geometry."""
    line = LineString([(round(lon, 4), round(lat, 4)) for lon, lat in lonlats])
    return {"type": "Feature", "properties": properties, "geometry": mapping(line)}


def dump(features: list[dict[str, Any]]) -> str:
    """A FeatureCollection with one feature per line, so a data change is a one-line diff."""
    body = [json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in features]
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(body) + "\n]}\n"


def write_or_check(out: Path, features: list[dict[str, Any]], summary: str, check: bool) -> int:
    """Write ``features`` to ``out`` (or only report, with ``--check``); the scripts' exit code."""
    if check:
        print(f"ok: {summary}")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(features), encoding="utf-8")
    print(f"wrote {out.name}: {summary}")
    return 0
