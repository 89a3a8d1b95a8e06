"""What every symbol on the day's map means: one list of entries for the app and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from map_layers import style
from map_layers.i18n import direction, label, t
from map_layers.timeslice import DaySlice


@dataclass(frozen=True)
class LegendEntry:
    """One symbol: ``kind`` is territory | railway | movement | event | side | user_event."""

    kind: str
    text: str
    colour: str = "#000000"
    dash: str | None = None
    glyph: str = ""


def legend_entries(day_slice: DaySlice, lang: str) -> list[LegendEntry]:
    """Entries for the symbols visible in ``day_slice`` only, in a stable order."""
    entries: list[LegendEntry] = []
    territories = day_slice.territories
    for holder, status in sorted(set(zip(territories["holder"], territories["status"], strict=True))):
        look = style.territory_style(holder, status)
        text = f"{label('holder', holder, lang)} — {label('status', status, lang)}"
        entries.append(LegendEntry("territory", text, str(look["fillColor"]), look["dashArray"]))
    for state in ("open", "building"):
        if state in set(day_slice.railways.get("state", [])):
            look = style.RAILWAY_STYLES[state]
            entries.append(LegendEntry("railway", t(f"railway_{state}", lang), str(look["color"]), look["dashArray"]))
    for side in sorted(set(day_slice.heads.get("side", []))):
        look = style.movement_style(side, False)
        text = f"{t('movement_head', lang)} — {label('side', side, lang)}"
        entries.append(LegendEntry("movement", text, str(look["color"]), look["dashArray"], "➤"))
    shown = [day_slice.events]
    if day_slice.user_events is not None:
        shown.append(day_slice.user_events)
    kinds = sorted({k for frame in shown for k in frame.get("kind", [])})
    for kind in kinds:
        entries.append(LegendEntry("event", label("kind", kind, lang), "#444444", None, style.KIND_GLYPHS[kind]))
    sides = sorted({s or "other" for frame in shown for s in frame.get("side", [])})
    for side in sides:
        entries.append(
            LegendEntry("side", label("side", side, lang), style.side_colour(side), None, style.SIDE_LETTERS[side])
        )
    if day_slice.user_events is not None and len(day_slice.user_events):
        entries.append(LegendEntry("user_event", t("layer_uploaded", lang), "#444444", "4 3", "U"))
    return entries


def _swatch(entry: LegendEntry) -> str:
    border = "dashed" if entry.dash else "solid"
    if entry.kind == "territory":
        colours = f"background:{entry.colour}80;border-color:{entry.colour}"
        return f"<span class='sw' style='{colours};border-style:{border}'></span>"
    if entry.kind == "railway":
        return f"<span class='ln' style='border-top-style:{border};border-color:{entry.colour}'></span>"
    look = f"color:{entry.colour};font-weight:700;display:inline-block;width:1.6em"
    return f"<span style='{look}'>{escape(entry.glyph)}</span>"


def legend_html(day_slice: DaySlice, lang: str) -> str:
    """The legend as escaped HTML for the app's side panel."""
    rows = [f"{_swatch(e)}{escape(e.text)}" for e in legend_entries(day_slice, lang)]
    return (
        f"<div class='rjw-legend' dir='{direction(lang)}' lang='{lang}' data-testid='rjw-legend'>"
        f"<b>{escape(t('legend', lang))}</b><br>{'<br>'.join(rows)}</div>"
    )
