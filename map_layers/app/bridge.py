"""The live map in the page: one iframe holding the player document, kept across reruns.

A Streamlit components-v2 module (``bridge.js``) creates the iframe once, forwards the page's
keys to the player, applies numbered commands from Python (go to a day, fly somewhere) and
reports the *settled* day and view back as component state — one message when the user stops,
never one per frame, so dragging and playing cost the server nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import streamlit as st

_HERE = Path(__file__).resolve().parent


class MapReport(NamedTuple):
    """What the map last reported: its settled state ``{date, view, layers, size}`` (or None),
    and whether it has painted its first frame."""

    settled: dict[str, Any] | None
    painted: bool


def _read_in_the_run() -> None:
    """A state with nothing to do before its rerun (Streamlit asks a callback for each state)."""


@functools.cache
def _component() -> Callable[..., Any]:
    """Register the bridge once per process (Streamlit keys components by name)."""
    return st.components.v2.component(
        "rjw_map_bridge",
        js=(_HERE / "bridge.js").read_text(encoding="utf-8"),
        isolate_styles=False,
    )


def live_map(
    *,
    src: str,
    start: dict[str, Any],
    layers: list[str],
    command: dict[str, Any] | None,
    user_events_url: str | None,
    upload_name: str | None,
    session: str,
    title: str,
    on_settled: Callable[[], None],
    on_lost_upload: Callable[[], None],
    key: str = "rjw-map",
) -> MapReport:
    """Mount the map; return what it last reported (settled state, first frame painted).

    Parameters
    ----------
    src : str
        URL of the player document (one per language; content-hashed, so browsers cache it).
    start : dict
        ``date``, ``view`` (``{lat, lon, zoom}`` or None), ``layers`` and ``presenter`` for a
        newly loaded document; a document already on screen keeps its own day and view.
    layers : list of str
        The layers to show; applied in the browser without reloading.
    command : dict or None
        ``{seq, date, fly}``: applied once, when ``seq`` is higher than the last applied.
    user_events_url : str or None
        URL of an uploaded CSV's compiled events (JSON), drawn above ours.
    upload_name : str or None
        The name of the file those events came from.
    session : str
        This server session's id. The page outlives the server's sessions: when a new session
        (after a restart) has no events where an old one had, the page reports the file's name
        as ``lostUpload``, and the user is told which events to upload again.
    title : str
        Accessible name of the map frame, in the page's language.
    on_settled : callable
        Runs before the rerun that a settled day or view starts (a widget callback).
    on_lost_upload : callable
        Runs before the rerun that such a report starts.
    """
    result = _component()(
        key=key,
        data={
            "src": src,
            "start": start,
            "layers": layers,
            "command": command,
            "userEvents": user_events_url,
            "uploadName": upload_name,
            "session": session,
            "title": title,
        },
        on_settled_change=on_settled,
        on_painted_change=_read_in_the_run,  # the first frame: what lies below the map may follow
        on_lostUpload_change=on_lost_upload,
        height="content",
    )
    if result is None:
        return MapReport(None, False)
    return MapReport(result.get("settled"), bool(result.get("painted")))
