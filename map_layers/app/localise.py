"""Streamlit's own words in the page's language, and ``<html lang dir>`` to match.

Streamlit has no translations: its skip link, upload button, date and number inputs, chart
toolbar, status widget and connection dialog speak English whatever the page says. This
components-v2 module (``localise.js``, mounted once per page by :func:`localise`) relabels
those elements in place — text and ``aria-label``-like attributes — with a MutationObserver,
as Streamlit renders them. Elements are found by ``data-testid``; where one test id serves
several strings (the chart toolbar) the English text selects the rule. The words themselves
live in the catalogue (``st_*`` keys of :mod:`map_layers.i18n`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
from babel.dates import get_month_names

from map_layers.i18n import BABEL_LOCALES, CATALOGUE, direction

_HERE = Path(__file__).resolve().parent
KEY = "rjw-localise"


@dataclass(frozen=True)
class Rule:
    """Relabel ``attr`` (None: the element's text) of every ``selector`` match with catalogue ``key``.

    The English text of ``key`` is the pattern (its ``{placeholders}`` capture what Streamlit put
    there, e.g. a widget's label); ``months`` also turns English month names into the page's.
    """

    selector: str
    attr: str | None
    key: str
    months: bool = False


def _tid(test_id: str) -> str:
    return f"[data-testid='{test_id}']"


RULES: tuple[Rule, ...] = (
    Rule(_tid("stSkipToContent"), None, "st_skip_to_content"),
    Rule(f"{_tid('stFileUploaderDropzone')} button {_tid('stMarkdownContainer')} p", None, "st_upload_button"),
    Rule(_tid("stFileUploaderDropzoneInput"), "aria-label", "st_file_input"),
    Rule(f"{_tid('stFileChipDeleteBtn')} button", "aria-label", "st_remove_file"),
    Rule(f"{_tid('stFileUploaderDropzone')} {_tid('stBaseButton-borderlessIcon')}", "aria-label", "st_add_files"),
    Rule(f"{_tid('stFileUploaderDropzone')} {_tid('stBaseButton-borderlessIcon')} span", None, "st_add_icon"),
    Rule(f"{_tid('stFileChip')} div", None, "st_size_kb"),
    Rule(f"{_tid('stFileChip')} div", None, "st_size_mb"),
    Rule(_tid("stFileChip"), "aria-label", "st_file_chip"),
    *(
        Rule(f"{_tid('stCode')} button", attr, key)
        for attr in ("aria-label", "title")
        for key in ("st_copy_clipboard", "st_copied")
    ),
    Rule(_tid("stNumberInputStepDown"), "aria-label", "st_decrement"),
    Rule(_tid("stNumberInputStepUp"), "aria-label", "st_increment"),
    Rule(_tid("stDateInputCalendarButton"), "aria-label", "st_choose_date"),
    Rule("[role='spinbutton'][data-type='year']", "aria-label", "st_year_of"),
    Rule("[role='spinbutton'][data-type='month']", "aria-label", "st_month_of"),
    Rule("[role='spinbutton'][data-type='day']", "aria-label", "st_day_of"),
    Rule("[role='spinbutton'][data-type='month']", "aria-valuetext", "st_month_value", months=True),
    Rule("[id^='react-aria-description-']", None, "st_selected_date", months=True),
    Rule(f"{_tid('stTooltipIcon')} button", "aria-label", "st_help_for"),
    Rule(_tid("stMainMenuButton"), "aria-label", "st_main_menu"),
    Rule(_tid("stMainMenuList"), "aria-label", "st_main_menu"),
    Rule(_tid("stVegaLiteChart"), "aria-label", "st_chart"),
    Rule(_tid("stBaseButton-elementToolbar"), "aria-label", "st_show_data"),
    Rule(_tid("stBaseButton-elementToolbar"), "aria-label", "st_download_png"),
    Rule(_tid("stBaseButton-elementToolbar"), "aria-label", "st_copy_spec"),
    Rule(_tid("stBaseButton-elementToolbar"), "aria-label", "st_fullscreen"),
    Rule(_tid("stBaseButton-elementToolbar"), "aria-label", "st_exit_fullscreen"),
    Rule(_tid("stStatusWidgetRunningIcon"), "aria-label", "st_running"),
    Rule(f"{_tid('stStatusWidget')} button", None, "st_stop"),
    Rule(f"{_tid('stStatusWidget')} button *", None, "st_rerun"),
    Rule(f"{_tid('stStatusWidget')} button *", None, "st_always_rerun"),
    Rule(f"{_tid('stStatusWidget')} button *", None, "st_stop"),
    Rule(f"{_tid('stConnectionStatus')} label", None, "st_connecting"),
    Rule(f"{_tid('stConnectionStatus')} label", None, "st_error"),
    Rule("[role='tooltip'] *", None, "st_connecting_tip"),
    Rule("[role='tooltip'] *", None, "st_cannot_connect"),
    # The connection dialog (Streamlit shows it while the server is away: the rules keep working).
    Rule(f"{_tid('stDialog')} *", None, "st_connection_error"),
    Rule(f"{_tid('stDialog')} *", None, "st_server_stopped"),
    Rule(f"{_tid('stDialog')} *", None, "st_server_not_responding"),
    Rule(f"{_tid('stDialog')} *", None, "st_connection_lost"),
    Rule(f"{_tid('stDialog')} button *", None, "st_try_again"),
    Rule(f"{_tid('stDialog')} button *", None, "st_close"),
    Rule(f"{_tid('stDialog')} button", "aria-label", "st_close"),
)


# Parts whose generated ARIA says nothing a reader needs, in any language: Vega's marks and
# guides ("Title text …", unnamed symbols). The chart stays one image named by its description.
HIDDEN: tuple[str, ...] = (f"{_tid('stVegaLiteChart')} svg > g",)


def _pattern(text: str) -> str:
    """A JS regular expression matching ``text`` whole, its ``{name}`` placeholders as named groups."""
    parts = re.split(r"{(\w+)}", text)
    return "^" + "".join(re.escape(part) if i % 2 == 0 else f"(?<{part}>.*?)" for i, part in enumerate(parts)) + "$"


def _replacement(text: str) -> str:
    """``text`` with ``{name}`` as JS replacement references ``$<name>`` (and ``$`` escaped)."""
    return re.sub(r"{(\w+)}", r"$<\1>", text.replace("$", "$$"))


@functools.cache
def rules_data(lang: str) -> dict[str, Any]:
    """What ``localise.js`` needs for ``lang``: the page's lang/dir and the rules (none for English)."""
    months = {}
    rules = []
    if lang != "en":
        english = get_month_names("wide", locale="en")
        local = get_month_names("wide", locale=BABEL_LOCALES.get(lang, lang))
        months = {english[m]: local[m] for m in range(1, 13)}
        for rule in RULES:
            entry = CATALOGUE[rule.key]
            rules.append(
                {
                    "s": rule.selector,
                    "a": rule.attr,
                    "p": _pattern(entry["en"]),
                    "r": _replacement(entry.get(lang) or entry["en"]),
                    "m": rule.months,
                }
            )
    return {"lang": lang, "dir": direction(lang), "rules": rules, "months": months, "hide": list(HIDDEN)}


@functools.cache
def _component() -> Any:
    return st.components.v2.component(
        "rjw_localise", js=(_HERE / "localise.js").read_text(encoding="utf-8"), isolate_styles=False
    )


def localise(lang: str) -> None:
    """Mount the relabeller once per page (the page's CSS hides its empty element)."""
    _component()(key=KEY, data=rules_data(lang), height=0)
