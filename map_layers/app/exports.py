"""Downloads of exactly what is on screen: the settled day, layers, language and the map's extent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

import geopandas as gpd
import streamlit as st

from map_layers import export
from map_layers.app import session, shared
from map_layers.app.shared import static_url
from map_layers.events import FIRST_DAY, LAST_DAY
from map_layers.export.jobs import (
    CANCEL_LABEL_KEY,
    Busy,
    JobFailed,
    busy_notice,
    job_notice,
    job_runner,
    prune_published,
)
from map_layers.i18n import t
from map_layers.layers import START_VIEW
from map_layers.limits import MAX_APP_FRAMES
from map_layers.permalink import MapState, View, permalink_url
from map_layers.tabular import slice_csv, slice_geojson
from map_layers.timeslice import slice_day

POLL_S = 1.0  # how often the page asks how an animation export is going
EXPORTS_DIR = shared.GENERATED_DIR / "exports"  # finished animations, served as static files, pruned by age
DEFAULT_MAP_PX = (960, 600)  # before the map has reported its size
SNAPSHOT_FORMATS = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
}


# The animation's choices outlive the pop-over's closing (Streamlit forgets the state of
# widgets a run does not draw, unless the script sets it).
# Their defaults live here, in the session's state, not in the widgets' ``value``.
ANIMATION_DEFAULTS = {
    "anim_start": date(1904, 2, 1),
    "anim_end": date(1905, 9, 30),
    "anim_step": 14,
    "anim_format": "gif",
}


def keep_choices() -> None:
    """Keep the animation's choices while the export pop-over is closed."""
    for key, default in ANIMATION_DEFAULTS.items():
        st.session_state[key] = st.session_state.get(key, default)


def job_running() -> bool:
    """An animation is being made for this session: its progress keeps being polled."""
    return bool(st.session_state.get("animation_job"))


def on_screen_view(state: MapState) -> View:
    lat, lon = START_VIEW["location"]
    return state.view or View(lat, lon, START_VIEW["zoom_start"])


def on_screen_bbox(state: MapState) -> tuple[float, float, float, float]:
    """The extent the map shows: its centre and zoom over its size in pixels, as Leaflet draws it."""
    width, height = st.session_state.get("map_size") or DEFAULT_MAP_PX
    return on_screen_view(state).bbox(width, height)


def permalink(state: MapState) -> str:
    return permalink_url((st.context.url or "").split("?")[0], state)


def export_panel(events: gpd.GeoDataFrame, state: MapState) -> None:
    """Download what is on screen, or an animation over a date range (with a progress bar)."""
    lang, day = state.lang, state.day
    geo = shared.geodata()
    view = on_screen_view(state)
    bbox = on_screen_bbox(state)
    link = permalink(state)
    user_events = st.session_state.get("user_events")
    stem = f"russo-japanese-war-{day.isoformat()}-{lang}"

    def make(fmt: str) -> Callable[[], bytes | str]:  # the download button calls this only when clicked
        def render() -> bytes | str:
            if fmt == "html":
                return export.standalone_html(
                    geo, events, lang=lang, layers=state.layers, day=day, view=view, user_events=user_events
                )
            day_slice = slice_day(geo, events, day, state.layers, user_events=user_events)
            if fmt == "geojson":
                return slice_geojson(day_slice)
            if fmt == "csv":
                return slice_csv(day_slice)
            return export.render_snapshot(day_slice, geo, lang=lang, bbox=bbox, fmt=fmt, permalink=link)

        return render

    with st.container(horizontal=True, key="rjw-snapshots"):
        for fmt, mime in SNAPSHOT_FORMATS.items():
            st.download_button(
                fmt.upper(),
                data=make(fmt),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                key=f"export-{fmt}",
                on_click="ignore",
                help=t(f"export_help_{fmt}", lang),
            )
    st.text_input(t("permalink", lang), value=link, key=f"permalink-{link}")
    _animation(events, state, bbox)


def _animation(events: gpd.GeoDataFrame, state: MapState, bbox: tuple[float, float, float, float]) -> None:
    """An animation over a date range, made by a worker process (never in the server's reruns)."""
    lang = state.lang
    st.markdown(f"**{t('export_animation', lang)}**")
    start = st.date_input(t("export_start", lang), min_value=FIRST_DAY, max_value=LAST_DAY, key="anim_start")
    end = st.date_input(t("export_end", lang), min_value=FIRST_DAY, max_value=LAST_DAY, key="anim_end")
    step = st.number_input(t("export_step", lang), min_value=1, max_value=365, key="anim_step")
    fmt = st.radio(t("export_format", lang), ("gif", "mp4"), horizontal=True, key="anim_format")
    frames = 0 if end < start else (end - start).days // int(step) + 1
    st.caption(t("export_frames", lang, count=frames))
    if st.button(t("export_prepare", lang), disabled=not 0 < frames <= MAX_APP_FRAMES, key="anim_prepare"):
        try:
            job = job_runner().submit(
                session.session_id(),
                "animation",
                start=start,
                end=end,
                step_days=int(step),
                fmt=fmt,
                lang=lang,
                layers=state.layers,
                bbox=bbox,
                user_events=st.session_state.get("user_events"),
            )
        except Busy as busy:
            st.warning(busy_notice(busy, lang))
        else:
            st.session_state.animation_job = (job, f"russo-japanese-war-{start}-{end}-{lang}.{fmt}")
            st.session_state.animation = st.session_state.animation_problem = None
    if st.session_state.get("animation_job"):
        st.fragment(_animation_progress, run_every=POLL_S)(lang)
    _offer_animation(lang)


def _offer_animation(lang: str) -> None:
    """The finished animation as a link to its file (served as a static file, never held in memory)."""
    finished = st.session_state.get("animation")
    if finished:
        name, url = finished
        st.markdown(
            f"<a href='{escape(url, quote=True)}' download='{escape(name, quote=True)}' "
            f"class='rjw-animation-download'>⬇ {escape(t('export_download', lang, name=name))}</a>",
            unsafe_allow_html=True,
        )
    problem = st.session_state.get("animation_problem")
    if problem:
        getattr(st, problem[0])(problem[1])


def _animation_progress(lang: str) -> None:
    """Polled by the page while the worker draws: progress and cancel, then the file (a fragment)."""
    job, name = st.session_state.animation_job
    level, text = job_notice(job, lang)
    if job.running():
        done, total = job.progress()
        st.progress(done / total if total else 0.0, text=text)
        if st.button(t(CANCEL_LABEL_KEY, lang), key="anim_cancel"):
            job.cancel()
        return
    st.session_state.animation_job = None
    try:
        path = job.publish(EXPORTS_DIR, name)
    except JobFailed:
        path = None
    if path is not None:
        st.session_state.animation = (name, static_url(path))
        prune_published(EXPORTS_DIR)
    else:
        st.session_state.animation_problem = (level, text)
    _offer_animation(lang)
    st.rerun(scope="app")  # the page stops polling
