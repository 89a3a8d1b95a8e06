"""Does the server's memory come back after a class's burst of uploads and exports?

This process stands in for the Streamlit server: it loads the data and warms a few days
(warm size), then a burst as in the review — every abusive upload of issue 19 plus a valid
2,000-event upload per session, held in "session state", and animation exports — then the
sessions end (their state dropped) and the RSS is read again, now and after a pause.

    .venv/bin/python benchmarks/memory_burst.py --mode new   # exports in worker processes, trim
    .venv/bin/python benchmarks/memory_burst.py --mode old   # exports in this process, no trim

``new`` uses :mod:`map_layers.export.jobs` (JobRunner, max 2 at once) and
:func:`map_layers.memory.trim`; ``old`` renders in-process as ui.py did before. RSS is
sampled every 50 ms from /proc (this process; the workers separately). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.procfs import rss_kib  # noqa: E402
from map_layers.events import COLUMNS, read_events  # noqa: E402
from map_layers.geodata import load_geodata  # noqa: E402
from map_layers.memory import rss_bytes, trim  # noqa: E402
from map_layers.paths import EVENTS_CSV  # noqa: E402
from map_layers.upload import read_upload  # noqa: E402

MIB = 1024 * 1024


def abusive_uploads() -> dict[str, bytes]:
    """The review's files, made here (never committed)."""
    header = ",".join(COLUMNS)
    row = "e{i},1904-05-01,,battle,japan,40.1,124.4,T,ت,S,س,https://e.org/{i}" + "," * 10
    return {
        "10k columns": (header + "," + ",".join(f"c{i}" for i in range(10_000)) + "\n").encode(),
        "100k columns": (",".join(f"c{i}" for i in range(100_000)) + "\n").encode(),
        "5 MB of x,,,,": b"x,,,,,,,,,,,\n" * (4_990_000 // 13),
        "header + 5 MB of x,,,,": (header + "\n").encode() + b"x,,,,,,,,,,,\n" * (4_900_000 // 13),
        "40,000 valid events": (header + "\n" + "\n".join(row.format(i=i) for i in range(40_000)) + "\n").encode(),
        "5,221,515 bytes": (header + "\n").encode() + b"x" * (5_221_515 - len(header) - 1),
    }


def valid_upload() -> bytes:
    header = ",".join(COLUMNS)
    row = "u{i},{day},,battle,japan,40.1,124.4,Title {i},عنوان,Summary {i},ملخص,https://e.org/{i}" + "," * 10
    start = date(1891, 1, 1)
    return (
        header + "\n" + "\n".join(row.format(i=i, day=start + timedelta(days=i * 2)) for i in range(2_000)) + "\n"
    ).encode()


class Sampler:
    """Peak RSS of this process (and, separately, of its child processes) every 50 ms."""

    def __init__(self) -> None:
        self.peak = self.children_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import os

        while not self._stop.is_set():
            own = rss_bytes()
            self.peak = max(self.peak, own)
            self.children_peak = max(self.children_peak, rss_kib([os.getpid()]) * 1024 - own)
            time.sleep(0.05)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("new", "old"), default="new")
    parser.add_argument("--sessions", type=int, default=20, help="sessions that each upload a valid file")
    parser.add_argument("--exports", type=int, default=3, help="animation exports in the burst")
    parser.add_argument("--frames", type=int, default=60, help="frames per export (the app allows 240)")
    parser.add_argument("--pause", type=float, default=30.0, help="seconds after the class leaves")
    args = parser.parse_args()

    # Warm: what every server holds (data, a few days' products, the renderer imported).
    geo = load_geodata()
    events = read_events(EVENTS_CSV).events
    from map_layers.caption import caption_html
    from map_layers.timeline import compile_timeline
    from map_layers.timeslice import LAYERS, slice_day

    _timeline = compile_timeline(geo, events, lang="en")  # held like the server holds the player's data
    for offset in range(0, 5_000, 250):
        day_slice = slice_day(geo, events, date(1891, 1, 1) + timedelta(days=offset), frozenset(LAYERS))
        caption_html(day_slice, "en")
    if args.mode == "old":
        import map_layers.export.animate  # noqa: F401 - imported on first export in the old app
    gc.collect()
    time.sleep(1)
    warm = rss_bytes()

    sessions: dict[str, dict] = {}
    timings: dict[str, float] = {}
    with Sampler() as sampler:
        for name, data in abusive_uploads().items():
            started = time.perf_counter()
            table = read_upload(data)
            timings[name] = round(time.perf_counter() - started, 3)
            sessions.setdefault("abuser", {})[name] = table
        valid = valid_upload()
        for index in range(args.sessions):
            sessions[f"s{index}"] = {"upload": read_upload(bytes(valid))}
        step = 7
        animation = dict(
            start=date(1904, 2, 1),
            end=date(1904, 2, 1) + timedelta(days=step * (args.frames - 1)),
            step_days=step,
            fmt="gif",
            lang="en",
            layers=None,
            bbox=(115.0, 30.0, 145.0, 50.0),
        )
        started = time.perf_counter()
        if args.mode == "new":
            from map_layers.export.jobs import Busy, JobRunner

            runner = JobRunner(max_jobs=2)
            pending = [f"e{index}" for index in range(args.exports)]
            jobs = {}
            while pending or any(job.running() for job in jobs.values()):
                while pending:
                    try:
                        jobs[pending[0]] = runner.submit(pending[0], "animation", **animation)
                    except Busy:
                        break
                    pending.pop(0)
                time.sleep(0.2)
            for sid, job in jobs.items():
                sessions.setdefault(sid, {})["animation"] = job.result(timeout=None)
            runner.shutdown()
        else:
            from map_layers.export.animate import render_animation

            for index in range(args.exports):
                sessions.setdefault(f"e{index}", {})["animation"] = render_animation(geo, events, **animation)
        timings["exports"] = round(time.perf_counter() - started, 1)
        loaded = rss_bytes()
        sessions.clear()  # the class leaves: Streamlit drops every session's state
        gc.collect()
        after_release = rss_bytes()
        trimmed = trim() if args.mode == "new" else 0
        after_trim = rss_bytes()
        time.sleep(args.pause)
        later = rss_bytes()
    result = {
        "mode": args.mode,
        "sessions": args.sessions,
        "exports": args.exports,
        "frames": args.frames,
        "warm_mib": round(warm / MIB, 1),
        "peak_mib": round(sampler.peak / MIB, 1),
        "workers_peak_mib": round(sampler.children_peak / MIB, 1),
        "with_sessions_mib": round(loaded / MIB, 1),
        "after_sessions_dropped_mib": round(after_release / MIB, 1),
        "after_trim_mib": round(after_trim / MIB, 1),
        "trim_gave_back_mib": round(trimmed / MIB, 1),
        f"after_{args.pause:.0f}s_mib": round(later / MIB, 1),
        "after_vs_warm": f"{(later / warm - 1) * 100:+.1f} %",
        "seconds": timings,
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
