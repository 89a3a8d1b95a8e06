"""The gazetteer's validator, loader, day filter and label payload, on tiny tables."""

from __future__ import annotations

import json
from datetime import date

import pytest

from map_layers.geodata import DataFileError, load_geodata
from map_layers.places import (
    PLACE_COLUMNS,
    check_place_rows,
    check_vertex_rows,
    label_order,
    load_places,
    places_on,
    places_payload,
    ranks_at,
)

HEADER = ",".join(PLACE_COLUMNS)
GOOD = "port_arthur,fortress,1,38.812,121.263,Port Arthur,بورت آرثر,Lüshunkou,لوشونكو,,,6,https://example.org/pa,"


def table(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


def problems_of(*rows: str) -> list[tuple[int | None, str | None]]:
    return [(p.line, p.field) for p in check_place_rows(table(*rows))[1]]


def test_a_good_row_is_typed():
    places, problems = check_place_rows(table(GOOD))
    assert not problems
    assert places[0]["rank"] == 1 and places[0]["lat"] == pytest.approx(38.812) and places[0]["line"] == 2


@pytest.mark.parametrize(
    ("row", "field"),
    [
        (GOOD.replace("fortress", "castle"), "kind"),
        (GOOD.replace(",1,38.812", ",9,38.812"), "rank"),
        (GOOD.replace("38.812", "98.5"), "lat"),
        (GOOD.replace("121.263", "east"), "lon"),
        (GOOD.replace("بورت آرثر", "Port Arthur"), "name_ar"),
        (GOOD.replace(",بورت آرثر,", ",,"), "name_ar"),
        (GOOD.replace("Port Arthur,", "بورت,"), "name_en"),
        (GOOD.replace(",,,6,", ",1904-13-01,,6,"), "name_start"),
        (GOOD.replace(",,,6,", ",1905-01-01,1904-01-01,6,"), "name_end"),
        (GOOD.replace("https://example.org/pa", ""), "source"),
        (GOOD.replace("port_arthur", "Port Arthur!"), "id"),
    ],
)
def test_each_bad_field_is_named_with_its_line(row, field):
    assert (3, field) in problems_of(GOOD.replace("port_arthur", "other"), row)


def test_duplicate_ids_and_short_rows_are_named():
    assert problems_of(GOOD, GOOD) == [(3, "id")]
    assert problems_of(GOOD, "x,city,1") == [(3, None)]
    assert check_place_rows("id,kind\nx,city\n")[1][0].line == 1


def test_vertex_rows_need_known_rivers_and_two_vertices():
    text = "river_id,seq,lat,lon,source\nyalu,1,40,124,s\nyalu,2,41,125,s\nnile,1,30,31,s\nhan,1,37,127,s\n"
    lines, problems = check_vertex_rows(text, ["yalu", "han"])
    assert lines == {"yalu": [(124.0, 40.0), (125.0, 41.0)]}
    assert [(p.line, p.field) for p in problems] == [(4, "river_id"), (None, "river_id")]


def test_rank_rule():
    assert ranks_at(4) == (1, 2)
    assert ranks_at(4.9) == (1, 2)
    assert ranks_at(7) == (1, 2, 3, 4, 5)
    assert ranks_at(2) == ()


def test_placement_order_is_rank_then_kind():
    assert sorted([("town", 1, "a"), ("capital", 2, "b"), ("capital", 1, "c")], key=lambda x: label_order(*x)) == [
        ("capital", 1, "c"),
        ("town", 1, "a"),
        ("capital", 2, "b"),
    ]


def test_geodata_carries_places_and_rivers(tiny_geodata):
    assert list(tiny_geodata.places["id"]) == ["town_a", "sea_a"]
    assert list(tiny_geodata.rivers["id"]) == ["river_a"]


def test_places_on_honours_name_dates(tiny_geodata):
    places = tiny_geodata.places.copy()
    places.loc[0, "end"] = places["start"].dtype.type("1897-10-11")
    assert list(places_on(places, date(1897, 10, 11))["id"]) == ["town_a", "sea_a"]
    assert list(places_on(places, date(1897, 10, 12))["id"]) == ["sea_a"]


def test_payload_in_each_language(tiny_geodata):
    en = places_payload(tiny_geodata.places, tiny_geodata.rivers, "en")
    ar = places_payload(tiny_geodata.places, tiny_geodata.rivers, "ar")
    assert [item["id"] for item in en] == ["town_a", "sea_a", "river_a"]
    assert [item["text"] for item in ar] == ["البلدة أ", "البحر أ", "النهر أ"]
    town, sea, river = en
    assert town["cls"].split() == ["rjw-label", "rjw-label--city", "rjw-label--point", "rjw-rank-1"]
    assert "rjw-label--water" in sea["cls"] and sea["minZoom"] == 4
    assert river["path"] == [[39.0, 122.0], [40.0, 123.0]] and (river["lat"], river["lon"]) == (39.5, 122.5)
    json.dumps(en)  # plain JSON values only


def test_a_broken_place_file_names_feature_and_field(tiny_geodata_dir):
    path = tiny_geodata_dir / "places.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"][1]["properties"]["rank"] = 7
    collection["features"][0]["properties"]["name_ar"] = "Town"
    path.write_text(json.dumps(collection), encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_places(path)
    assert "feature 1 (sea_a), field rank" in str(error.value)
    assert "feature 0 (town_a), field name_ar" in str(error.value)
    with pytest.raises(DataFileError):
        load_geodata(tiny_geodata_dir)
