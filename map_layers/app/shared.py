"""What every session shares: the data, loaded once, and the products made from it per day.

Everything here is read-only once made. Per-day products are small text, cached for all
sessions; the player documents and uploaded events are published as static files with
content-hashed names, so browsers fetch each once and every replica agrees on the URL.
"""

from __future__ import annotations

import gc
import json
import threading
from datetime import date
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

from map_layers import memory, navigation
from map_layers.assets import STREAMLIT_STATIC_URL
from map_layers.atomic import publish
from map_layers.charts import figures_chart, timeline_spec
from map_layers.events import FIGURE_COLUMNS, EventTable, read_events
from map_layers.export.jobs import job_runner
from map_layers.geodata import GeoData, load_geodata
from map_layers.i18n import format_day
from map_layers.paths import EVENTS_CSV, STATIC_DIR
from map_layers.player import player_document
from map_layers.rows import records
from map_layers.timeline import compile_user_events
from map_layers.timeslice import visible_events

GENERATED_DIR = STATIC_DIR / "generated"  # served at /app/static/generated/, not in git
UPLOADS_KEPT = 64  # uploaded events files kept for the browsers that fetch them; oldest go first
DAY_CACHE_ENTRIES = 4096


@st.cache_resource(show_spinner=False)
def geodata() -> GeoData:
    """Geodata is read-only and shared by every session."""
    return load_geodata()


@st.cache_resource(show_spinner=False)
def event_table() -> EventTable:
    return read_events(EVENTS_CSV)


@st.cache_resource(show_spinner=False)
def tour() -> gpd.GeoDataFrame:
    """The guided tour's stops: the key moments of the shipped events, in order."""
    return navigation.tour_stops(event_table().events)


def _arrow_datasets(spec: dict) -> dict:
    """``spec`` with its named datasets as Arrow IPC bytes, as Streamlit sends them.

    Streamlit converts a chart's datasets to Arrow on every run that draws it (a third of a
    settled day's rerun for the two charts); bytes made once pass through unchanged.
    """
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    return {**spec, "datasets": {name: convert_anything_to_arrow_bytes(rows) for name, rows in datasets.items()}}


@st.cache_resource(show_spinner=False)
def timeline_chart(lang: str) -> dict:
    """The timeline's marks as a Vega-Lite spec, built once (the day's rule is added per rerun)."""
    return _arrow_datasets(timeline_spec(event_table().events, lang))


@st.cache_resource(show_spinner=False, max_entries=512)
def figures(event_id: str, lang: str) -> dict | None:
    events = event_table().events
    chart = figures_chart(events[events["id"] == event_id].iloc[0], lang)
    return None if chart is None else _arrow_datasets(chart.to_dict())


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def figures_event(day: date) -> str | None:
    """The id of the first event shown on the day that has strengths or casualties, if any."""
    shown = visible_events(event_table().events, day)
    has_figures = shown[list(FIGURE_COLUMNS)].notna().any(axis=1).to_numpy()
    return str(shown["id"].iloc[has_figures.argmax()]) if has_figures.any() else None


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def events_around(day: date, lang: str) -> tuple[tuple[str, str, str, bool], ...]:
    """The event list of a day as (id, date label, title, under way): small, the same for everyone."""
    rows = []
    for row in records(navigation.events_around(event_table().events, day)):
        start = row["start"].date()
        now = start <= day <= row["end"].date()
        rows.append((row["id"], format_day(start, lang, "medium"), str(row[f"title_{lang}"]), now))
    return tuple(rows)


def static_url(path: Path) -> str:
    """The URL Streamlit serves a file under ``static/`` at."""
    return f"{STREAMLIT_STATIC_URL}/{path.relative_to(STATIC_DIR).as_posix()}"


def _publish(directory: Path, stem: str, suffix: str, text: str) -> str:
    """Publish ``text`` under a content-hashed name, atomically (:func:`~map_layers.atomic.publish`); its URL."""
    return static_url(publish(directory, stem, suffix, text))


@st.cache_resource(show_spinner=False)
def player_url(lang: str) -> str:
    """The player document of a language: the whole period, compiled once per server."""
    html = player_document(
        geodata(),
        event_table().events,
        lang=lang,
        day=navigation.FIRST_DAY,
        layers=None,
        asset_base=STREAMLIT_STATIC_URL,
    )
    return _publish(GENERATED_DIR, f"map-{lang}", ".html", html)


def user_events_url(events: gpd.GeoDataFrame, lang: str) -> str:
    """An upload's events compiled for the player and published (the oldest such files go first)."""
    text = json.dumps(compile_user_events(events, lang), separators=(",", ":"), ensure_ascii=False)
    directory = GENERATED_DIR / "uploads"
    url = _publish(directory, f"events-{lang}", ".json", text)
    kept = sorted(directory.glob("events-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in kept[UPLOADS_KEPT:]:
        old.unlink(missing_ok=True)
    return url


@st.cache_resource(show_spinner=False)
def after_first_page() -> None:
    """Once per server, after the first page: settle the server for a class.

    - exempt everything loaded so far from GC passes: the geodata, the events and the imported
      libraries live as long as the server; with ``gc.freeze`` the collector's full passes no
      longer walk their ~200,000 objects (70 ms a pass with every session waiting).
      ``runner.postScriptGC`` is off in .streamlit/config.toml;
    - cap glibc's malloc arenas, start the memory trimmer and the export workers' parent (below).
    """
    gc.collect()
    gc.freeze()
    memory.limit_malloc_arenas()  # each script run's thread would otherwise keep an arena's free space
    memory.start_trimmer()  # what a class leaves behind is collected and given back, once a minute at most
    # The export workers' parent starts now, in the background: part of the warm server, and
    # the first exports of a class do not each wait for (and compete with) its imports.
    threading.Thread(target=job_runner().warm, name="rjw-warm-exports", daemon=True).start()
