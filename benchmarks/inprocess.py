"""In-process measurements, no browser: the exports."""

from __future__ import annotations

import statistics
import time
from datetime import date, timedelta

from benchmarks.common import EXPORT_DAY


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
