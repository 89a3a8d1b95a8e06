"""The Streamlit edge: widgets, session state, caching and the live map.

Nothing below this module imports Streamlit. Widget callbacks only move
session state (the day, play, the tour); each rerun then draws from one
:class:`~map_layers.timeslice.DaySlice`.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import replace
from datetime import date, timedelta
from html import escape

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from map_layers import export, navigation, style
from map_layers.assets import STREAMLIT_STATIC_URL, use_local_assets
from map_layers.caption import caption_html, tour_card_html
from map_layers.charts import TIMELINE_SELECTION, figures_chart, timeline_spec, with_day_rule
from map_layers.elements import FlyTo
from map_layers.events import FIGURE_COLUMNS, FIRST_DAY, LAST_DAY, EventTable, read_events
from map_layers.geodata import DataFileError, GeoData, load_geodata
from map_layers.i18n import direction, format_day, format_number, t
from map_layers.jsonsafe import script_json
from map_layers.layers import START_VIEW, base_map, day_group, day_layers, day_state, write_base_layers
from map_layers.legend import legend_html
from map_layers.paths import EVENTS_CSV, STATIC_DIR
from map_layers.permalink import MapState, View, parse_params, permalink_url, to_params
from map_layers.rows import records
from map_layers.tabular import slice_csv, slice_geojson
from map_layers.timeslice import LAYERS, DaySlice, slice_day, visible_events

MAP_HEIGHT = 600
GENERATED_DIR = STATIC_DIR / "generated"  # served at /app/static/generated/, not in git
# A teacher's CSV may be this large; a larger one gets our message, in the page's language. Streamlit
# itself refuses files over UPLOAD_HARD_CAP_MB before they reach us (with its own English message):
# also server.maxUploadSize in .streamlit/config.toml.
MAX_UPLOAD_MB = 5
UPLOAD_HARD_CAP_MB = 20
MAX_FRAMES = 240  # an animation export longer than this would tie a classroom server up
# Exports show the view on screen: the map's centre and zoom, and this many pixels around it.
EXPORT_VIEW_PX = (960, MAP_HEIGHT)
PRESENTER_MAP_HEIGHT = 720
TOUR_ZOOM = 6
# Per-day caches, shared by every session, least recently used out first. A rerun uses only a
# day's text products (map state JSON ~12 KB, caption, legend, event list): a handful of objects
# each, so the garbage collector's full passes stay short. The slice they are made from (~0.2 MB
# of small frames, thousands of objects) is kept only for the last few days.
SLICE_CACHE_ENTRIES = 16
DAY_CACHE_ENTRIES = 4096

PAGE_CSS = """
<style>
.block-container { padding-top: 1.2rem; }
.st-key-rjw-timebar { direction: ltr; }
/* Vega draws on a canvas that inherits the page's direction: in RTL it mis-aligns and clips its
   labels. Arabic labels still read right to left inside an LTR canvas. */
