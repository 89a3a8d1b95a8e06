"""In-process measurements, no browser: the exports and the Python work of one rerun."""

from __future__ import annotations

import cProfile
import inspect
import io
import pstats
import statistics
import time
from datetime import date, timedelta

from benchmarks.common import BUSY_DAY, EXPORT_DAY


def exports(quick: bool) -> dict:
    from map_layers.events import read_events
    from map_layers.export import render_animation, render_snapshot, standalone_html
    from map_layers.geodata import load_geodata
    from map_layers.layers import THEATRE_BBOX
    from map_layers.paths import EVENTS_CSV
    from map_layers.timeslice import slice_day

    geo = load_geodata()
    events = read_events(EVENTS_CSV).events
    out: dict = {}
    png = []
    for _ in range(3):
        t0 = time.perf_counter()
        data = render_snapshot(slice_day(geo, events, EXPORT_DAY), geo, lang="en", bbox=THEATRE_BBOX, fmt="png")
        png.append(time.perf_counter() - t0)
    out["png"] = {"first_s": png[0], "median_s": statistics.median(png), "bytes": len(data)}
    frames = 12 if quick else 60
    start = date(1904, 2, 1)
    end = start + timedelta(days=7 * (frames - 1))
    for fmt in ("gif", "mp4"):
        t0 = time.perf_counter()
        data = render_animation(
            geo, events, start=start, end=end, step_days=7, fmt=fmt, lang="en", layers=None, bbox=THEATRE_BBOX
        )
        out[fmt] = {"frames": frames, "seconds": time.perf_counter() - t0, "bytes": len(data)}
    t0 = time.perf_counter()
    html = standalone_html(geo, events, lang="en", layers=None, day=EXPORT_DAY)
    out["html"] = {"seconds": time.perf_counter() - t0, "bytes": len(html.encode("utf-8"))}
    return out


def rerun_profile(steps: int) -> dict:
    """The pure Python work of one optimised rerun (and of a naive one), without Streamlit."""
    import warnings

    import folium
    from streamlit_folium import _get_feature_group_string, _get_header, _get_html, _get_map_string, generate_js_hash

    from map_layers import charts, layers, navigation
    from map_layers.assets import use_local_assets
    from map_layers.caption import day_caption
    from map_layers.events import read_events
    from map_layers.geodata import load_geodata
    from map_layers.layers import base_map, day_layers
    from map_layers.legend import legend_html
    from map_layers.paths import EVENTS_CSV
    from map_layers.timeslice import slice_day

    warnings.filterwarnings("ignore")
    use_local_assets()
    geo = load_geodata()
    events = read_events(EVENTS_CSV).events
    timers: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}

    def timed(name, fn, *args, **kwargs):
        t0 = time.perf_counter()
        value = fn(*args, **kwargs)
        timers.setdefault(name, []).append((time.perf_counter() - t0) * 1000)
        return value

    def st_folium_work(fmap: folium.Map, group: folium.FeatureGroup | None, prefix: str) -> tuple[str, str]:
        """What st_folium does in Python before handing its arguments to the component."""
        timed(f"{prefix}st_folium: root render", fmap.get_root().render)
        timed(f"{prefix}st_folium: map render", fmap.render)
        html = timed(f"{prefix}st_folium: _get_html", _get_html, fmap)
        header = timed(f"{prefix}st_folium: _get_header", _get_header, fmap)
        leaflet = timed(f"{prefix}st_folium: map string (generate_leaflet_string)", _get_map_string, fmap)
        fg = ""
        if group is not None:
            fg = timed(f"{prefix}st_folium: feature group string", _get_feature_group_string, group, fmap, 0)
        timed(f"{prefix}st_folium: js hash", generate_js_hash, leaflet, "map-en", False)
        sizes.setdefault(f"{prefix}map string + html + header bytes", []).append(
            len(leaflet.encode()) + len(html.encode()) + len(header.encode())
        )
        if group is not None:
            sizes.setdefault(f"{prefix}feature group string bytes", []).append(len(fg.encode()))
        return leaflet, fg

    def one_rerun(day: date, naive: bool) -> None:
        prefix = "naive: " if naive else ""
        day_slice = timed(f"{prefix}slice_day", slice_day, geo, events, day)
        if not naive:
            timed("day_caption + legend_html", lambda: (day_caption(day_slice, "en"), legend_html(day_slice, "en")))
            timed(
                "navigation.tour_stops + events_around",
                lambda: (navigation.tour_stops(events), navigation.events_around(events, day)),
            )
            if timeline_spec is not None:  # the app caches the marks' spec and adds the day's rule
                timed("timeline: with_day_rule on the cached spec", charts.with_day_rule, timeline_spec, day)
            else:
                timed("timeline_chart (build + to_dict)", lambda: charts.timeline_chart(events, day, "en").to_dict())
        group = timed(f"{prefix}day_layers", day_layers, day_slice, "en")
        if naive or layer_urls is None:
            fmap = timed(f"{prefix}base_map", base_map, geo, "en")
        else:
            fmap = timed(f"{prefix}base_map (layer_urls)", base_map, geo, "en", layer_urls=layer_urls)
        if naive:
            group.add_to(fmap)
            st_folium_work(fmap, None, prefix)
        else:
            st_folium_work(fmap, group, prefix)

    # Mirror map_layers/ui.py whichever version it is: cached timeline spec, base geometry by URL.
    timeline_spec = charts.timeline_spec(events, "en") if hasattr(charts, "with_day_rule") else None
    layer_urls = None
    if hasattr(layers, "base_layers") and "layer_urls" in inspect.signature(base_map).parameters:
        layer_urls = {name: f"/app/static/generated/{name}-en.json" for name in layers.base_layers(geo, "en")}
    days = [BUSY_DAY + timedelta(days=i) for i in range(steps)]
    one_rerun(BUSY_DAY, False)  # warm-up: imports, caches
    timers.clear()
    sizes.clear()
    t_total = []
    for day in days:
        t0 = time.perf_counter()
        one_rerun(day, False)
        t_total.append((time.perf_counter() - t0) * 1000)
    naive_total = []
    for day in days[: max(3, steps // 2)]:
        t0 = time.perf_counter()
        one_rerun(day, True)
        naive_total.append((time.perf_counter() - t0) * 1000)

    profiler = cProfile.Profile()
    profiler.enable()
    for day in days[:5]:
        one_rerun(day, False)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(35)
    stream_tot = io.StringIO()
    pstats.Stats(profiler, stream=stream_tot).sort_stats("tottime").print_stats(20)

    return {
        "steps": len(days),
        "ms": {name: statistics.median(v) for name, v in timers.items()},
        "total_ms": statistics.median(t_total),
        "naive_total_ms": statistics.median(naive_total),
        "bytes": {name: statistics.median(v) for name, v in sizes.items()},
        "cprofile_cumulative": stream.getvalue(),
        "cprofile_tottime": stream_tot.getvalue(),
    }
