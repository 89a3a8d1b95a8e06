"""Benchmarks: one command measures the live app in a real browser, the exports and the rerun path.

    .venv/bin/python benchmarks/run.py            # full run (< 15 min), writes docs/benchmarks.md
    .venv/bin/python benchmarks/run.py --quick    # smoke (< 3 min), writes benchmarks/results/benchmarks-quick.md

Every browser number comes from a real ``streamlit run app.py`` on a free port, driven by headless
Chromium with every non-local request aborted (the helpers of ``tests/browser/conftest.py``).
Browser timings use one clock: an init script, injected into every frame, records
``performance.timeOrigin + performance.now()`` when ``data-map-date`` changes on the map's
``.leaflet-container`` (inside the st_folium iframe, whichever iframe that is: the naive baseline
remounts it) and ``performance.timeOrigin + event.timeStamp`` of every keydown in the page.

No timing is asserted anywhere: these are measurements, not tests. Synchronisation always waits for
a condition; the only fixed window is the play measurement (frames counted over N seconds).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import inspect
import io
import json
import os
import platform
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.procfs import cpu_ticks, rss_kib  # noqa: E402  (after the path is set)
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    OfflinePage,
    StreamlitServer,
)

RESULTS_DIR = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
QUICK_DOC = RESULTS_DIR / "benchmarks-quick.md"
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
BUSY_DAY = date(1904, 8, 1)  # siege of Port Arthur, Liaoyang approach: many events, movements, territories
QUIET_DAY = date(1896, 3, 1)  # between the wars: few layers
EXPORT_DAY = date(1905, 5, 27)  # Tsushima
SCALE_SIZES = (100, 1_000, 10_000)

# Runs in every frame (page and iframes) before any of their scripts.
INIT_SCRIPT = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  let top;
  try { top = window.top; top.document; } catch (e) { return; }
  // Watch data-map-date on any element of a document (once per document).
  const watch = (doc) => {
    if (!doc || doc.__rjwWatched) { return; }
    doc.__rjwWatched = true;
    new MutationObserver((records) => {
      const t = now();
      for (const r of records) {
        const d = r.target.getAttribute && r.target.getAttribute('data-map-date');
        if (d && top.__rjw) { top.__rjw.marks.push({d: d, t: t}); }
      }
    }).observe(doc, {subtree: true, attributes: true, attributeFilter: ['data-map-date']});
  };
  if (window === top) {
    window.__rjw = {keys: [], marks: [], frames: []};
    document.addEventListener('keydown', (e) => {
      window.__rjw.keys.push({key: e.key, t: performance.timeOrigin + e.timeStamp, n: now()});
    }, true);
    // An iframe's first document (about:blank) is replaced when it loads: watch each loaded document.
    const hook = (frame) => {
      if (frame.__rjwHooked) { return; }
      frame.__rjwHooked = true;
      window.__rjw.frames.push({event: 'inserted', t: now()});
      frame.addEventListener('load', () => {
        window.__rjw.frames.push({event: 'loaded', t: now()});
        try { watch(frame.contentDocument); } catch (e) {}
      });
      try { watch(frame.contentDocument); } catch (e) {}
    };
    new MutationObserver(() => { document.querySelectorAll('iframe').forEach(hook); })
      .observe(document, {subtree: true, childList: true});
  }
  watch(document);
  document.addEventListener('DOMContentLoaded', () => watch(document));
})();
"""

IDLE = (
    "() => { const a = document.querySelector('[data-testid=stApp]');"
    " return a && a.getAttribute('data-test-script-state') !== 'running'; }"
)
MARK_AFTER = "([d, t]) => window.__rjw.marks.some((m) => m.d === d && m.t >= t)"


# --- small helpers ---------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation, as numpy's default."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median": statistics.median(values) if values else float("nan"),
        "p95": pct(values, 0.95),
        "min": min(values) if values else float("nan"),
        "max": max(values) if values else float("nan"),
    }


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text()
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    os_name = "?"
    if Path("/etc/os-release").exists():
        match = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text())
        os_name = match.group(1) if match else os_name
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "?"

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return "?"

    import folium
    import streamlit
    import streamlit_folium

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "os": f"{os_name} ({platform.release()})",
        "python": platform.python_version(),
        "chromium": chromium,
        "streamlit": streamlit.__version__,
        "streamlit_folium": getattr(streamlit_folium, "__version__", "0.27.x"),
        "folium": folium.__version__,
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


