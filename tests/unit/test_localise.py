"""The relabelling rules for Streamlit's own words: complete, and valid as JavaScript patterns."""

from __future__ import annotations

import re

from map_layers.app.localise import RULES, _pattern, _replacement, rules_data
from map_layers.events import has_arabic
from map_layers.i18n import CATALOGUE


def _python(pattern: str) -> re.Pattern[str]:
    """The JS pattern as Python reads it (named groups (?<n>…) are (?P<n>…) there)."""
    return re.compile(pattern.replace("(?<", "(?P<"))


def test_english_page_gets_no_rules_but_its_lang_and_dir():
    data = rules_data("en")
    assert data["rules"] == [] and data["lang"] == "en" and data["dir"] == "ltr"


def test_arabic_page_gets_every_rule_in_arabic():
    data = rules_data("ar")
    assert data["dir"] == "rtl" and len(data["rules"]) == len(RULES)
    for rule in data["rules"]:
        assert has_arabic(rule["r"]) or "$<" in rule["r"]
    assert data["months"]["February"] == "فبراير"


def test_patterns_match_streamlits_english_and_carry_the_label_over():
    pattern = _python(_pattern(CATALOGUE["st_help_for"]["en"]))
    match = pattern.match("Help for أضف أحداثك الخاصة (ملف CSV)")
    assert match and match.group("label") == "أضف أحداثك الخاصة (ملف CSV)"
    assert _replacement(CATALOGUE["st_help_for"]["ar"]) == "مساعدة: $<label>"
    assert _python(_pattern("Running...")).match("Running...")
    assert not _python(_pattern("Running...")).match("Running!!!")  # dots are literal


def test_every_rule_names_a_catalogue_key():
    for rule in RULES:
        assert rule.key in CATALOGUE
        assert rule.selector and (rule.attr is None or rule.attr.startswith("aria-") or rule.attr == "title")
