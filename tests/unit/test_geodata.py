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


def _damage(path, change) -> None:
    collection = _features(path)
    change(collection)
    path.write_text(json.dumps(collection), encoding="utf-8")


def _set_geometry(index: int, geometry):
    def change(collection):
        collection["features"][index]["geometry"] = geometry

    return change


def _set_property(index: int, key: str, value):
    def change(collection):
        collection["features"][index]["properties"][key] = value

    return change


BOWTIE = {"type": "Polygon", "coordinates": [[[120, 38], [122, 40], [122, 38], [120, 40], [120, 38]]]}


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("territories.geojson", _set_geometry(1, None), "feature 1 ('west_lease') has no geometry (null)"),
        ("territories.geojson", _set_geometry(0, BOWTIE), "feature 0 ('west_qing') has an invalid geometry (Self"),
        ("territories.geojson", _set_geometry(2, {"type": "Polygon", "coordinates": []}), "has an empty geometry"),
        ("railways.geojson", _set_geometry(0, {"type": "Point", "coordinates": [120, 39]}), "is a Point; expected"),
        (
            "territories.geojson",
            lambda c: c.update(crs={"type": "name", "properties": {"name": "EPSG:3857"}}),
            "coordinate system 'EPSG:3857'; expected EPSG:4326",
        ),
        (
            "railways.geojson",
            _set_geometry(1, {"type": "LineString", "coordinates": [[13_358_338, 4_721_671], [13_469_658, 4_793_000]]}),
            "outside longitude/latitude degrees; is the file projected?",
        ),
        ("territories.geojson", _set_property(2, "end", "1890-01-01"), "'east_korea': end 1890-01-01 is before start"),
        (
            "railways.geojson",
            _set_property(0, "opened", "1896-01-01"),
            "opened 1896-01-01 is before construction_start",
        ),
        (
            "movements.geojson",
            _set_property(0, "times", ["1904-05-01", "1904-05-31", "1904-05-11"]),
            "movement 'army_1': times are not in order (vertex 2 is 1904-05-11, after 1904-05-31)",
        ),
        (
            "movements.geojson",
            _set_property(0, "times", ["1904-05-01", "soon", "1904-05-31"]),
            "a time is not YYYY-MM-DD",
        ),
        ("movements.geojson", _set_property(0, "times", "1904-05-01"), "has no list of times for 3 vertices"),
    ],
)
def test_geometry_crs_and_date_problems_are_named(tiny_geodata_dir, file, change, expected):
    _damage(tiny_geodata_dir / file, change)
    with pytest.raises(DataFileError) as caught:
        load_geodata(tiny_geodata_dir)
    assert str(caught.value).startswith(f"{file}: ") and expected in str(caught.value)


def test_wgs84_crs_member_and_paused_movements_are_accepted(tiny_geodata_dir):
    _damage(
        tiny_geodata_dir / "territories.geojson",
        lambda c: c.update(crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}),
    )
    _damage(
        tiny_geodata_dir / "movements.geojson", _set_property(0, "times", ["1904-05-01", "1904-05-01", "1904-05-31"])
    )
    assert len(load_geodata(tiny_geodata_dir).movements) == 2


def test_a_folder_in_place_of_a_file_is_named(tiny_geodata_dir):
    path = tiny_geodata_dir / "land_world.geojson"
    path.unlink()
    path.mkdir()
    with pytest.raises(DataFileError, match=r"land_world\.geojson: is a folder"):
        load_geodata(tiny_geodata_dir)