class LoadMonitor(threading.Thread):
    """Samples, once a second, how much CPU processes outside this benchmark use (other jobs on the box)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop_event = threading.Event()
        self.hz = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _busy() -> int:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return sum(fields) - fields[3] - fields[4]  # all but idle and iowait

    def _mine(self) -> int:
        """CPU ticks of this process and everything it started (the server, Chromium)."""
        return cpu_ticks([os.getpid()], waited_children=True)

    def run(self) -> None:
        busy, mine = self._busy(), self._mine()
        while not self.stop_event.wait(1.0):
            busy2, mine2 = self._busy(), self._mine()
            self.samples.append(max(0.0, ((busy2 - busy) - max(0, mine2 - mine)) / self.hz))
            busy, mine = busy2, mine2

    def result(self) -> dict:
        self.stop_event.set()
        data = self.samples or [0.0]
        return {
            "other_cpu_cores_mean": statistics.mean(data),
            "other_cpu_cores_p95": pct(data, 0.95),
            "loadavg_end": Path("/proc/loadavg").read_text().split()[:3],
        }


class Server(StreamlitServer):
    """conftest's server, named, with its log under benchmarks/results/."""

    def __init__(self, name: str, env: dict[str, str] | None = None) -> None:
        super().__init__(env, log_path=RESULTS_DIR / f"server-{name}.log")
        self.name = name


class Page(OfflinePage):
    """conftest's offline page, plus the timing init script and a websocket byte counter."""

    def __init__(self, browser) -> None:
        super().__init__(browser)
        self.context.add_init_script(INIT_SCRIPT)
        self.ws_bytes = 0
        self.page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        def count(payload) -> None:
            self.ws_bytes += len(payload) if payload is not None else 0

        socket.on("framereceived", count)

    def open(self, url: str, day: date, timeout: float = 90_000) -> None:
        self.page.goto(f"{url}/?date={day.isoformat()}")
        self.page.wait_for_function(MARK_AFTER, arg=[day.isoformat(), 0], timeout=timeout)
        self.page.wait_for_function(IDLE, timeout=timeout)

    def __enter__(self) -> Page:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- browser measurements -------------------------------------------------------------------------


def scrub(browser, url: str, start: date, steps: int, warmup: int = 3) -> dict:
    """Focus the slider, press ArrowRight ``warmup + steps`` times; keydown -> data-map-date == new day.

    The first ``warmup`` steps of the session are taken but not counted (first-use imports, caches).
    """
    latencies, idle_after, ws = [], [], []
    with Page(browser) as page_:
        page = page_.page
        page_.open(url, start)
        slider = page.get_by_role("slider")
        day = start
        for step in range(warmup + steps):
            slider.focus()
            nkeys = page.evaluate("() => window.__rjw.keys.length")
            bytes_before = page_.ws_bytes
            page.keyboard.press("ArrowRight")
            day += timedelta(days=1)
            key_t = page.evaluate(f"() => window.__rjw.keys[{nkeys}].t")
            page.wait_for_function(MARK_AFTER, arg=[day.isoformat(), key_t], timeout=60_000)
            page.wait_for_function(IDLE, timeout=60_000)
            mark_t, done_t = page.evaluate(
                "([d, t]) => [window.__rjw.marks.find((m) => m.d === d && m.t >= t).t,"
                " performance.timeOrigin + performance.now()]",
                [day.isoformat(), key_t],
            )
            if step < warmup:
                continue
            latencies.append(mark_t - key_t)
            idle_after.append(done_t - key_t)
            ws.append(page_.ws_bytes - bytes_before)
        wrong = page.evaluate(
            "(ds) => window.__rjw.marks.filter((m) => !ds.includes(m.d)).map((m) => m.d)",
            [(start + timedelta(days=i)).isoformat() for i in range(warmup + steps + 1)],
        )
        blocked = list(page_.blocked)
    return {
        "start": start.isoformat(),
        "steps": steps,
        "warmup_steps": warmup,
        "latency_ms": summary(latencies),
        "rerun_idle_ms": summary(idle_after),
        "ws_bytes_per_step": summary(ws),
        "raw_ms": [round(x, 1) for x in latencies],
        "unexpected_days": sorted(set(wrong)),
        "blocked_requests": blocked,
    }


