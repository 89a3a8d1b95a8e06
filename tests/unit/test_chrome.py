"""Streamlit's English dialog texts, translated in the page by js/chrome_i18n.js."""

from __future__ import annotations

from map_layers.chrome import STREAMLIT_TEXTS, chrome_script, chrome_strings


def test_english_replaces_nothing_and_arabic_replaces_every_known_text():
    assert chrome_strings("en") == {}
    arabic = chrome_strings("ar")
    assert set(arabic) == set(STREAMLIT_TEXTS) and arabic["Connection error"] == "خطأ في الاتصال"


def test_script_carries_the_strings_as_safe_json():
    script = chrome_script("ar")
    assert '"Connection error":"خطأ في الاتصال"' in script and "function rjwChromeI18n(strings, direction)" in script
    assert script.rstrip().endswith('"rtl");')
    assert "</script" not in script.lower()
