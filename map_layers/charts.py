"""Altair charts: the timeline of all events, and the figures of one battle."""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import geopandas as gpd
import pandas as pd

from map_layers import style
from map_layers.events import FIRST_DAY, KINDS, LAST_DAY, SIDES
from map_layers.i18n import format_number, label, t
from map_layers.popups import figure_label
from map_layers.rows import is_missing

TIMELINE_SELECTION = "pick"
# Above this many events the timeline shows monthly counts instead of one mark per event.
MAX_EVENT_MARKS = 1500


def _sides(lang: str) -> tuple[list[str], list[str]]:
    return [label("side", s, lang) for s in SIDES], [style.side_colour(s) for s in SIDES]


def with_day_rule(spec: dict[str, Any], day: date) -> dict[str, Any]:
    """``spec`` (from :func:`timeline_spec`) with a rule at the month of ``day``; no Altair involved.

    Building and validating an Altair chart costs ~80 ms, so the marks are built once. The
    rule sits on the 1st of the month: on a 15-year axis a month is a few pixels, and while a
    student scrubs day by day the spec stays the same, so the browser need not redraw the chart.
    """
    rule = {
        "mark": {"type": "rule", "color": style.TODAY_COLOUR, "strokeWidth": 2},
        "data": {"values": [{"day": day.replace(day=1).isoformat()}]},
        "encoding": {"x": {"field": "day", "type": "temporal"}},
    }
    return {**spec, "layer": [*spec["layer"], rule]}


def timeline_spec(events: gpd.GeoDataFrame, lang: str) -> dict[str, Any]:
    """All events by kind over time as a Vega-Lite spec; clicking an event selects its id."""
    return timeline_marks(events, lang).to_dict()


def timeline_chart(events: gpd.GeoDataFrame, day: date, lang: str) -> dict[str, Any]:
    """The timeline with its rule at ``day`` (what the app shows)."""
    return with_day_rule(timeline_spec(events, lang), day)


def timeline_marks(events: gpd.GeoDataFrame, lang: str) -> alt.LayerChart:
    """The timeline's marks: one per event, or monthly counts for very many events."""
    kinds = [label("kind", k, lang) for k in KINDS]
    side_names, side_colours = _sides(lang)
    if len(events) > MAX_EVENT_MARKS:
        monthly = (
            pd.DataFrame({"month": events["start"].dt.to_period("M").dt.to_timestamp(), "kind": events["kind"]})
            .groupby(["month", "kind"])
            .size()
            .reset_index(name="count")
        )
        monthly["kind"] = [label("kind", k, lang) for k in monthly["kind"]]
        marks = (
            alt.Chart(monthly)
            .mark_square()
            .encode(
                x=alt.X("month:T", title=t("date", lang)),
                y=alt.Y("kind:N", sort=kinds, title=None, axis=alt.Axis(labelOverlap=False)),
                size=alt.Size("count:Q", legend=None),
            )
        )
        return alt.layer(marks).properties(height=300)  # type: ignore[return-value]  # a LayerChart stays one
    frame = pd.DataFrame(
        {
            "id": events["id"],
            "start": events["start"],
            "end": events["end"],
            "kind": [label("kind", k, lang) for k in events["kind"]],
            "side": [label("side", s or "other", lang) for s in events["side"]],
            "title": events[f"title_{lang}"],
        }
    )
    period = [FIRST_DAY.isoformat(), LAST_DAY.isoformat()]
    # nearest: a click picks the closest mark, so small marks need no pixel-exact aim.
    pick = alt.selection_point(name=TIMELINE_SELECTION, fields=["id"], on="click", nearest=True)
    marks = (
        alt.Chart(frame)
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=alt.X("start:T", title=t("date", lang), scale=alt.Scale(domain=period)),
            y=alt.Y("kind:N", sort=kinds, title=None, axis=alt.Axis(labelOverlap=False)),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=side_names, range=side_colours),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            shape=alt.Shape(
                "side:N",
                scale=alt.Scale(domain=side_names, range=[style.SHAPE_VEGA[style.side_shape(s)] for s in SIDES]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("title:N", title=""), alt.Tooltip("start:T", title=t("popup_dates", lang))],
        )
        .add_params(pick)
    )
    return alt.layer(marks).properties(height=300)  # type: ignore[return-value]  # a LayerChart stays one


def figures_chart(event: pd.Series, lang: str) -> alt.Chart | None:
    """Strength and casualties of a battle by side, or None if the sources give no figures."""
    rows = []
    for measure in ("strength", "casualties"):
        basis = event.get(f"{measure}_basis")
        name = figure_label(measure, basis if isinstance(basis, str) else "", lang)
        for side in ("japan", "russia"):
            value = event.get(f"{measure}_{side}")
            if not is_missing(value):
                rows.append(
                    {
                        "measure": name,
                        "side": label("side", side, lang),
                        "value": int(value),
                        "text": format_number(int(value), lang),
                    }
                )
    if not rows:
        return None
    side_names, side_colours = _sides(lang)
    base = alt.Chart(pd.DataFrame(rows)).encode(
        y=alt.Y("side:N", title=None),
        x=alt.X("value:Q", title=None),
        color=alt.Color("side:N", scale=alt.Scale(domain=side_names, range=side_colours), legend=None),
    )
    bars = base.mark_bar()
    text = base.mark_text(align="left", dx=3).encode(text="text:N")
    # Each measure's name as a header above its bars: the names say what is counted and are long.
    header = alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelLimit=320)
    order = list(dict.fromkeys(str(row["measure"]) for row in rows))  # strength first, as listed
    row = alt.Row("measure:N", title=None, header=header, sort=order)
    return (bars + text).properties(height=60, width=260).facet(row=row)
