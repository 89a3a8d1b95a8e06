"""A teacher's own events CSV: validated within the upload budget, drawn above ours by the player.

Reading and its messages are pure (:mod:`map_layers.upload`); this panel only shows them. A
file is read once (milliseconds, whatever it holds); the session keeps the events while its
uploader holds the file and lets them go with the file or the session.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from map_layers.app import session, shared
from map_layers.events import EventTable
from map_layers.i18n import t
from map_layers.limits import UPLOAD
from map_layers.memory import trim_soon
from map_layers.upload import Notice, lost_notice, read_upload, upload_notices

# Streamlit refuses files over this before they reach us (its own English message); below it, ours
# in the page's language. Also server.maxUploadSize in .streamlit/config.toml.
UPLOAD_HARD_CAP_MB = 20
UPLOAD_LIMIT_MB = UPLOAD.bytes / 1_000_000


LOST_NAME_MAX = 200  # characters of a lost upload's name kept (the browser sends it)


def on_lost_upload() -> None:
    """The page says a restarted server lost the events of its upload: keep the name to say so."""
    name = (st.session_state.get(session.MAP_KEY) or {}).get("lostUpload")
    if isinstance(name, str) and name and st.session_state.get("upload_table") is None:
        st.session_state.lost_upload = name[:LOST_NAME_MAX]


def show(notices: list[Notice]) -> None:
    """Each notice as a Streamlit alert of its level, its details (a problem list) as text below."""
    for notice in notices:
        getattr(st, notice.level)(notice.text)
        if notice.details:
            st.code(notice.details, language=None, wrap_lines=True)


def lost_notices(lang: str) -> list[Notice]:
    """The warning that the server lost this page's uploaded events, if it did."""
    name = st.session_state.get("lost_upload")
    return [lost_notice(session.literal(name), lang)] if name else []


def upload_name() -> str | None:
    """The name of the file whose events are on the map (for the map to keep), or None."""
    signature = st.session_state.get("upload_signature")
    return signature[0] if signature and st.session_state.get("user_events") is not None else None


def _forget() -> None:
    if st.session_state.get("upload_table") is not None:
        trim_soon()
    for key in ("user_events", "user_events_url", "upload_table", "upload_signature"):
        st.session_state[key] = None


def apply_upload(lang: str, uploader_shown: bool) -> None:
    """Read the uploader's file (once) into the session, before the map that draws it.

    The uploader itself is drawn later in the run (:func:`upload_panel`, in the bar that
    follows the map); its value is in the session's state from the start of the run. Where
    the uploader is not shown (presenter view), the session keeps what it holds.
    """
    if uploader_shown:
        upload = st.session_state.get("upload")
        # Read before the widget, the state may hold a file the server no longer has (a
        # restart): Streamlit's DeletedFile, which the widget itself would filter out.
        if not isinstance(upload, UploadedFile):
            _forget()
            return
        signature = (upload.name, upload.size, upload.file_id)
        if st.session_state.get("upload_signature") != signature:
            st.session_state.upload_signature = signature
            fresh = read_upload(upload.getvalue())
            st.session_state.upload_table = fresh
            st.session_state.user_events = fresh.events if len(fresh.events) else None
            st.session_state.user_events_url = None
            st.session_state.lost_upload = None
            trim_soon()
    table: EventTable | None = st.session_state.get("upload_table")
    held = st.session_state.get("upload_signature")
    if table is None or st.session_state.get("user_events") is None:
        return
    if st.session_state.get("user_events_lang") != (held, lang):
        st.session_state.user_events_url = shared.user_events_url(table.events, lang)
        st.session_state.user_events_lang = (held, lang)


def upload_panel(lang: str) -> None:
    """The uploader, its limit and what :func:`apply_upload` made of the file."""
    upload = st.file_uploader(
        t("upload_label", lang),
        type=["csv"],
        key="upload",
        help=t("upload_help", lang, mb=f"{UPLOAD_LIMIT_MB:g}"),
        max_upload_size=UPLOAD_HARD_CAP_MB,
    )
    # Our limit, in the page's language (Streamlit's own line, hidden by the page's CSS, states its hard cap).
    st.caption(t("upload_limit", lang, mb=f"{UPLOAD_LIMIT_MB:g}"))
    table = st.session_state.get("upload_table")
    if upload is None or table is None:
        return
    show(upload_notices(table, session.literal(upload.name), lang))
