"""One session's state: what the URL opened, what the map last settled on, commands to the map.

The map leads while the user drags or plays; Python follows. The session keeps the *settled*
day and view the map reported, and sends the map numbered commands (go to a day, fly to a
place) when a click outside the map asks for one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import date
from typing import Any

import geopandas as gpd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from map_layers import navigation
from map_layers.export.jobs import job_runner
from map_layers.memory import SessionToken
from map_layers.permalink import MapState, parse_params, to_params
from map_layers.timeslice import LAYERS

MAP_KEY = "rjw-map"
FLY_ZOOM = 6


def literal(text: object) -> str:
    """Text shown as itself in Streamlit's Markdown (alerts, captions, labels).

    File names, URL values and data-file messages come from users: a ``![x](url)`` among
    them must not load an image, nor ``[x](url)`` make a link, nor ``<b>`` format. Every
    ASCII punctuation character is backslash-escaped, which CommonMark allows for all of them.
    The text is also bidi-isolated (FSI … PDI), so a Latin file name keeps its order in Arabic.
    """
    return "\u2068" + re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text)) + "\u2069"


def session_id() -> str:
    """This browser session's id (export jobs are limited per session)."""
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "no-session"


def init() -> None:
    """First run of a session: the state from the URL, with notices for bad parameters.

    The session also gets a token that, when Streamlit drops the session (the browser has
    gone), cancels its export jobs; its upload goes with its state, and memory is trimmed.
    """
    if "map_state" in st.session_state:
        return
    st.session_state.session_token = SessionToken(functools.partial(job_runner().cancel_session, session_id()))
    state, problems = parse_params(st.query_params.to_dict())
    st.session_state.map_state = state
    st.session_state.param_problems = problems
    st.session_state.setdefault("lang", state.lang)
    st.session_state.setdefault("presenter", state.presenter)
    st.session_state.command = None
    st.session_state.command_seq = 0
    st.session_state.map_size = None
    st.session_state.first_run = True


def state() -> MapState:
    return st.session_state.map_state


def update(**changes: Any) -> MapState:
    st.session_state.map_state = replace(state(), **changes)
    return st.session_state.map_state


def go_to(day: date, fly: tuple[float, float, int] | None = None) -> None:
    """Ask the map to show ``day`` (and fly to a place): a numbered command, applied once."""
    st.session_state.command_seq += 1
    day = navigation.clamp(day)
    st.session_state.command = {
        "seq": st.session_state.command_seq,
        "date": day.isoformat(),
        "fly": list(fly) if fly else None,
    }
    update(day=day, view=None if fly else state().view)


def jump_to_event(events: gpd.GeoDataFrame, event_id: str) -> None:
    match = events[events["id"] == event_id]
    if not match.empty:
        row = match.iloc[0]
        go_to(row["start"].date(), (round(row.geometry.y, 4), round(row.geometry.x, 4), FLY_ZOOM))


def on_settled() -> None:
    """The map settled on a day and view: keep them (a callback, before the rerun)."""
    apply_settled((st.session_state.get(MAP_KEY) or {}).get("settled"))


def below_map_due(painted: bool) -> bool:
    """Whether this run draws what lies below the map.

    Not in a session's first run until the map has painted: the browser would lay out the
    event list and the charts (a second or so of its main thread) before the map's frame.
    Any later run draws them, in case the map's report was lost (a restarted server).
    """
    return painted or not st.session_state.first_run


def end_run() -> None:
    st.session_state.first_run = False


def apply_settled(settled: object) -> None:
    """Keep what the map last settled on, once per new value.

    Also called with the map's value during the run: after a server restart the page's first
    message reaches a session that has not run the script yet, which drops the callback but
    keeps the value.
    """
    if not isinstance(settled, dict) or settled == st.session_state.get("last_settled"):
        return
    st.session_state.last_settled = settled
    # The browser is not trusted more than a URL: the same parser checks what it sends.
    raw = {"date": str(settled.get("date", ""))}
    view = settled.get("view")
    if isinstance(view, dict):
        raw["view"] = ",".join(str(view.get(k, "")) for k in ("lat", "lon", "zoom"))
    parsed, problems = parse_params(raw)
    bad = {problem.name for problem in problems}
    changes: dict[str, Any] = {}
    if "date" not in bad:
        changes["day"] = parsed.day
    if "view" in raw and "view" not in bad:
        changes["view"] = parsed.view
    layers = settled.get("layers")
    if isinstance(layers, list) and all(isinstance(name, str) for name in layers):
        changes["layers"] = frozenset(layers) & frozenset(LAYERS)  # the legend's check boxes
    update(**changes)
    size = settled.get("size")
    if isinstance(size, list) and len(size) == 2 and all(isinstance(v, int) and 100 <= v <= 10000 for v in size):
        st.session_state.map_size = (size[0], size[1])


def sync_url() -> None:
    """Write the session's state to the address bar, so a reload or a shared link reopens it."""
    wanted = to_params(state())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
