"""One catalogue for every user-facing string, complete in both languages."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from map_layers.events import KINDS, SIDES, has_arabic
from map_layers.i18n import CATALOGUE, format_day, format_number, t
from map_layers.style import HOLDER_COLOURS
from map_layers.timeslice import LAYERS

PACKAGE = Path(__file__).resolve().parents[2] / "map_layers"
# Keys looked up by a computed name: "kind_" + kind, and so on.
DYNAMIC_PREFIXES = (
    "kind_",
    "side_",
    "holder_",
    "status_",
    "layer_",
    "speed_",
    "railway_",
    "place_",
    "movement_",
    "export_help_",
)
# Catalogue entries that are the same in both languages on purpose (symbols and placeholders only).
SAME_IN_BOTH = {"holder_line", "valid_from_to", "st_month_value"}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages(key):
    entry = CATALOGUE[key]
    assert set(entry) == {"en", "ar"}
    assert entry["en"].strip() and entry["ar"].strip()
    if key not in SAME_IN_BOTH:
        assert has_arabic(entry["ar"]), f"{key}: Arabic text has no Arabic script"
    assert re.findall(r"{(\w+)}", entry["en"]) == re.findall(r"{(\w+)}", entry["ar"]) or sorted(
        re.findall(r"{(\w+)}", entry["en"])
    ) == sorted(re.findall(r"{(\w+)}", entry["ar"])), f"{key}: placeholders differ"


def test_every_enumerated_value_is_translated():
    for prefix, values in (("kind", KINDS), ("side", SIDES), ("layer", LAYERS), ("holder", HOLDER_COLOURS)):
        for value in values:
            assert f"{prefix}_{value}" in CATALOGUE


def test_every_key_is_used_in_the_code():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "i18n.py")
    source += "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.js"))
    unused = [
        key
        for key in CATALOGUE
        if not key.startswith(DYNAMIC_PREFIXES) and f'"{key}"' not in source and f"'{key}'" not in source
    ]
    assert unused == []


_UI_CALLS = {
    "button",
    "checkbox",
    "radio",
    "slider",
    "selectbox",
    "toggle",
    "subheader",
    "header",
    "title",
    "markdown",
    "caption",
    "warning",
    "error",
    "info",
    "success",
    "expander",
    "download_button",
    "file_uploader",
    "text",
    "write",
    "progress",
    "spinner",
    "toast",
    "tabs",
    "popover",
}


def _literal_words(node: ast.AST) -> str:
    """Letters that a literal (or the literal parts of an f-string) would show a user, tags removed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return ""
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes
    text = re.sub(r"[a-z-]+\s*=\s*['\"][^'\"]*['\"]", " ", text)  # stray attributes of split tags
    return " ".join(re.findall(r"[A-Za-z]{2,}", text))


def test_no_user_facing_string_outside_the_catalogue():
    offenders = []
    for path in sorted((PACKAGE / "app").glob("*.py")):  # the Streamlit edge: every widget's words
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _UI_CALLS:
                for argument in node.args[:1] + [k.value for k in node.keywords if k.arg in ("label", "help")]:
                    words = _literal_words(argument)
                    if words:
                        offenders.append(f"{path.name} line {node.lineno}: {node.func.attr}({words!r})")
    assert offenders == []


def test_dates_and_numbers_follow_the_locale():
    assert format_day(date(1904, 2, 8), "en") == "8 February 1904"
    assert format_day(date(1904, 2, 8), "ar") == "8 فبراير 1904"
    assert format_number(89000, "ar") == "89,000"  # Western digits in both languages (see i18n)
    assert t("tour_position", "ar", index=2, total=17) == "اللحظة الحاسمة 2 من 17"