def play(browser, url: str, window_s: float) -> dict:
    """Press Play (default speed: 1 week per second = 4 frames/s) and count map repaints."""
    with Page(browser) as page_:
        page = page_.page
        page_.open(url, date(1904, 2, 8))
        page.evaluate(
            f'() => {{ const f = document.querySelector("{MAP_IFRAME}");'
            " f.__rjwSame = 1; f.contentWindow.__rjwSurvives = 1; }"
        )
        before = page.evaluate("() => window.__rjw.marks.length")
        page.get_by_role("button", name=re.compile(r"^▶\s*Play")).click()
        t0 = page.evaluate("() => performance.timeOrigin + performance.now()")
        page.wait_for_timeout(window_s * 1000)  # the measuring window (not synchronisation)
        t1 = page.evaluate("() => performance.timeOrigin + performance.now()")
        marks = page.evaluate("(n) => window.__rjw.marks.slice(n)", before)
        survived = page.evaluate(
            f'() => {{ const f = document.querySelector("{MAP_IFRAME}");'
            " return [!!(f && f.__rjwSame), !!(f && f.contentWindow.__rjwSurvives)]; }"
        )
        pause = page.get_by_role("button", name=re.compile("Pause"))
        if pause.count():
            pause.first.click()
    inside = [m for m in marks if t0 <= m["t"] <= t1]
    changes = [m for i, m in enumerate(inside) if i == 0 or m["d"] != inside[i - 1]["d"]]
    gaps = [b["t"] - a["t"] for a, b in pairwise(changes)]
    return {
        "window_s": round((t1 - t0) / 1000, 2),
        "frames": len(changes),
        # Rate between the first and the last repaint in the window (a count / window would be biased low
        # by up to one frame); the plain count over the window is kept too.
        "fps": (len(changes) - 1) / ((changes[-1]["t"] - changes[0]["t"]) / 1000) if len(changes) > 1 else 0.0,
        "fps_window_count": len(changes) / ((t1 - t0) / 1000),
        "frame_gap_ms": summary(gaps),
        "first_day": changes[0]["d"] if changes else None,
        "last_day": changes[-1]["d"] if changes else None,
        "iframe_kept": survived[0],
        "iframe_not_reloaded": survived[1],
    }


def first_paint(browser, url: str, runs: int) -> dict:
    """page.goto -> first data-map-date, each in a fresh browser context."""
    js_times, wall_times, inserted, loaded, response_end, dcl, load_end = [], [], [], [], [], [], []
    for _ in range(runs):
        with Page(browser) as page_:
            page = page_.page
            t0 = time.perf_counter()
            page.goto(f"{url}/?date={BUSY_DAY.isoformat()}")
            page.wait_for_function("() => window.__rjw.marks.length > 0", timeout=90_000)
            wall_times.append((time.perf_counter() - t0) * 1000)
            mark, frames, nav = page.evaluate(
                "() => [window.__rjw.marks[0].t - performance.timeOrigin,"
                " window.__rjw.frames.map((f) => [f.event, f.t - performance.timeOrigin]),"
                " (() => { const n = performance.getEntriesByType('navigation')[0];"
                "   return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd]; })()]"
            )
            response_end.append(nav[0])
            dcl.append(nav[1])
            load_end.append(nav[2])
            js_times.append(mark)
            inserted.append(next((t for e, t in frames if e == "inserted"), float("nan")))
            loaded.append(next((t for e, t in frames if e == "loaded" and t > 0), float("nan")))
    return {
        "runs": runs,
        "from_navigation_start_ms": summary(js_times),
        "raw_ms": [round(x) for x in js_times],
        "python_wall_ms": summary(wall_times),
        "html_response_end_ms": summary(response_end),
        "dom_content_loaded_ms": summary(dcl),
        "load_event_end_ms": summary(load_end),
        "map_iframe_inserted_ms": summary(inserted),
        "map_iframe_loaded_ms": summary(loaded),
    }


