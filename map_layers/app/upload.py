"""A teacher's own events CSV: validated like ours, drawn above ours by the player, ours untouched."""

from __future__ import annotations

import streamlit as st

from map_layers.app import session, shared
from map_layers.events import EventTable, read_events
from map_layers.i18n import format_number, t
from map_layers.problem_text import problem_text

# A teacher's CSV may be this large; a larger one gets our message, in the page's language. Streamlit
# itself refuses files over UPLOAD_HARD_CAP_MB before they reach us (with its own English message):
# also server.maxUploadSize in .streamlit/config.toml.
MAX_UPLOAD_MB = 5
UPLOAD_HARD_CAP_MB = 20


def _forget() -> None:
    st.session_state.user_events = None
    st.session_state.user_events_url = None
    st.session_state.upload_table = None


def upload_panel(lang: str) -> None:
    upload = st.file_uploader(
        t("upload_label", lang),
        type=["csv"],
        key="upload",
        help=t("upload_help", lang, mb=MAX_UPLOAD_MB),
        max_upload_size=UPLOAD_HARD_CAP_MB,
    )
    # Our limit, in the page's language (Streamlit's own line, hidden by the page's CSS, states its hard cap).
    st.caption(t("upload_limit", lang, mb=MAX_UPLOAD_MB))
    if upload is None:
        _forget()
        return
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        size = format_number(round(upload.size / 1_000_000, 1), lang)
        st.error(t("upload_too_big", lang, name=session.literal(upload.name), size=size, mb=MAX_UPLOAD_MB))
        _forget()
        return
    signature = (upload.name, upload.size, upload.file_id, lang)
    if st.session_state.get("upload_signature") != signature:
        st.session_state.upload_signature = signature
        table = read_events(upload.getvalue())
        st.session_state.upload_table = table
        st.session_state.user_events = table.events if len(table.events) else None
        st.session_state.user_events_url = (
            None if st.session_state.user_events is None else shared.user_events_url(table.events, lang)
        )
    table: EventTable = st.session_state.upload_table
    st.caption(t("upload_loaded", lang, count=len(table.events), name=session.literal(upload.name)))
    if table.problems:
        rows = len({problem.line for problem in table.problems})  # one row, however many problems
        st.warning(t("events_problems", lang, count=rows, name=session.literal(upload.name)))
        report = "\n".join(problem_text(problem, lang) for problem in table.problems)
        st.code(report, language=None, wrap_lines=True)
