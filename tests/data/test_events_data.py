"""The shipped chronology: valid, sourced, bilingual, placed, and carrying the seed article's facts."""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd
import pytest

from map_layers.events import has_arabic, read_events
from map_layers.paths import EVENTS_CSV

TABLE = read_events(EVENTS_CSV)
EVENTS = TABLE.events.set_index("id", drop=False)

# Every fact of the seed article (shared/seed), with the standard Gregorian date it is stored at.
# Where the article differs (Tsushima 27-29 May, the April landing in Korea, "killed" at Mukden, ...),
# the standard date is kept and the row's note says what the article says.
ARTICLE_FACTS = [
    ("trans_siberian_start", "1891-05-31", "the Trans-Siberian railway built from 1891"),
    ("circum_baikal_railway_opened", None, "...to 1904"),
    ("sino_japanese_war_declared", "1894-08-01", "Japan's war with China, 1894-95"),
    ("treaty_of_shimonoseki", "1895-04-17", "Japan won the Liaodong peninsula"),
    ("triple_intervention", "1895-04-23", "the European powers made Japan give it up"),
    ("japanese_army_expansion", None, "Japan steadily expanded its army after 1894"),
    ("li_lobanov_treaty", "1896-06-03", "the 1896 Russo-Chinese alliance against Japan"),
    ("chinese_eastern_railway_concession", "1896-09-08", "railway rights across Manchuria to Vladivostok"),
    ("port_arthur_lease", "1898-03-27", "the 1898 lease of Port Arthur (Lüshun)"),
    ("occupation_of_manchuria", None, "Russian forces in Manchuria"),
    ("missed_withdrawal_1903", "1903-04-08", "Russia broke the withdrawal agreement in 1903"),
    ("attack_on_port_arthur", "1904-02-08", "the surprise attack of 8 February 1904"),
    ("first_army_landing_korea", None, "a Japanese army sent to Korea"),
    ("second_army_landing_pitzuwo", None, "May: more troops landed on the Liaodong peninsula"),
    ("battle_of_nanshan", None, "26 May: Port Arthur cut off"),
    ("battle_of_telissu", "1904-06-14", "the Russian defeat at Fu-hsien (Telissu)"),
    ("battle_of_liaoyang", None, "...and at Liaoyang"),
    ("battle_of_shaho", None, "the October counter-offensive, reinforced by rail"),
    ("siege_of_port_arthur", None, "the long siege and failed assaults"),
    ("surrender_of_port_arthur", "1905-01-02", "2 January: Port Arthur surrendered"),
    ("battle_of_mukden", "1905-02-20", "Mukden, late February to early March 1905"),
    ("battle_of_tsushima", "1905-05-27", "Tsushima, 27 May 1905"),
    ("bloody_sunday", "1905-01-22", "growing unrest inside Russia"),
    ("portsmouth_conference", "1905-08-09", "the Portsmouth conference, 9 August - 5 September 1905"),
    ("treaty_of_portsmouth", "1905-09-05", "the Treaty of Portsmouth"),
]


def test_the_shipped_csv_has_no_problems():
    assert [str(p) for p in TABLE.problems] == []
    assert len(TABLE.events) >= 100


@pytest.mark.parametrize(("event_id", "start", "fact"), ARTICLE_FACTS, ids=[f[0] for f in ARTICLE_FACTS])
def test_every_fact_of_the_article_is_an_event(event_id, start, fact):
    assert event_id in EVENTS.index, fact
    if start:
        assert EVENTS.loc[event_id, "start"].date() == date.fromisoformat(start), fact


def test_article_dates_sit_in_their_spans():
    span = {row.id: (row.start.date(), row.end.date()) for row in EVENTS.itertuples()}
    assert span["battle_of_nanshan"][1] == date(1904, 5, 26)  # the garrison cut off on 26 May
    assert span["portsmouth_conference"][1] == date(1905, 9, 5)
    assert span["battle_of_mukden"][1] >= date(1905, 3, 10)
    assert span["battle_of_tsushima"][1] == date(1905, 5, 28)  # the article's "27-29" is in the note
    assert span["battle_of_shaho"][0].month == 10
    assert date(1904, 5, 1) <= span["second_army_landing_pitzuwo"][0] <= date(1904, 5, 31)


def test_where_the_article_differs_the_note_says_so():
    for event_id in ("battle_of_tsushima", "first_army_landing_korea", "battle_of_mukden", "treaty_of_portsmouth"):
        assert "article" in EVENTS.loc[event_id, "note"].lower(), event_id