def memory(browser, server: Server, sessions: int) -> dict:
    """RSS of the server (and children): idle, one open session, ``sessions`` open sessions."""
    pid = server.process.pid
    result = {"idle_kib": rss_kib([pid])}
    pages: list[Page] = []
    try:
        for n in range(1, sessions + 1):
            page = Page(browser)
            pages.append(page)
            page.open(server.url, BUSY_DAY)
            if n == 1:
                result["one_session_kib"] = rss_kib([pid])
        result[f"{sessions}_sessions_kib"] = rss_kib([pid])
    finally:
        for page in pages:
            page.close()
    return result


def js_profile(browser, url: str, steps: int) -> dict:
    """Where the page's main thread spends a scrub step: a CDP CPU profile, self time by script."""
    import collections

    with Page(browser) as page_:
        page = page_.page
        page_.open(url, BUSY_DAY)
        slider = page.get_by_role("slider")
        day = BUSY_DAY

        def step() -> None:
            nonlocal day
            slider.focus()
            page.keyboard.press("ArrowRight")
            day += timedelta(days=1)
            page.wait_for_function(MARK_AFTER, arg=[day.isoformat(), 0], polling=50, timeout=60_000)
            page.wait_for_function(IDLE, polling=50, timeout=60_000)

        for _ in range(3):  # warm-up
            step()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        wall = (time.perf_counter() - t0) * 1000 / steps
        profile = cdp.send("Profiler.stop")["profile"]
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    by_script: collections.Counter = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        frame = nodes[sample]
        name = frame["url"].split("?")[0].rsplit("/", 1)[-1] or f"({frame['functionName'] or 'native'})"
        by_script[name] += delta / 1000 / steps
    return {
        "steps": steps,
        "wall_ms_per_step": wall,
        "ms_per_step_by_script": dict(by_script.most_common(14)),
    }


# --- synthetic data --------------------------------------------------------------------------------


def synthetic_events(n: int, path: Path, seed: int = 1904) -> Path:
    from map_layers.events import COLUMNS, FIRST_DAY, KINDS, LAST_DAY, SIDES, read_events

    rng = random.Random(seed + n)
    span = (LAST_DAY - FIRST_DAY).days
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for i in range(n):
            start = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
            end = min(start + timedelta(days=rng.choice((0, 0, 0, 1, 3, 7, 30))), LAST_DAY)
            writer.writerow(
                {
                    "id": f"synthetic_{i:05d}",
                    "start": start.isoformat(),
                    "end": "" if end == start else end.isoformat(),
                    "kind": rng.choice(KINDS),
                    "side": rng.choice((*SIDES, "")),
                    "lat": f"{rng.uniform(20, 55):.4f}",
                    "lon": f"{rng.uniform(100, 145):.4f}",
                    "title_en": f"Synthetic event {i}",
                    "title_ar": f"حدث تجريبي {i}",
                    "summary_en": f"Generated row {i} for the scale benchmark.",
                    "summary_ar": f"صف مولَّد رقم {i} لقياس الأداء.",
                    "source": f"https://example.org/bench/{i}",
                    "key": "",
                }
            )
    table = read_events(path)
    assert not table.problems, table.problems[:5]
    assert len(table.events) == n
    return path


# --- in-process measurements -----------------------------------------------------------------------


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


# --- report ----------------------------------------------------------------------------------------


def fmt_ms(value: float) -> str:
    return f"{value:,.0f} ms"


def goal_line(name: str, value: float, goal: float, lower_is_better: bool = True, unit: str = "ms") -> tuple:
    met = value <= goal if lower_is_better else value >= goal
    if lower_is_better:
        delta = f"{value / goal:.2f}x of the limit" if goal else ""
    else:
        delta = f"{value / goal:.2f}x of the target"
    return (
        name,
        f"{'<=' if lower_is_better else '>='} {goal:g} {unit}",
        f"{value:,.2f} {unit}",
        "MET" if met else "MISSED",
        delta,
    )


