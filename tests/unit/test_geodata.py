"""A broken or missing geodata file stops loading with a message naming the file and the problem."""

from __future__ import annotations

import json

import pytest

from map_layers.geodata import DataFileError, load_geodata


def test_tiny_geodata_loads(tiny_geodata_dir):
    geo = load_geodata(tiny_geodata_dir)
    assert len(geo.territories) == 3 and len(geo.railways) == 2


def _features(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("file", "damage", "expected"),
    [
        ("territories.geojson", None, "file not found"),
        ("railways.geojson", '{"type": "FeatureCollection", "features": [', "not readable GeoJSON"),
        ("land_world.geojson", '{"type": "Feature"}', "no 'features' list"),
        ("territories.geojson", "drop:holder", "feature 0 lacks the property holder"),
        ("territories.geojson", "set:start=1904-02-30", "not YYYY-MM-DD"),
        ("movements.geojson", "set:times=[]", "times for"),
        ("railways.geojson", "set:id=", "has no id"),
    ],
)
def test_damaged_file_is_named_with_its_problem(tiny_geodata_dir, file, damage, expected):
    path = tiny_geodata_dir / file
    if damage is None:
        path.unlink()
    elif damage.startswith(("drop:", "set:")):
        collection = _features(path)
        properties = collection["features"][0]["properties"]
        action, _, what = damage.partition(":")
        if action == "drop":
            del properties[what]
        else:
            key, _, value = what.partition("=")
            properties[key] = json.loads(value) if value.startswith("[") else value
        path.write_text(json.dumps(collection), encoding="utf-8")
    else:
        path.write_text(damage, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_geodata(tiny_geodata_dir)
    assert str(caught.value).startswith(f"{file}: ") and expected in str(caught.value)