def test_mukden_figures_are_integers_from_standard_histories():
    mukden = EVENTS.loc["battle_of_mukden"]
    for column in ("strength_japan", "strength_russia", "casualties_japan", "casualties_russia"):
        assert int(mukden[column]) == mukden[column] > 10_000


def test_every_event_is_sourced():
    for row in EVENTS.itertuples():
        assert re.search(r"https?://\S+\.\S+", row.source) or len(row.source) > 20, row.id


def test_every_event_is_bilingual_in_the_right_scripts():
    for row in EVENTS.itertuples():
        assert has_arabic(row.title_ar) and has_arabic(row.summary_ar), row.id
        assert not has_arabic(row.title_en) and not has_arabic(row.summary_en), row.id
        assert row.summary_en.count(".") >= 1 and len(row.summary_en) >= 60, row.id
        if row.place_en:
            assert has_arabic(row.place_ar), row.id


def test_key_moments_make_a_tour_of_12_to_20():
    assert 12 <= int(EVENTS["key"].sum()) <= 20


def test_port_arthur_is_in_manchuria_not_texas():
    for row in EVENTS.itertuples():
        if (row.place_en or "").startswith("Port Arthur"):
            assert abs(row.geometry.y - 38.8) < 0.6 and abs(row.geometry.x - 121.25) < 0.8, row.id


@pytest.mark.parametrize(
    ("event_id", "lat", "lon"),
    [
        ("treaty_of_portsmouth", 43.08, -70.74),
        ("bloody_sunday", 59.94, 30.31),
        ("anglo_japanese_alliance", 51.51, -0.14),
        ("chinese_eastern_railway_concession", 52.52, 13.40),
        ("baltic_fleet_departs_libau", 56.5, 21.0),
        ("battle_of_mukden", 41.8, 123.4),
        ("battle_of_liaoyang", 41.27, 123.17),
        ("battle_of_tsushima", 34.4, 130.0),
        ("trans_siberian_start", 43.12, 131.9),
    ],
)
def test_events_are_where_they_happened(event_id, lat, lon):
    point = EVENTS.loc[event_id, "geometry"]
    assert abs(point.y - lat) < 0.5 and abs(point.x - lon) < 0.5


def test_events_in_east_asia_are_in_the_theatre():
    far = {"li_lobanov_treaty", "yamagata_lobanov_protocol", "west_siberian_railway_completed"}
    for row in EVENTS.itertuples():
        place = (row.place_en or "").lower()
        if any(w in place for w in ("manchuria", "korea", "liaodong", "mukden", "port arthur", "sakhalin")):
            assert 100 < row.geometry.x < 150 and 30 < row.geometry.y < 55 and row.id not in far, row.id


def test_julian_dates_are_given_for_russian_documents():
    russian = EVENTS[EVENTS["julian_start"].astype(bool)]
    assert len(russian) >= 10
    assert EVENTS.loc["bloody_sunday", "julian_start"] == "1905-01-09"


def test_ids_and_dates_are_in_order_and_gregorian():
    starts = EVENTS["start"]
    assert starts.is_monotonic_increasing
    assert starts.min() >= pd.Timestamp("1891-01-01") and EVENTS["end"].max() <= pd.Timestamp("1905-12-31")


def test_every_figure_says_what_it_measures():
    """Where a row gives strengths it names their basis, and likewise for casualties."""
    for row in EVENTS.itertuples():
        if pd.notna(row.strength_japan) or pd.notna(row.strength_russia):
            assert row.strength_basis in ("combatants", "committed"), row.id
        else:
            assert row.strength_basis == "", row.id
        if pd.notna(row.casualties_japan) or pd.notna(row.casualties_russia):
            assert row.casualties_basis, row.id
        else:
            assert row.casualties_basis == "", row.id


def test_liaoyang_counts_combatants_not_the_ration_strength():
    liaoyang = EVENTS.loc["battle_of_liaoyang"]
    assert liaoyang["strength_basis"] == "combatants"
    assert 150_000 <= liaoyang["strength_russia"] <= 160_000  # 245,300 was the ration strength
    assert "245,300" in liaoyang["note"]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# Reference coordinates of key places (modern city centres, GeoNames/OpenStreetMap), independent of
