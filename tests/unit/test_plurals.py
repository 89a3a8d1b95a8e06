"""Counts in messages take the form the language's plural rules ask for (CLDR, through babel)."""

from __future__ import annotations

import re

import pytest

from map_layers.events import has_arabic
from map_layers.i18n import CATALOGUE, PLURAL_BY, PLURALS, plural_category, t

ARABIC_CATEGORIES = {"zero", "one", "two", "few", "many", "other"}


@pytest.mark.parametrize(
    ("count", "category"), [(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (11, "many"), (100, "other")]
)
def test_arabic_plural_categories(count, category):
    assert plural_category(count, "ar") == category


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "لا أحداث من a.csv على الخريطة"),
        (1, "حدث واحد من a.csv على الخريطة"),
        (2, "حدثان من a.csv على الخريطة"),
        (3, "3 أحداث من a.csv على الخريطة"),
        (11, "11 حدثًا من a.csv على الخريطة"),
        (100, "100 حدث من a.csv على الخريطة"),
    ],
)
def test_arabic_event_count_agrees_with_its_number(count, text):
    assert t("upload_loaded", "ar", count=count, name="a.csv") == text


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 row of a.csv was skipped:"), (2, "2 rows of a.csv were skipped:")],
)
def test_english_singular_and_plural(count, text):
    assert t("events_problems", "en", count=count, name="a.csv") == text


def test_arabic_and_more_is_words_for_one_and_two():
    # The awkward "و1 غيرها" of old: one and two are said in words, as Arabic does.
    assert t("and_more", "ar", count=1) == "ووحدة أخرى"
    assert t("and_more", "ar", count=2) == "ووحدتان أخريان"
    assert t("and_more", "ar", count=3) == "و3 وحدات أخرى"


def test_already_formatted_counts_choose_the_form_too():
    assert t("problems_more", "ar", count="1,203") == t("problems_more", "ar", count=1203)
    assert t("upload_loaded", "en", count=1000, name="a") == "1,000 events from a on the map"


def test_skipped_rows_choose_the_form_not_the_problems():
    text = t("upload_rows_skipped", "ar", rows="1", count="3", name="a.csv")
    assert text.startswith("تم تخطي صف واحد من a.csv (عدد المشكلات: 3)")
    assert t("upload_rows_skipped", "en", rows=2, count=2, name="a").startswith("2 rows of a were skipped")


def test_another_value_can_choose_the_form():
    assert t("export_event_fading", "en", days=1).endswith("1 day")
    assert t("export_event_fading", "ar", days=10).endswith("10 أيام")


@pytest.mark.parametrize("key", sorted(PLURALS))
def test_every_plural_entry_is_complete(key):
    forms = PLURALS[key]
    assert set(forms["en"]) == {"one", "other"}
    assert set(forms["ar"]) == ARABIC_CATEGORIES
    name = PLURAL_BY.get(key, "count")
    assert "{" + name + "}" in forms["en"]["other"] and "{" + name + "}" in forms["ar"]["other"]
    for category in ("one", "two", "few", "many", "other"):
        assert has_arabic(forms["ar"][category]), f"{key}/{category}"
    assert key not in CATALOGUE, f"{key} is in both catalogues"


def test_no_catalogue_text_fakes_a_plural():
    # "row(s)" and a bare "{count}" before a noun are what PLURALS is for.
    faked = [key for key, entry in CATALOGUE.items() if re.search(r"\w\(s\)|{count}", entry["en"])]
    assert faked == []
