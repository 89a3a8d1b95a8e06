"""Popup and tooltip HTML, built from data with every text escaped.

This is the only place where data text becomes HTML for the map: each value
goes through :func:`html.escape`, and a source becomes a link only when it is
an http(s) URL, so a CSV cannot inject markup or ``javascript:`` links.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from html import escape
from typing import Any

import pandas as pd

from map_layers.calendars import JulianDate
from map_layers.i18n import direction, format_day, format_number, label, t
from map_layers.rows import is_missing

# A web address inside a free-text source cell (also read by the static exports' source line).
SOURCE_URL = re.compile(r"https?://[^\s;<>\"']+")


# What each figure basis is called (events.csv strength_basis / casualties_basis), and the plain
# label used where a CSV gives no basis.
FIGURE_LABELS: dict[tuple[str, str], str] = {
    ("strength", "combatants"): "figure_strength_combatants",
    ("strength", "committed"): "figure_strength_committed",
    ("casualties", "killed_wounded_missing"): "figure_casualties_killed_wounded_missing",
    ("casualties", "killed_wounded"): "figure_casualties_killed_wounded",
    ("casualties", "killed_captured"): "figure_casualties_killed_captured",
    ("casualties", "killed"): "figure_casualties_killed",
    ("strength", ""): "popup_strength",
    ("casualties", ""): "popup_casualties",
}


def figure_label(measure: str, basis: str, lang: str) -> str:
    """The label of a figure pair: what ``measure`` (strength, casualties) counts under ``basis``.

    An unknown or empty basis (an uploaded CSV without the column) falls back to the plain
    "Strength" / "Casualties".
    """
    key = FIGURE_LABELS.get((measure, basis)) or FIGURE_LABELS[(measure, "")]
    return t(key, lang)


def _day(value: Any) -> date | None:
    if is_missing(value):
        return None
    return pd.Timestamp(value).date()


def date_range_text(start: Any, end: Any, lang: str) -> str:
    """``start`` or ``start – end`` formatted for ``lang`` (plain text)."""
    first, last = _day(start), _day(end)
    if first is None:
        return t("unknown", lang)
    if last is None or last == first:
        return format_day(first, lang)
    return t("valid_from_to", lang, start=format_day(first, lang), end=format_day(last, lang))


def source_html(source: str) -> str:
    """Escape a source citation, turning its http(s) URLs (only) into links."""
    parts, last = [], 0
    for match in SOURCE_URL.finditer(source):
        parts.append(escape(source[last : match.start()]))
        url = match.group(0).rstrip(".,)")
        parts.append(f'<a href="{escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{escape(url)}</a>')
        parts.append(escape(match.group(0)[len(url) :]))
        last = match.end()
    parts.append(escape(source[last:]))
    return "".join(parts)


def _text(row: dict[str, Any], field: str) -> str:
    value = row.get(field)
    return "" if is_missing(value) else str(value)


def _localised(row: dict[str, Any], field: str, lang: str) -> str:
    """``field`` in ``lang``, or in English where that is empty."""
    return _text(row, f"{field}_{lang}") or _text(row, f"{field}_en")


def _figures(row: dict[str, Any], prefix: str, lang: str) -> str | None:
    japan, russia = row.get(f"{prefix}_japan"), row.get(f"{prefix}_russia")

    def show(value: Any) -> str:
        if is_missing(value):
            return "—"
        return format_number(int(value), lang)

    if is_missing(japan) and is_missing(russia):
        return None
    return t("figure_pair", lang, japan=show(japan), russia=show(russia))


def event_popup(row: dict[str, Any], lang: str) -> str:
    """The bilingual-aware popup of one event: title, dates, place, summary, figures, source."""
    title = _localised(row, "title", lang)
    summary = _localised(row, "summary", lang)
    place = _text(row, f"place_{lang}")
    lines = [f"<h4 class='rjw-title'>{escape(title)}</h4>"]
    kind = label("kind", _text(row, "kind"), lang)
    lines.append(f"<div class='rjw-kind'>{escape(kind)}</div>")
    lines.append(
        f"<p><b>{escape(t('popup_dates', lang))}:</b> {escape(date_range_text(row.get('start'), row.get('end'), lang))}"
    )
    julian = _text(row, "julian_start")
    if julian:
        with contextlib.suppress(ValueError):  # shown as written if not a real date
            julian = JulianDate.fromisoformat(julian).isoformat()
        lines.append(f"<br><b>{escape(t('popup_julian', lang))}:</b> {escape(julian)}")
    if place:
        lines.append(f"<br><b>{escape(t('popup_place', lang))}:</b> {escape(place)}")
    lines.append("</p>")
    lines.append(f"<p>{escape(summary)}</p>")
    for prefix in ("strength", "casualties"):
        figures = _figures(row, prefix, lang)
        if figures:
            name = figure_label(prefix, _text(row, f"{prefix}_basis"), lang)
            lines.append(f"<div><b>{escape(name)}:</b> {escape(figures)}</div>")
    # A note only in the reader's language (``note`` is English, ``note_ar`` Arabic): an Arabic
    # popup never falls back to English. Isolated (<bdi>) so quoted Latin keeps its punctuation.
    note = _text(row, "note_ar" if lang == "ar" else "note")
    if note:
        lines.append(f"<div class='rjw-note'><b>{escape(t('popup_note', lang))}:</b> <bdi>{escape(note)}</bdi></div>")
    source = source_html(_text(row, "source"))
    lines.append(f"<div class='rjw-source'><b>{escape(t('popup_source', lang))}:</b> <bdi>{source}</bdi></div>")
    return f"<div class='rjw-popup' dir='{direction(lang)}' lang='{lang}'>{''.join(lines)}</div>"


def event_tooltip(row: dict[str, Any], lang: str) -> str:
    title = _localised(row, "title", lang)
    when = date_range_text(row.get("start"), row.get("end"), lang)
    return f"<div dir='{direction(lang)}' lang='{lang}'><b>{escape(title)}</b><br>{escape(when)}</div>"


def territory_tooltip(row: dict[str, Any], lang: str) -> str:
    name = _localised(row, "name", lang)
    holder = label("holder", _text(row, "holder"), lang)
    status = label("status", _text(row, "status"), lang)
    lines = [f"<b>{escape(name)}</b>", escape(t("held_by", lang, holder=holder)) + f" ({escape(status)})"]
    sovereign = _text(row, f"sovereign_{lang}")
    if sovereign:
        lines.append(escape(t("sovereign_is", lang, sovereign=sovereign)))
    lines.append(escape(date_range_text(row.get("start"), row.get("end"), lang)))
    return f"<div dir='{direction(lang)}' lang='{lang}'>{'<br>'.join(lines)}</div>"


def railway_tooltip(row: dict[str, Any], lang: str, state: str) -> str:
    name = _localised(row, "name", lang)
    line = _localised(row, "line", lang)
    opened = _day(row.get("opened"))
    started = _day(row.get("construction_start"))
    if state == "building" and started:
        when = t("railway_building_since", lang, date=format_day(started, lang))
    else:
        when = t("railway_opened_on", lang, date=format_day(opened, lang) if opened else t("unknown", lang))
    return f"<div dir='{direction(lang)}' lang='{lang}'><b>{escape(line)}</b><br>{escape(name)}<br>{escape(when)}</div>"


def movement_tooltip(row: dict[str, Any], lang: str) -> str:
    unit = _localised(row, "unit", lang)
    commander = _text(row, f"commander_{lang}")
    kind = t("movement_fleet" if _text(row, "kind") == "fleet" else "movement_army", lang)
    side = label("side", _text(row, "side"), lang)
    lines = [f"<b>{escape(unit)}</b>", f"{escape(kind)} · {escape(side)}"]
    if commander:
        lines.append(escape(commander))
    return f"<div dir='{direction(lang)}' lang='{lang}'>{'<br>'.join(lines)}</div>"