# events.csv: an event at one of these places must lie within TOLERANCE_KM of it.
REFERENCE_PLACES = {
    "Mukden": (41.8057, 123.4315),
    "Liaoyang": (41.2680, 123.1730),
    "Port Arthur": (38.8120, 121.2600),
    "Harbin": (45.7567, 126.6424),
    "Qiqihar": (47.3543, 123.9180),
    "Haicheng": (40.8520, 122.7480),
    "Dalny": (38.9140, 121.6150),
    "Chemulpo": (37.4750, 126.6170),
    "Seoul": (37.5660, 126.9780),
    "Pyongyang": (39.0190, 125.7380),
    "Vladivostok": (43.1150, 131.8850),
    "Tokyo": (35.6850, 139.7530),
    "Peking": (39.9040, 116.4070),
    "St Petersburg": (59.9300, 30.3300),
    "Chefoo": (37.5400, 121.4000),
    "Weihaiwei": (37.5100, 122.1200),
    "Fenghuangcheng": (40.4525, 124.0644),
    "Korsakov": (46.6300, 142.7800),
    "Portsmouth": (43.0800, -70.7400),
}
TOLERANCE_KM = 15.0
PLACED = {
    "battle_of_mukden": "Mukden",
    "japanese_occupy_mukden": "Mukden",
    "russians_take_mukden_1900": "Mukden",
    "battle_of_liaoyang": "Liaoyang",
    "kuropatkin_arrives_liaoyang": "Liaoyang",
    "siege_of_port_arthur": "Port Arthur",
    "surrender_of_port_arthur": "Port Arthur",
    "port_arthur_lease": "Port Arthur",
    "russian_squadron_port_arthur": "Port Arthur",
    "capture_of_port_arthur_1894": "Port Arthur",
    "harbin_relieved_1900": "Harbin",
    "qiqihar_taken_1900": "Qiqihar",
    "haicheng_taken_1894": "Haicheng",
    "occupation_of_dalny": "Dalny",
    "japanese_advance_guard_lands_chemulpo": "Chemulpo",
    "japan_korea_protectorate_treaty": "Seoul",
    "battle_of_pyongyang_1894": "Pyongyang",
    "vladivostok_bombarded": "Vladivostok",
    "japan_declares_war": "Tokyo",
    "liaodong_retrocession_convention": "Peking",
    "new_territories_convention": "Peking",
    "bloody_sunday": "St Petersburg",
    "shimonoseki_ratified": "Chefoo",
    "battle_of_weihaiwei": "Weihaiwei",
    "occupation_of_fenghuangcheng": "Fenghuangcheng",
    "japanese_occupy_korsakov": "Korsakov",
    "treaty_of_portsmouth": "Portsmouth",
}


@pytest.mark.parametrize(("event_id", "place"), sorted(PLACED.items()))
def test_key_places_match_the_reference_table(event_id, place):
    point = EVENTS.loc[event_id, "geometry"]
    assert _km(point.y, point.x, *REFERENCE_PLACES[place]) <= TOLERANCE_KM, (event_id, place)


def test_sandepu_lies_36_to_58_km_south_west_of_mukden():
    """Kowner (via Wikipedia): 'about 36 miles (58 km) south-west of Mukden'; the old point was 63 km."""
    point = EVENTS.loc["battle_of_sandepu", "geometry"]
    mukden = REFERENCE_PLACES["Mukden"]
    assert 36 <= _km(point.y, point.x, *mukden) <= 58
    assert point.y < mukden[0] and point.x < mukden[1]


def test_notes_are_written_for_readers_in_both_languages():
    for row in EVENTS.itertuples():
        assert bool(row.note) == bool(row.note_ar), row.id
        if row.note_ar:
            assert has_arabic(row.note_ar) and not has_arabic(row.note), row.id
        for internal in ("Seed article", "side=other", "pages read", "other helper", "earlier version of this row"):
            assert internal.lower() not in row.note.lower(), (row.id, internal)


def test_every_event_has_two_sources():
    for row in EVENTS.itertuples():
        assert len([s for s in row.source.split(" ; ") if s.strip()]) >= 2, row.id


def test_the_southern_branch_and_harbin_follow_the_port_arthur_lease():
    lease = EVENTS.loc["port_arthur_lease", "start"]
    for event_id in ("cer_southern_branch", "harbin_founded"):
        assert EVENTS.loc[event_id, "start"] > lease, event_id
    assert EVENTS.loc["russian_squadron_port_arthur", "start"] < lease  # the squadron came first


def test_the_fleet_left_tangier_in_two_groups_folkersam_first():
    tangier = EVENTS.loc["baltic_fleet_at_tangier"]
    assert tangier["start"] == pd.Timestamp("1904-11-03") and tangier["end"] == pd.Timestamp("1904-11-05")
    assert EVENTS.loc["folkersam_detachment_suez", "start"] == pd.Timestamp("1904-11-03")
