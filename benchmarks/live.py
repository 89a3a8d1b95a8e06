"""Measurements of the live app in headless Chromium: scrub, play, first paint, memory, JS profile.

Every number comes from a real ``streamlit run app.py`` on a free port, driven by headless
Chromium with every non-local request aborted (:mod:`tests.browser.harness`, shared with the
browser tests). Timings use one clock: :data:`INIT_SCRIPT`, injected into every frame.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from itertools import pairwise

from benchmarks.common import BUSY_DAY, RESULTS_DIR, summary
from benchmarks.procfs import rss_kib
from tests.browser.harness import OfflinePage, StreamlitServer

MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"

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
