"""One rerun of the app: the bar, the map, and what follows the map's settled day.

The map (a player document in an iframe, see :mod:`map_layers.app.bridge`) evaluates time in
the browser: dragging and playing never reach this script. It runs when the page opens, when
the map settles on a day or view, and when a control outside the map is used.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import streamlit as st

from map_layers.app import exports, session, shared, story, toolbar, upload
from map_layers.app.bridge import live_map
from map_layers.app.localise import localise
from map_layers.geodata import DataFileError
from map_layers.i18n import t
from map_layers.paths import EVENTS_CSV
from map_layers.problem_text import message_text, problem_text
from map_layers.timeslice import LAYERS

PRESENTER_CSS = ".rjw-title { font-size: 1.5rem; }"
RTL_CSS = ".stApp { direction: rtl; }"


@functools.cache
def _page_css() -> str:
    return (Path(__file__).with_name("app.css")).read_text(encoding="utf-8")


def _style(lang: str, presenter: bool) -> None:
    extra = (RTL_CSS if lang == "ar" else "") + (PRESENTER_CSS if presenter else "")
    # One style element whatever the options, so the elements after it keep their place (and the map its frame).
    st.markdown(f"<style>{_page_css()}{extra}</style>", unsafe_allow_html=True)


def _notices(lang: str) -> None:
    upload.show(upload.lost_notices(lang))
    for problem in st.session_state.param_problems:
        st.warning(t("bad_param", lang, name=session.literal(problem.name), problem=session.literal(problem.problem)))
    problems = shared.event_table().problems
    # A file that cannot be read at all is an error; rows that fail are listed, the others shown.
    for problem in (p for p in problems if p.line is None):
        said = message_text(problem.message, lang)
        st.error(t("data_error", lang, problem=session.literal(f"{EVENTS_CSV.name}: {said}")))
    row_problems = [p for p in problems if p.line is not None]
    if row_problems:
        rows = len({p.line for p in row_problems})  # a row with three problems is one skipped row
        with st.expander(t("events_problems", lang, count=rows, name=EVENTS_CSV.name)):
            st.text("\n".join(problem_text(p, lang) for p in row_problems))


def main() -> None:
    """One rerun of the app."""
    session.init()
    state = session.state()
    lang, presenter = state.lang, state.presenter
    _style(lang, presenter)
    st.set_page_config(page_title=t("app_title", lang))  # the browser tab's title, in the page's language
    localise(lang)  # Streamlit's own words and <html lang dir> in the page's language
    try:
        shared.geodata()
    except DataFileError as error:
        st.error(t("data_error", lang, problem=session.literal(error)))
        st.stop()
    events = shared.event_table().events

    def tools() -> Any:
        # The export pop-over's contents are made only while it is open (opening it reruns the
        # page): every settled day would otherwise build them for nobody. Returned, to fill.
        export_box = st.popover(t("export_section", lang), key="rjw-export", on_change="rerun")
        with st.popover(t("upload_section", lang), key="rjw-upload"):
            upload.upload_panel(lang)
        return export_box

    # The bar is drawn after the map, into its place above it: the map's element is the first
    # the browser gets, so the first paint waits for none of the bar's widgets. The upload is
    # read first, as the map draws it.
    bar = st.container()
    upload.apply_upload(lang, uploader_shown=not presenter)
    _notices(lang)

    report = live_map(
        src=shared.player_url(lang),
        start={
            "date": state.day.isoformat(),
            "view": None
            if state.view is None
            else {"lat": state.view.lat, "lon": state.view.lon, "zoom": state.view.zoom},
            "layers": [name for name in LAYERS if name in state.layers],
            "presenter": presenter,
        },
        layers=[name for name in LAYERS if name in state.layers],
        command=st.session_state.command,
        user_events_url=st.session_state.get("user_events_url"),
        upload_name=upload.upload_name(),
        session=session.session_id(),
        title=t("map_frame_title", lang),
        on_settled=session.on_settled,
        on_lost_upload=upload.on_lost_upload,
        key=session.MAP_KEY,
    )
    session.apply_settled(report.settled)  # a no-op unless the callback was lost (a restarted server)
    state = session.state()
    with bar:
        export_box = toolbar.toolbar(lang, presenter, tools)
    exports.keep_choices()
    if export_box is not None and (export_box.open or exports.job_running()):
        with export_box:
            exports.export_panel(events, state)
    session.sync_url()
    if not presenter and session.below_map_due(report.painted):
        list_col, figures_col = st.columns([2, 1])
        with list_col:
            story.event_list(events, state.day, lang)
        with figures_col:
            story.figures(events, state.day, lang)
        story.timeline(events, state.day, lang)
        st.caption(t("footer", lang))
    session.end_run()
    shared.after_first_page()