[data-testid='stVegaLiteChart'] { direction: ltr; }
.st-key-upload [data-testid='stFileUploaderDropzoneInstructions'] { display: none; }
.rjw-caption { font-size: 1.05rem; line-height: 1.5; }
.rjw-caption h3 { margin: 0 0 .3rem; font-size: 1.25rem; }
.rjw-tour { border-left: 6px solid TODAY_COLOUR; padding: .6rem 1rem; background: #fff6f6; margin: .5rem 0; }
.rjw-tour h2 { margin: 0; }
.rjw-legend { font-size: .9rem; line-height: 1.7; }
.rjw-legend .sw { display: inline-block; width: 1.4em; height: .9em; vertical-align: middle;
  border: 2px solid #333; margin-inline-end: .3em; }
.rjw-legend .ln { display: inline-block; width: 1.6em; border-top: 3px solid #222; vertical-align: middle;
  margin-inline-end: .3em; }
.rjw-legend .gl { display: inline-block; width: 1.6em; text-align: center; font-weight: 700; }
.rjw-legend .dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; background: #555; }
</style>
""".replace("TODAY_COLOUR", style.TODAY_COLOUR)


PRESENTER_CSS = """
.stApp { font-size: 1.25rem; }
.rjw-caption { font-size: 1.6rem; }
.rjw-caption h3 { font-size: 2rem; }
.rjw-tour { font-size: 1.5rem; }
.rjw-legend { font-size: 1.1rem; }
"""


def _literal(text: object) -> str:
    """Text shown as itself in Streamlit's Markdown (alerts, captions, labels).

    File names, URL values and data-file messages come from users: a ``![x](url)`` among
    them must not load an image, nor ``[x](url)`` make a link, nor ``<b>`` format. Every
    ASCII punctuation character is backslash-escaped, which CommonMark allows for all of them.
    The text is also bidi-isolated (FSI … PDI), so a Latin file name keeps its order in Arabic.
    """
    return "\u2068" + re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", str(text)) + "\u2069"


# --- data, loaded once per server -------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def shared_geodata() -> GeoData:
    """Geodata is read-only and shared by every session."""
    return load_geodata()


@st.cache_resource(show_spinner=False)
def shared_events() -> EventTable:
    return read_events(EVENTS_CSV)


@st.cache_resource(show_spinner=False)
def shared_timeline(lang: str) -> dict:
    """The timeline's marks as a Vega-Lite spec, built once (the day's rule is added per rerun)."""
    return timeline_spec(shared_events().events, lang)


@st.cache_resource(show_spinner=False)
def shared_tour() -> gpd.GeoDataFrame:
    """The guided tour's stops: the key moments of the shipped events, in order (read-only)."""
    return navigation.tour_stops(shared_events().events)


@st.cache_resource(show_spinner=False, max_entries=512)
def shared_figures(event_id: str, lang: str) -> dict | None:
    events = shared_events().events
    chart = figures_chart(events[events["id"] == event_id].iloc[0], lang)
    return None if chart is None else chart.to_dict()


@st.cache_resource(show_spinner=False, max_entries=SLICE_CACHE_ENTRIES)
def shared_slice(day: date, layers: frozenset[str]) -> DaySlice:
    """The shipped data's slice of a day: the same for every session, computed once.

    Read-only by convention: nothing downstream mutates a slice's frames.
    """
    return slice_day(shared_geodata(), shared_events().events, day, layers)


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def shared_caption(day: date, layers: frozenset[str], lang: str) -> str:
    return caption_html(shared_slice(day, layers), lang)


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def shared_legend(day: date, layers: frozenset[str], lang: str) -> str:
    return legend_html(shared_slice(day, layers), lang)


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def shared_figures_event(day: date, layers: frozenset[str]) -> str | None:
    """The id of the first event shown on the day that has strengths or casualties, if any."""
    events = shared_slice(day, layers).events
    has_figures = events[list(FIGURE_COLUMNS)].notna().any(axis=1).to_numpy()
    return str(events["id"].iloc[has_figures.argmax()]) if has_figures.any() else None


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def _shared_day_state_json(day: date, layers: frozenset[str], lang: str) -> str:
    """The day's map state as script-safe JSON text (~12 KB a day, a quarter of the dict)."""
    return script_json(day_state(shared_slice(day, layers), lang))


@st.cache_resource(show_spinner=False)
def _freeze_loaded_heap() -> None:
    """Once per server, after the first full page: exempt everything loaded so far from GC passes.

    The geodata, the events and the imported libraries live as long as the server; with
    ``gc.freeze`` the collector's full passes no longer walk their ~200,000 objects, which
    took 70 ms a pass with every session waiting (the GIL). ``runner.postScriptGC`` is off
    in .streamlit/config.toml for the same reason.
    """
    gc.collect()
    gc.freeze()


@st.cache_resource(show_spinner=False)
def base_layer_urls(lang: str) -> dict[str, str] | None:
    """Write the base map's fixed layers once per server as static JSON; return their URLs.

    The browser fetches them once per map, so a rerun re-sends a few KB of script instead
    of the whole geometry. File names carry a content hash: a data change is a new URL.
    On a read-only install this returns None and the map embeds its geometry instead (slower).
    """
    try:
        files = write_base_layers(GENERATED_DIR, shared_geodata(), lang)
    except OSError:
        return None
    return {name: f"{STREAMLIT_STATIC_URL}/{GENERATED_DIR.name}/{path.name}" for name, path in files.items()}


# --- session state and callbacks --------------------------------------------------------------


def _init_session() -> None:
    """First run of a session: the state from the URL, with notices for bad parameters.

    Values the browser already sent (widget states after a server restart, or a callback
    that ran before this) win over the URL, so a reconnecting page keeps what it shows.
    """
    if "map_state" in st.session_state:
        return
    state, problems = parse_params(st.query_params.to_dict())
    defaults = {
        "day": state.day,
        "lang": state.lang,
        "playing": False,
        "play_carry": 0.0,
        "tour_index": None,
        "fly_to": None,
        **{f"layer_{name}": name in state.layers for name in LAYERS},
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    st.session_state.map_state = state
    st.session_state.param_problems = problems
    if state.view is not None:
        st.session_state.current_view = state.view
        st.session_state.fly_to = (state.view.lat, state.view.lon, state.view.zoom, False)


def _set_day(day: date | None) -> None:
    if day is not None:
        st.session_state.day = navigation.clamp(day)


def _step_day(delta: int) -> None:
    _set_day(st.session_state.day + timedelta(days=delta))


def _step_event(events: gpd.GeoDataFrame, forward: bool) -> None:
    find = navigation.next_event_day if forward else navigation.previous_event_day
    _set_day(find(events, st.session_state.day))


def _toggle_play() -> None:
    """Start or stop play. While playing, ``play_day`` moves and the slider waits."""
    if st.session_state.playing:
        st.session_state.day = st.session_state.play_day
    else:
        st.session_state.play_day = st.session_state.day
        st.session_state.tour_index = None
    st.session_state.playing = not st.session_state.playing
    st.session_state.play_carry = 0.0


def _tour_go(stops: gpd.GeoDataFrame, index: int | None) -> None:
    if index is None or stops.empty:
        st.session_state.tour_index = None
        return
    index = max(0, min(index, len(stops) - 1))
    stop = stops.iloc[index]
    st.session_state.tour_index = index
    st.session_state.playing = False
    _set_day(stop["start"].date())
    st.session_state.fly_to = (stop.geometry.y, stop.geometry.x, TOUR_ZOOM, True)


def _jump_to_event(events: gpd.GeoDataFrame, event_id: str) -> None:
    match = events[events["id"] == event_id]
    if not match.empty:
        row = match.iloc[0]
        _set_day(row["start"].date())
        st.session_state.fly_to = (row.geometry.y, row.geometry.x, max(TOUR_ZOOM - 1, 4), True)


def _on_timeline_select(events: gpd.GeoDataFrame) -> None:
    selection = st.session_state.get("timeline", {}).get("selection", {}).get(TIMELINE_SELECTION) or []
    if selection and "id" in selection[0]:
        _jump_to_event(events, selection[0]["id"])


def _sync_url(state: MapState) -> None:
    """Write the state to the URL, keeping the view the map writes there itself (see day_controller.js)."""
    current = st.query_params.to_dict()
    wanted = to_params(state)
    if "view" in current and "view" not in wanted:
        parsed, problems = parse_params({"view": current["view"]})
        if not problems:
            wanted["view"] = current["view"]
            st.session_state.current_view = parsed.view
    if current != wanted:
        st.query_params.from_dict(wanted)


def _action_button(container, label: str, callback, args: tuple, *, key: str, **options) -> None:
    """A button (or its keyboard shortcut) whose callback runs exactly once per click.

    After a server restart, the page reconnects to a new session that has not run the script
    yet, so it knows no callbacks: Streamlit drops the first click's callback and only reruns.
    The click still shows as the button's value in that rerun, so it is carried out then,
    before any widget of the next run exists (a callback may move the slider's day).
    """
    done_key = f"_done-{key}"

    def run(*call_args):
        st.session_state[done_key] = True
        callback(*call_args)

    clicked = container.button(label, on_click=run, args=args, key=key, **options)
    if clicked and not st.session_state.pop(done_key, False):
        st.session_state.missed_action = (callback, args)
        st.rerun()


# --- pieces of the page -----------------------------------------------------------------------


def _sidebar(lang: str) -> tuple[str, frozenset[str], bool]:
    with st.sidebar:
        lang = st.radio(
            t("language", lang),
            ("en", "ar"),
            format_func=lambda code: {"en": "English", "ar": "العربية"}[code],
            horizontal=True,
            key="lang",
        )
        presenter = st.toggle(t("presenter_mode", lang), key="presenter", help=t("presenter_help", lang))
        st.subheader(t("layers", lang))
        layers = frozenset(name for name in LAYERS if st.checkbox(t(f"layer_{name}", lang), key=f"layer_{name}"))
        _play_options(lang)
        if not presenter:
            _upload(lang)
    return lang, layers, presenter


def _controls(events: gpd.GeoDataFrame, stops: gpd.GeoDataFrame, lang: str) -> None:
    """Buttons beside the slider, each with a keyboard shortcut (shown on the button)."""
    playing = st.session_state.playing
    buttons = [
        ("prev_event", "prev_event_help", _step_event, (events, False), "Shift+Left"),
        ("prev_day", "prev_day_help", _step_day, (-1,), "Left"),
        ("pause" if playing else "play", "play_help", _toggle_play, (), "P"),
        ("next_day", "next_day_help", _step_day, (1,), "Right"),
        ("next_event", "next_event_help", _step_event, (events, True), "Shift+Right"),
    ]
    if st.session_state.tour_index is None:
        buttons.append(("tour_start", "tour_help", _tour_go, (stops, 0), "T"))
    for column, (name, help_key, callback, args, keys) in zip(st.columns(len(buttons)), buttons, strict=True):
        _action_button(
            column,
            t(name, lang),
            callback,
            args,
            shortcut=keys,
            help=t(help_key, lang),
            type="primary" if name in ("play", "pause") else "secondary",
            width="stretch",
            key=f"control-{help_key}",
        )


def _play_options(lang: str) -> None:
    st.subheader(t("play_section", lang))
    st.selectbox(
        t("speed", lang),
        list(navigation.SPEEDS),
        format_func=lambda k: t(f"speed_{k}", lang),
        key="speed",
        index=1,
    )
    st.checkbox(t("loop", lang), key="loop")


def _tour(stops: gpd.GeoDataFrame, lang: str) -> None:
    """The tour card: a large caption of the key moment, with back/next/end."""
    index = st.session_state.tour_index
    if index is None:
        return
    st.markdown(tour_card_html(stops.iloc[index], index, len(stops), lang), unsafe_allow_html=True)
    cols = st.columns(3)
    _action_button(
        cols[0],
        t("tour_prev", lang),
        _tour_go,
        (stops, index - 1),
        key="tour-prev",
        shortcut="PageUp",
        disabled=index == 0,
        width="stretch",
    )
    _action_button(
        cols[1],
        t("tour_next", lang),
        _tour_go,
        (stops, index + 1),
        key="tour-next",
        shortcut="PageDown",
        disabled=index >= len(stops) - 1,
        width="stretch",
        type="primary",
    )
    _action_button(
        cols[2], t("tour_end", lang), _tour_go, (stops, None), key="tour-end", shortcut="Esc", width="stretch"
    )


def _map_panel(geo: GeoData, events: gpd.GeoDataFrame, user_events: gpd.GeoDataFrame, state: MapState) -> None:
    """Caption and map: the only things that repaint while playing (a fragment)."""
    if st.session_state.playing:
        speed = navigation.SPEEDS[st.session_state.get("speed", "week")]
        nxt, carry = navigation.play_step(
            st.session_state.play_day, st.session_state.play_carry, speed, st.session_state.get("loop", False)
        )
        if nxt is None:  # the end, no loop: stop there and give the slider its day back
            st.session_state.playing = False
            st.session_state.pending_day = st.session_state.play_day
            st.rerun(scope="app")
        st.session_state.play_day, st.session_state.play_carry = nxt, carry
    day = st.session_state.play_day if st.session_state.playing else st.session_state.day
    lang = state.lang
    map_col, story_col = st.columns([3, 1.25])
    if user_events is None:  # the shipped data: every piece cached per day for all sessions
        caption, legend = shared_caption(day, state.layers, lang), shared_legend(day, state.layers, lang)
        group = day_group(day, _shared_day_state_json(day, state.layers, lang))
    else:
        day_slice = _day_slice(day, state.layers, user_events)
        caption, legend, group = (
            caption_html(day_slice, lang),
            legend_html(day_slice, lang),
            day_layers(day_slice, lang),
        )
    with story_col:
        st.markdown(caption, unsafe_allow_html=True)
        st.markdown(legend, unsafe_allow_html=True)
    fly = st.session_state.fly_to
    if fly is not None:
        FlyTo(*fly).add_to(group)
        st.session_state.fly_to = None
    with map_col:
        _live_map(geo, group, lang)
    st.session_state.shown_day = day


def _day_slice(day: date, layers: frozenset[str], user_events: gpd.GeoDataFrame | None) -> DaySlice:
    """The day's slice, with the teacher's uploaded events if there are any (those are not cached)."""
    day_slice = shared_slice(day, layers)
    if user_events is None:
        return day_slice
    return replace(day_slice, user_events=visible_events(user_events, day))


def _live_map(geo: GeoData, group: folium.FeatureGroup, lang: str) -> None:
    """The map: a fixed base map, and the day's feature group swapped in (zoom and pan kept).

    ``RJW_BASELINE=naive`` (benchmarks only) instead puts the day's layers into a new
    map on every rerun, the straightforward way, so its cost can be measured against ours.
    """
    height = PRESENTER_MAP_HEIGHT if st.session_state.get("presenter") else MAP_HEIGHT
    if os.environ.get("RJW_BASELINE") == "naive":
        fmap = base_map(geo, lang)
        group.add_to(fmap)
        st_folium(fmap, key="naive-map", returned_objects=[], height=height, use_container_width=True)
        return
    st_folium(
        base_map(geo, lang, layer_urls=base_layer_urls(lang)),
        key=f"map-{lang}",
        feature_group_to_add=group,
        returned_objects=[],
        height=height,
        use_container_width=True,
    )


@st.cache_resource(show_spinner=False, max_entries=DAY_CACHE_ENTRIES)
def shared_events_around(day: date, lang: str) -> tuple[tuple[str, str, str, bool], ...]:
    """The event list of a day as (id, label, summary, under way): small, and the same for everyone."""
    rows = []
    for row in records(navigation.events_around(shared_events().events, day)):
        start = row["start"].date()
        now = start <= day <= row["end"].date()
        # events.csv is edited by people: its text is shown as text, never as Markdown.
        label_text = f"{'▶ ' if now else ''}{format_day(start, lang, 'medium')} · {_literal(row[f'title_{lang}'])}"
        rows.append((row["id"], label_text, _literal(row[f"summary_{lang}"]), now))
    return tuple(rows)


def _event_list(events: gpd.GeoDataFrame, day: date, lang: str) -> None:
    """Events around the day, current ones marked; a click jumps there. Doubles as a text map."""
    st.markdown(f"**{t('events_around', lang)}**")
    for event_id, label_text, summary, now in shared_events_around(day, lang):
        _action_button(
            st,
            label_text,
            _jump_to_event,
            (events, event_id),
            key=f"jump-{event_id}",
            type="primary" if now else "tertiary",
            help=summary,
            width="stretch",
        )


def _figures(events: gpd.GeoDataFrame, day: date, layers: frozenset[str], lang: str) -> None:
    """Strengths and casualties of the first battle shown that has figures."""
    event_id = shared_figures_event(day, layers)
    if event_id is None:
        return
    spec = shared_figures(event_id, lang)
    title = events.loc[events["id"] == event_id, f"title_{lang}"].iloc[0]
    st.markdown(f"**{_literal(title)}**")
    st.vega_lite_chart(spec)


def _upload(lang: str) -> None:
    """A teacher's own events CSV: validated like ours, drawn as its own layer, ours untouched."""
    st.subheader(t("upload_section", lang))
    upload = st.file_uploader(
        t("upload_label", lang),
        type=["csv"],
        key="upload",
        help=t("upload_help", lang, mb=MAX_UPLOAD_MB),
        max_upload_size=UPLOAD_HARD_CAP_MB,
    )
    # Our limit, in the page's language (Streamlit's own line, hidden by PAGE_CSS, states its hard cap).
    st.caption(t("upload_limit", lang, mb=MAX_UPLOAD_MB))
    if upload is None:
        st.session_state.user_events = None
        st.session_state.upload_table = None
        return
    if upload.size > MAX_UPLOAD_MB * 1024 * 1024:  # the limit as Streamlit's own cap counts MB
        size = format_number(round(upload.size / 1_000_000, 1), lang)  # as its file chip shows the size
        st.error(t("upload_too_big", lang, name=_literal(upload.name), size=size, mb=MAX_UPLOAD_MB))
        st.session_state.user_events = None
        return
    signature = (upload.name, upload.size, upload.file_id)
    if st.session_state.get("upload_signature") != signature:
        st.session_state.upload_signature = signature
        st.session_state.upload_table = read_events(upload.getvalue())
    table: EventTable = st.session_state.upload_table
    st.session_state.user_events = table.events if len(table.events) else None
    st.caption(t("upload_loaded", lang, count=len(table.events), name=_literal(upload.name)))
    if table.problems:
        st.warning(t("events_problems", lang, count=len(table.problems), name=_literal(upload.name)))
        st.code("\n".join(str(problem) for problem in table.problems), language=None)


def _export(geo: GeoData, events: gpd.GeoDataFrame, day: date, state: MapState) -> None:
    """Download what is on screen, or an animation over a date range (with a progress bar)."""
    lang = state.lang
    st.subheader(t("export_section", lang))
    view = st.session_state.get("current_view") or View(*START_VIEW["location"], START_VIEW["zoom_start"])
    bbox = view.bbox(*EXPORT_VIEW_PX)
    permalink = permalink_url((st.context.url or "").split("?")[0], replace(state, view=view))
    user_events = st.session_state.get("user_events")
    stem = f"russo-japanese-war-{state.day.isoformat()}-{lang}"
    snapshot_formats = {
        "png": "image/png",
        "svg": "image/svg+xml",
        "pdf": "application/pdf",
        "html": "text/html",
        "geojson": "application/geo+json",
        "csv": "text/csv",
    }

    def make(fmt: str):  # the download button calls this only when clicked
        def render() -> bytes | str:
            # Made on demand, outside any rerun: the pure functions, no Streamlit cache involved.
            if fmt == "html":
                return export.standalone_html(
                    geo, events, lang=lang, layers=state.layers, day=state.day, view=view, user_events=user_events
                )
            day_slice = slice_day(geo, events, day, state.layers, user_events=user_events)
            if fmt == "geojson":
                return slice_geojson(day_slice)
            if fmt == "csv":
                return slice_csv(day_slice)
            return export.render_snapshot(day_slice, geo, lang=lang, bbox=bbox, fmt=fmt, permalink=permalink)

        return render

    cols = st.columns(2)
    for index, (fmt, mime) in enumerate(snapshot_formats.items()):
        cols[index % 2].download_button(
            fmt.upper(),
            data=make(fmt),
            file_name=f"{stem}.{fmt}",
            mime=mime,
            key=f"export-{fmt}",
            on_click="ignore",
            width="stretch",
            help=t(f"export_help_{fmt}", lang),
        )
    with st.expander(t("export_animation", lang)):
        start = st.date_input(
            t("export_start", lang), value=date(1904, 2, 1), min_value=FIRST_DAY, max_value=LAST_DAY, key="anim_start"
        )
        end = st.date_input(
            t("export_end", lang), value=date(1905, 9, 30), min_value=FIRST_DAY, max_value=LAST_DAY, key="anim_end"
        )
        step = st.number_input(t("export_step", lang), min_value=1, max_value=365, value=14, key="anim_step")
        fmt = st.radio(t("export_format", lang), ("gif", "mp4"), horizontal=True, key="anim_format")
        frames = 0 if end < start else (end - start).days // int(step) + 1
        st.caption(t("export_frames", lang, count=frames))
        if st.button(t("export_prepare", lang), disabled=not 0 < frames <= MAX_FRAMES, key="anim_prepare"):
            bar = st.progress(0.0, text=t("export_progress", lang, done=0, total=frames))

            def progress(done: int, total: int) -> None:
                bar.progress(done / total, text=t("export_progress", lang, done=done, total=total))

            st.session_state.animation = (
                f"russo-japanese-war-{start}-{end}-{lang}.{fmt}",
                export.render_animation(
                    geo,
                    events,
                    start=start,
                    end=end,
                    step_days=int(step),
                    fmt=fmt,
                    lang=lang,
                    layers=state.layers,
                    bbox=bbox,
                    progress=progress,
                    user_events=user_events,
                ),
            )
        if st.session_state.get("animation"):
            name, payload = st.session_state.animation
            st.download_button(name, data=payload, file_name=name, key="anim_download", on_click="ignore")
    st.text_input(t("permalink", lang), value=permalink, key=f"permalink-{permalink}", disabled=False)


# --- the page ---------------------------------------------------------------------------------


def main() -> None:
    """One rerun of the app."""
    use_local_assets()
    _init_session()
    state: MapState = st.session_state.map_state
    try:
        geo = shared_geodata()
    except DataFileError as error:
        st.error(t("data_error", state.lang, problem=_literal(error)))
        st.stop()
    table = shared_events()
    events = table.events

    if "pending_day" in st.session_state:  # a day set by the script itself, before the slider exists
        st.session_state.day = st.session_state.pop("pending_day")
    if "missed_action" in st.session_state:  # a click that reached a new session (see _action_button)
        callback, args = st.session_state.pop("missed_action")
        callback(*args)
    lang, layers, presenter = _sidebar(state.lang)
    # One style element whatever the options, so the elements after it keep their place (and the map its view).
    extra = ""
    if lang == "ar":
        extra += ".stApp, section[data-testid='stSidebar'] { direction: rtl; }"
    if presenter:
        extra += PRESENTER_CSS
    st.markdown(PAGE_CSS + f"<style>{extra}</style>", unsafe_allow_html=True)

    st.markdown(
        f"<div dir='{direction(lang)}'><h1 style='margin:0;font-size:1.9rem'>{escape(t('app_title', lang))}</h1>"
        f"<p style='margin:0;color:#555'>{escape(t('app_subtitle', lang))}</p></div>",
        unsafe_allow_html=True,
    )
    for problem in st.session_state.param_problems:
        st.warning(t("bad_param", lang, name=_literal(problem.name), problem=_literal(problem.problem)))
    # A file that cannot be read at all is an error; rows that fail are listed, the others shown.
    for problem in (p for p in table.problems if p.line is None):
        st.error(t("data_error", lang, problem=_literal(f"{EVENTS_CSV.name}: {problem.message}")))
    row_problems = [p for p in table.problems if p.line is not None]
    if row_problems:
        with st.expander(t("events_problems", lang, count=len(row_problems), name=EVENTS_CSV.name)):
            st.text("\n".join(str(p) for p in row_problems))

    stops = shared_tour()
    # Time runs left to right in both languages, as media controls do in RTL interfaces.
    with st.container(key="rjw-timebar"):
        _controls(events, stops, lang)
        st.slider(
            t("date", lang),
            min_value=FIRST_DAY,
            max_value=LAST_DAY,
            step=timedelta(days=1),
            format="YYYY-MM-DD",
            key="day",
            disabled=st.session_state.playing,
        )
    _tour(stops, lang)

    state = replace(state, day=st.session_state.day, lang=lang, layers=layers)
    st.session_state.map_state = state
    if not st.session_state.playing:
        _sync_url(state)

    # Only the map and caption form a fragment (for play). The slider and buttons stay outside on
    # purpose: after a server restart, the browser's clicks on widgets of a fragment the new
    # server never ran are dropped ("fragment does not exist"), and the page would stay frozen.
    run_every = None
    if st.session_state.playing:
        run_every = navigation.SPEEDS[st.session_state.get("speed", "week")].interval
    st.fragment(_map_panel, run_every=run_every)(geo, events, st.session_state.get("user_events"), state)
    shown_day: date = st.session_state.shown_day  # the map's day (the play day while playing)
    if not presenter:
        list_col, figures_col = st.columns([2, 1])
        with list_col:
            _event_list(events, state.day, lang)
        with figures_col:
            _figures(events, shown_day, state.layers, lang)
        with st.sidebar:
            _export(geo, events, shown_day, state)
        st.vega_lite_chart(
            with_day_rule(shared_timeline(lang), state.day),
            key="timeline",
            on_select=lambda: _on_timeline_select(events),
            selection_mode=TIMELINE_SELECTION,
            width="stretch",
        )
    st.caption(t("footer", lang))
    _freeze_loaded_heap()
