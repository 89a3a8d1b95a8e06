"""Below the map: the events around the settled day (a click flies the map there), the battle
figures of the day and the timeline of the whole period. They follow the map's settled day."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import streamlit as st

from map_layers.app import session, shared
from map_layers.charts import TIMELINE_SELECTION, with_day_rule
from map_layers.i18n import t, vega_locale


def _readable(spec: dict, lang: str, description: str) -> dict:
    """A chart spec with month names in ``lang`` and one accessible name (no generated English ARIA)."""
    config = {**spec.get("config", {}), "locale": vega_locale(lang), "aria": False}
    # Marks and guides out of the accessibility tree: the chart is one image with one name
    # (Vega's generated English descriptions, and unnamed "symbol" roles, would fail WCAG).
    for part in ("mark", "title", "axis", "legend"):
        config[part] = {**config.get(part, {}), "aria": False}
    return {**spec, "config": config, "description": description}


def event_list(events: gpd.GeoDataFrame, day: date, lang: str) -> None:
    """Events around the day, current ones marked; a click jumps there. Doubles as a text map."""
    st.markdown(f"**{t('events_around', lang)}**")
    for event_id, when, title, now in shared.events_around(day, lang):
        # events.csv is edited by people: its text is shown as text, never as Markdown.
        st.button(
            f"{'▶ ' if now else ''}{when} · {session.literal(title)}",
            key=f"jump-{event_id}",
            on_click=session.jump_to_event,
            args=(events, event_id),
            type="primary" if now else "tertiary",
            width="stretch",
        )


def figures(events: gpd.GeoDataFrame, day: date, lang: str) -> None:
    """Strengths and casualties of the first battle shown that day that has figures."""
    event_id = shared.figures_event(day)
    if event_id is None:
        return
    spec = shared.figures(event_id, lang)
    if spec is None:
        return
    title = events.loc[events["id"] == event_id, f"title_{lang}"].iloc[0]
    st.markdown(f"**{session.literal(title)}**")
    st.vega_lite_chart(_readable(spec, lang, t("chart_figures", lang, title=title)))


def _on_timeline_select(events: gpd.GeoDataFrame) -> None:
    selection = st.session_state.get("timeline", {}).get("selection", {}).get(TIMELINE_SELECTION) or []
    if selection and "id" in selection[0]:
        session.jump_to_event(events, selection[0]["id"])


def timeline(events: gpd.GeoDataFrame, day: date, lang: str) -> None:
    st.vega_lite_chart(
        _readable(with_day_rule(shared.timeline_chart(lang), day), lang, t("chart_timeline", lang)),
        key="timeline",
        on_select=lambda: _on_timeline_select(events),
        selection_mode=TIMELINE_SELECTION,
        width="stretch",
    )
