"""The Streamlit edge: widgets, caching and the live map. Nothing below imports Streamlit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import streamlit as st
from streamlit_folium import st_folium

from map_layers.assets import use_local_assets
from map_layers.events import FIRST_DAY, LAST_DAY, EventTable, read_events
from map_layers.geodata import DataFileError, GeoData, load_geodata
from map_layers.i18n import direction, format_day, t
from map_layers.layers import base_map, day_layers, legend_items
from map_layers.paths import EVENTS_CSV
from map_layers.permalink import MapState, parse_params, to_params
from map_layers.timeslice import LAYERS, DaySlice, slice_day

MAP_HEIGHT = 620


@st.cache_resource(show_spinner=False)
def shared_geodata() -> GeoData:
    """Geodata is read-only and shared by every session: load it once per server."""
    return load_geodata()


@st.cache_resource(show_spinner=False)
def shared_events() -> EventTable:
    return read_events(EVENTS_CSV)


def _initial_state() -> MapState:
    """The state from the URL on a session's first run; notices for bad parameters."""
    if "map_state" not in st.session_state:
        state, problems = parse_params(st.query_params.to_dict())
        st.session_state.map_state = state
        st.session_state.param_problems = problems
        st.session_state.day = state.day
    return st.session_state.map_state


def _sync_url(state: MapState) -> None:
    wanted = to_params(state)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def _sidebar(state: MapState) -> MapState:
    lang = state.lang
    with st.sidebar:
        lang = st.radio(
            t("language", lang),
            ("en", "ar"),
            index=("en", "ar").index(lang),
            format_func=lambda code: {"en": "English", "ar": "العربية"}[code],
            horizontal=True,
            key="lang",
        )
        st.subheader(t("layers", lang))
        layers = frozenset(
            name
            for name in LAYERS
            if st.checkbox(t(f"layer_{name}", lang), value=name in state.layers, key=f"layer_{name}")
        )
    return replace(state, lang=lang, layers=layers)


def _date_slider(state: MapState) -> date:
    return st.slider(
        t("date", state.lang),
        min_value=FIRST_DAY,
        max_value=LAST_DAY,
        step=timedelta(days=1),
        format="YYYY-MM-DD",
        key="day",
    )


def _legend(day_slice: DaySlice, lang: str) -> None:
    rows = []
    for kind, token, text in legend_items(day_slice, lang):
        rows.append(f"{kind}: {token} {text}")
    st.caption(" · ".join(r.split(": ", 1)[1] for r in rows))


def main() -> None:
    """Run one rerun of the app."""
    use_local_assets()
    state = _initial_state()
    try:
        geo = shared_geodata()
    except DataFileError as error:
        st.error(t("data_error", state.lang, problem=str(error)))
        st.stop()
    table = shared_events()

    state = _sidebar(state)
    lang = state.lang
    st.markdown(
        f"<div dir='{direction(lang)}'><h2 style='margin:0'>{t('app_title', lang)}</h2></div>",
        unsafe_allow_html=True,
    )
    for problem in st.session_state.param_problems:
        st.warning(t("bad_param", lang, name=problem.name, problem=problem.problem))
    day = _date_slider(state)
    state = replace(state, day=day)
    st.session_state.map_state = state
    _sync_url(state)

    day_slice = slice_day(geo, table.events, day, state.layers)
    st.markdown(f"<div dir='{direction(lang)}'><b>{format_day(day, lang)}</b></div>", unsafe_allow_html=True)
    st_folium(
        base_map(geo, lang),
        key=f"map-{lang}",
        feature_group_to_add=day_layers(day_slice, lang),
        returned_objects=[],
        height=MAP_HEIGHT,
        use_container_width=True,
    )
    _legend(day_slice, lang)