def build_report(res: dict, command: str) -> tuple[str, list[tuple]]:
    m = res["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `benchmarks/run.py`; do not edit by hand, re-run it. "
        "Every number below was produced by this one command:",
        "",
        f"```bash\n{command}\n```",
        "",
        f"Mode: **{'quick' if res['quick'] else 'full'}**; total wall-clock {res['elapsed_s'] / 60:.1f} min; "
        f"raw JSON: `benchmarks/results/{res['json_name']}` (gitignored).",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| date | {m['date']} |",
        f"| git commit | `{m['commit']}`{' (working tree had uncommitted changes)' if m['dirty'] else ''} |",
        f"| CPU | {m['cpu']} — `nproc` = {m['nproc']} |",
        f"| RAM | {m['ram_gib']} GiB |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| browser | {m['chromium']}, headless, every non-local request aborted |",
        f"| other load | load average at start {' '.join(m.get('loadavg_start', ['?']))}; CPU used by processes "
        f"outside this benchmark during the run: mean {m.get('other_cpu_cores_mean', float('nan')):.2f} cores, "
        f"p95 {m.get('other_cpu_cores_p95', float('nan')):.2f} cores (of {m['nproc']}) |",
        f"| packages | streamlit {m['streamlit']}, streamlit-folium {m['streamlit_folium']}, folium {m['folium']} |",
        "",
    ]
    goals: list[tuple] = []
    sc = res.get("scrub")
    if sc:
        lines += [
            "## Scrub latency (section `scrub`)",
            "",
            "Slider focused, `ArrowRight` pressed (one day per step; the first 3 steps of each session are taken "
            "but not counted); latency = keydown `event.timeStamp` in the page "
            "-> MutationObserver in the map iframe sees `data-map-date` equal to the new day "
            "(the day controller sets it in the animation frame after the day's layers are in place). "
            "Same clock (`performance.timeOrigin`-based) at both ends. The next key is pressed only after the "
            "rerun has finished (`data-test-script-state` != running). *rerun idle* = keydown -> whole script run "
            "finished. *ws bytes* = websocket bytes received by the page per step.",
            "",
            "| server | start day | steps | median | p95 | min | max | rerun idle median | ws bytes/step (median) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, runs in sc.items():
            for r in runs:
                lat = r["latency_ms"]
                lines.append(
                    f"| {name} | {r['start']} | {r['steps']} | {fmt_ms(lat['median'])} | {fmt_ms(lat['p95'])} | "
                    f"{fmt_ms(lat['min'])} | {fmt_ms(lat['max'])} | {fmt_ms(r['rerun_idle_ms']['median'])} | "
                    f"{r['ws_bytes_per_step']['median']:,.0f} |"
                )
        opt = [x for r in sc["optimised (full data)"] for x in r["raw_ms"]]
        nai = [x for r in sc.get("naive baseline (full data)", []) for x in r["raw_ms"]]
        res["scrub_summary"] = {
            "optimised": summary(opt),
            "naive": summary(nai) if nai else None,
        }
        so = summary(opt)
        lines += [
            "",
            f"All optimised steps pooled: median {fmt_ms(so['median'])}, p95 {fmt_ms(so['p95'])} (n={so['n']}).",
        ]
        goals.append(goal_line("scrub median, full data", so["median"], 100))
        goals.append(goal_line("scrub p95, full data", so["p95"], 200))
        if nai:
            sn = summary(nai)
            ratio = sn["median"] / so["median"]
            res["scrub_summary"]["ratio_median"] = ratio
            lines.append(
                f"Naive baseline pooled: median {fmt_ms(sn['median'])}, p95 {fmt_ms(sn['p95'])} (n={sn['n']}); "
                f"naive / optimised = **{ratio:.2f}x** (median), {sn['p95'] / so['p95']:.2f}x (p95)."
            )
            goals.append(
                goal_line(
                    "faster than naive (median ratio), brief: >= 2x, issue: >= 2.5x",
                    ratio,
                    2.5,
                    lower_is_better=False,
                    unit="x",
                )
            )
        odd = {
            f"{n} {r['start']}": r["unexpected_days"] for n, runs in sc.items() for r in runs if r["unexpected_days"]
        }
        if odd:
            lines.append(f"\nDays painted that were not on the scrub path (should be none): `{odd}`")
        lines.append("")
    sl = res.get("scale")
    if sl:
        lines += [
            "## Scale (section `scale`)",
            "",
            "Synthetic events CSVs generated at run time (valid rows: `read_events` reports no problem; dates "
            "spread over 1891-1905, 0-30-day spans, 100-145E / 20-55N, both languages), the app started with "
            f"`RJW_EVENTS` pointing at each; scrub from {BUSY_DAY} as above.",
            "",
            "| events | steps | median | p95 | rerun idle median | ws bytes/step (median) |",
            "|---|---|---|---|---|---|",
        ]
        for n, r in sl.items():
            lat = r["latency_ms"]
            lines.append(
                f"| {int(n):,} | {r['steps']} | {fmt_ms(lat['median'])} | {fmt_ms(lat['p95'])} | "
                f"{fmt_ms(r['rerun_idle_ms']['median'])} | {r['ws_bytes_per_step']['median']:,.0f} |"
            )
        if "10000" in sl:
            goals.append(goal_line("10,000 events scrub median", sl["10000"]["latency_ms"]["median"], 300))
        lines.append("")
    jp = res.get("jsprofile")
    if jp:
        lines += [
            "## Browser main thread per scrub step (section `jsprofile`)",
            "",
            f"CDP CPU profile of the page (map iframe included: same origin, same thread) over {jp['steps']} "
            f"optimised scrub steps from {BUSY_DAY}; {fmt_ms(jp['wall_ms_per_step'])} wall-clock per step "
            "(keypress -> rerun finished). Self time per step by script; `(program)` is native work "
            "(style, layout, paint, parsing), `(idle)` is waiting (server, network).",
            "",
            "| script | ms per step |",
            "|---|---|",
            *[f"| `{k}` | {v:,.1f} |" for k, v in jp["ms_per_step_by_script"].items()],
            "",
        ]
    pl = res.get("play")
    if pl:
        lines += [
            "## Play (section `play`)",
            "",
            "From 1904-02-08, Play clicked at the default speed (1 week per second = 4 frames/s target), "
            f"distinct `data-map-date` values counted over a fixed {pl['window_s']} s window.",
            "",
            f"- frames: {pl['frames']} -> **{pl['fps']:.3f} frames/s** between the first and last repaint "
            f"({pl.get('fps_window_count', pl['fps']):.3f} counted over the whole window) "
            f"(gap between repaints median {fmt_ms(pl['frame_gap_ms']['median'])}, "
            f"p95 {fmt_ms(pl['frame_gap_ms']['p95'])}); "
            f"days {pl['first_day']} -> {pl['last_day']}",
            f"- same iframe element kept: **{pl['iframe_kept']}**; iframe window not reloaded (JS marker survived): "
            f"**{pl['iframe_not_reloaded']}**",
            "",
        ]
        goals.append(goal_line("play frame rate", pl["fps"], 4, lower_is_better=False, unit="frames/s"))
    fp = res.get("first_paint")
    if fp:
        s = fp["from_navigation_start_ms"]
        lines += [
            "## First paint (section `first_paint`)",
            "",
            f"`page.goto('/?date={BUSY_DAY}')` in a fresh browser context -> first `data-map-date`, measured from "
            f"the page's navigation start; {fp['runs']} runs on a warm server: {fp['raw_ms']} ms.",
            "",
            f"- median **{fmt_ms(s['median'])}**, p95 {fmt_ms(s['p95'])} (Python wall clock around goto: median "
            f"{fmt_ms(fp['python_wall_ms']['median'])})",
            f"- where the time goes (medians from navigation start): HTML received at "
            f"{fmt_ms(fp['html_response_end_ms']['median'])}, DOMContentLoaded (Streamlit's JS bundle parsed) at "
            f"{fmt_ms(fp['dom_content_loaded_ms']['median'])}, "
            f"load event at {fmt_ms(fp['load_event_end_ms']['median'])}, "
            f"map iframe inserted by Streamlit at "
            f"{fmt_ms(fp['map_iframe_inserted_ms']['median'])}, its document loaded at "
            f"{fmt_ms(fp['map_iframe_loaded_ms']['median'])}, day layers painted at {fmt_ms(s['median'])}",
            "",
        ]
        goals.append(goal_line("first paint median", s["median"], 2500))
    me = res.get("memory")
    if me:
        lines += [
            "## Server memory (section `memory`)",
            "",
            "VmRSS of the `streamlit run` process plus its children (`/proc/PID/status`), on a fresh server.",
            "",
            "| state | RSS |",
            "|---|---|",
        ]
        for k, v in me.items():
            lines.append(f"| {k.replace('_kib', '').replace('_', ' ')} | {v / 1024:,.0f} MiB |")
        lines.append("")
    ex = res.get("exports")
    if ex:
        lines += [
            "## Exports (section `exports`, in process, real data)",
            "",
            "| export | time | size |",
            "|---|---|---|",
            f"| PNG snapshot, {EXPORT_DAY} (`render_snapshot`) | first {ex['png']['first_s']:.2f} s, "
            f"median of 3 {ex['png']['median_s']:.2f} s | {ex['png']['bytes'] / 1024:,.0f} KiB |",
            f"| GIF, {ex['gif']['frames']} frames, 7-day step from 1904-02-01 (`render_animation`) | "
            f"{ex['gif']['seconds']:.1f} s | {ex['gif']['bytes'] / 1024:,.0f} KiB |",
            f"| MP4, same frames | {ex['mp4']['seconds']:.1f} s | {ex['mp4']['bytes'] / 1024:,.0f} KiB |",
            f"| standalone HTML (`standalone_html`) | {ex['html']['seconds']:.2f} s | "
            f"{ex['html']['bytes'] / 1024 / 1024:.2f} MiB ({ex['html']['bytes']:,} bytes) |",
            "",
        ]
        goals.append(goal_line("PNG export (first call)", ex["png"]["first_s"], 2, unit="s"))
        if ex["gif"]["frames"] == 60:
            goals.append(goal_line("60-frame GIF export", ex["gif"]["seconds"], 20, unit="s"))
        goals.append(goal_line("standalone HTML size", ex["html"]["bytes"] / 1e6, 2, unit="MB"))
    rp = res.get("rerun")
    if rp:
        lines += [
            "## Rerun path, pure Python (section `rerun`)",
            "",
            "In process, no Streamlit runtime: the Python work of one rerun as `map_layers/ui.py` does it "
            "(`slice_day` uncached here; the app caches slices per day with `st.cache_resource`), "
            f"median over {rp['steps']} consecutive "
            f"days from {BUSY_DAY} (full data, English). `st_folium: …` rows replay what `st_folium()` does before "
            "handing its arguments to the component (render, `_get_html`, `_get_header`, `_get_map_string`, "
            "`_get_feature_group_string`, `generate_js_hash`). Timer: `time.perf_counter` (pyinstrument is not "
            "installed); a cProfile of 5 reruns is in the JSON.",
            "",
            "| step | median ms |",
            "|---|---|",
        ]
        for name, v in sorted(rp["ms"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {name} | {v:,.1f} |")
        lines += [
            f"| **total, optimised rerun** | **{rp['total_ms']:,.1f}** |",
            f"| **total, naive rerun (map + group in one)** | **{rp['naive_total_ms']:,.1f}** |",
            "",
            "| payload | bytes |",
            "|---|---|",
        ]
        for name, v in rp["bytes"].items():
            lines.append(f"| {name} | {v:,.0f} |")
        lines.append("")
    if res.get("errors"):
        lines += ["## Failed sections", ""]
        lines += [
            f"- `{name}`: {error} (server logs: `benchmarks/results/server-*.log`)"
            for name, error in res["errors"].items()
        ]
        lines.append("")
    if goals:
        lines[lines.index("## Machine") : lines.index("## Machine")] = [
            "## Goals",
            "",
            "| goal | target | measured | status | measured / target |",
            "|---|---|---|---|---|",
            *[f"| {' | '.join(g)} |" for g in goals],
            "",
        ]
    return "\n".join(lines) + "\n", goals


# --- main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a fast smoke: fewer steps, no 10k scale, 12-frame GIF")
    parser.add_argument(
        "--sections",
        default="scrub,jsprofile,play,first_paint,memory,scale,exports,rerun",
        help="comma-separated subset (default: all)",
    )
    parser.add_argument(
        "--report", metavar="JSON", help="only rewrite the report from a results JSON of an earlier run"
    )
    args = parser.parse_args()
    if args.report:
        res = json.loads(Path(args.report).read_text())
        write_report(res)
        return
    sections = set(args.sections.split(","))
    quick = args.quick
    steps = 10 if quick else 40
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    command = ".venv/bin/python benchmarks/run.py" + (" --quick" if quick else "")
    if sections != set(parser.get_default("sections").split(",")):
        command += f" --sections {args.sections}"
    res: dict = {"quick": quick, "machine": machine(), "command": command}
    res["machine"]["loadavg_start"] = Path("/proc/loadavg").read_text().split()[:3]
    monitor = LoadMonitor()
    monitor.start()
    log(f"{command} on {res['machine']['cpu']} x{res['machine']['nproc']}, commit {res['machine']['commit'][:10]}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, ExitStack() as stack:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        if sections & {"memory", "first_paint"}:

            def fresh_server() -> None:
                with Server("fresh") as server:  # its own server, so "idle" means idle
                    if "memory" in sections:
                        log("memory")
                        res["memory"] = memory(browser, server, 5)
                    if "first_paint" in sections:
                        log("first paint")
                        res["first_paint"] = first_paint(browser, server.url, 3 if quick else 5)

            attempt(res, "memory + first_paint", fresh_server)
        if sections & {"scrub", "play", "jsprofile"}:

            def scrub_and_play() -> None:
                with Server("optimised") as server, Server("naive", {"RJW_BASELINE": "naive"}) as naive:
                    if "scrub" in sections:
                        runs: dict[str, list] = {"optimised (full data)": [], "naive baseline (full data)": []}
                        for start in (BUSY_DAY, QUIET_DAY):
                            for name, srv in (("optimised (full data)", server), ("naive baseline (full data)", naive)):
                                log(f"scrub {name} from {start}")
                                runs[name].append(scrub(browser, srv.url, start, steps))
                        res["scrub"] = runs
                    if "jsprofile" in sections:
                        log("browser CPU profile of scrub steps")
                        res["jsprofile"] = js_profile(browser, server.url, 8 if quick else 15)
                    if "play" in sections:
                        log("play")
                        res["play"] = play(browser, server.url, 5 if quick else 10)

            attempt(res, "scrub + play", scrub_and_play)
        if "scale" in sections:

            def scale() -> None:
                curve: dict[str, dict] = {}
                with tempfile.TemporaryDirectory(prefix="rjw-bench-") as tmp:
                    for n in SCALE_SIZES:
                        if quick and n > 1_000:
                            continue
                        path = synthetic_events(n, Path(tmp) / f"events_{n}.csv")
                        log(f"scale {n} events")
                        with Server(f"scale-{n}", {"RJW_EVENTS": str(path)}) as srv:
                            curve[str(n)] = scrub(browser, srv.url, BUSY_DAY, steps)
                        res["scale"] = curve

            attempt(res, "scale", scale)
    if "rerun" in sections:
        log("rerun-path profile")
        attempt(res, "rerun", lambda: res.update(rerun=rerun_profile(10 if quick else 30)))
    if "exports" in sections:
        log("exports")
        attempt(res, "exports", lambda: res.update(exports=exports(quick)))

    res["elapsed_s"] = time.monotonic() - started
    res["machine"].update(monitor.result())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    res["json_name"] = f"bench-{'quick-' if quick else ''}{stamp}.json"
    (RESULTS_DIR / res["json_name"]).write_text(json.dumps(res, indent=2, default=str))
    write_report(res)


def attempt(res: dict, section: str, run_section) -> None:
    """Run one section; a failure (e.g. the app crashing) is recorded and the others still run."""
    try:
        run_section()
    except Exception:
        import traceback

        text = traceback.format_exc()
        log(f"section {section} FAILED:\n{text}")
        res.setdefault("errors", {})[section] = text.strip().splitlines()[-1]


def write_report(res: dict) -> None:
    command = res["command"]
    report, goals = build_report(res, command)
    notes = ROOT / "benchmarks" / "notes.md"
    if notes.exists() and not res["quick"]:
        report += "\n" + notes.read_text()
    target = QUICK_DOC if res["quick"] or "--sections" in command else DOC
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(report)
    print()
    print("goal | target | measured | status | measured/target")
    for g in goals:
        print(" | ".join(g))
    print(
        f"\nreport: {target.relative_to(ROOT)}; json: benchmarks/results/{res['json_name']}; "
        f"{res['elapsed_s'] / 60:.1f} min"
    )


if __name__ == "__main__":
    main()
