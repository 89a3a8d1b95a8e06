"""The live app's time control in a real browser: one clock for ours, the old rerun path and the naive rebuild.

Run by ``benchmarks/run.py`` (section ``live``), which writes the report.

What it measures, all on this machine (loopback only), in headless Chromium, with the same in-page
clock: a capturing ``keydown`` listener on the page, and a MutationObserver on the map container's
``data-map-date`` that stamps the first animation frame after the attribute changes.

- **day step**: keydown (→ on the page) → the first frame painted with the new day; full data, and
  10,000 synthetic events;
- **drag**: distinct days painted during a 2 s drag across a fifth of the time control;
- **play**: painted frames per second (``data-map-frame``) and websocket messages per second from
  the page to the server while playing and while dragging;
- **first paint**: navigation start → first day painted, on a warm server;
- **the paths it replaced, in the same run**: the app before the player (commit ``BASELINE``: a
  Streamlit rerun per day, st_folium swapping one feature group) and its naive baseline (the map
  rebuilt on every rerun), checked out in a temporary git worktree and driven the same way.
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import ROOT, log, pct
from benchmarks.synthetic import synthetic_events
from tests.browser.harness import StreamlitServer

BASELINE = "2d77b32"  # the last commit with a Streamlit rerun per day

NEW = {"frame": "iframe.rjw-map-frame", "focus": "body"}
OLD = {"frame": "iframe[title='streamlit_folium.st_folium']", "focus": "slider"}

# Installed in the page: stamps keydowns and the frames painted after each data-map-date change.
CLOCK = """
(frameSelector) => {
  const now = () => performance.now();
  window.__keys = []; window.__paints = [];
  document.addEventListener('keydown', () => window.__keys.push(now()), true);
  let last = null, watched = null;
  const seen = (d) => { if (d && d !== last) { last = d; window.__paints.push({d, t: now()}); } };
  // A MutationObserver on the map's data-map-date stamps the first animation frame after each change;
  // an animation-frame loop re-attaches it when the map's document is replaced (the naive baseline).
  const tick = () => {
    const frame = document.querySelector(frameSelector);
    const doc = frame && frame.contentDocument;
    const box = doc && doc.querySelector('[data-map-date]');
    if (box && box !== watched) {
      watched = box;
      const view = frame.contentWindow;
      new MutationObserver(() => {
        const d = box.getAttribute('data-map-date');
        view.requestAnimationFrame(() => seen(d));
      }).observe(box, {attributes: true, attributeFilter: ['data-map-date']});
      seen(box.getAttribute('data-map-date'));
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""


def stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"median {statistics.median(values):.1f} ms, p95 {pct(values, 0.95):.1f} ms (n={len(values)})"


class Session:
    """A browser page on one server, with the clock installed and websocket frames counted."""

    def __init__(self, browser, url: str, query: str, kind: dict, viewport=(1366, 768)) -> None:
        self.kind = kind
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.sent: list[float] = []
        self.page.on("websocket", lambda ws: ws.on("framesent", lambda _payload: self.sent.append(time.monotonic())))
        started = time.monotonic()
        self.page.goto(f"{url}/{query}")
        self.page.wait_for_selector(kind["frame"], timeout=90_000)
        self.page.evaluate(CLOCK, kind["frame"])
        self.page.wait_for_function(
            "(s) => { const f = document.querySelector(s); const d = f && f.contentDocument;"
            " return d && d.querySelector('[data-map-date]'); }",
            arg=kind["frame"],
            timeout=90_000,
        )
        self.opened_s = time.monotonic() - started
        self.page.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') !== 'running'"
        )

    def map_eval(self, script: str, arg=None):
        frame = self.page.frame_locator(self.kind["frame"]).locator("[data-map-date]").first
        return frame.evaluate(script, arg)

    def day(self) -> str:
        return self.map_eval("(e) => e.getAttribute('data-map-date')")

    def close(self) -> None:
        self.context.close()


def step_latencies(session: Session, steps: int, warmup: int = 3) -> list[float]:
    """Press → ``steps`` times; each: keydown → first frame with the next day painted."""
    page = session.page
    focus = session.kind["focus"]
    (page.get_by_role("slider") if focus == "slider" else page.locator(focus)).first.focus()
    out = []
    for index in range(warmup + steps):
        before = session.day()
        expected = (date.fromisoformat(before) + timedelta(days=1)).isoformat()
        page.evaluate("() => { window.__keys = []; window.__paints = []; }")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(d) => window.__paints.some(p => p.d === d)", arg=expected, timeout=30_000)
        key_t = page.evaluate("() => window.__keys[0]")
        paint_t = page.evaluate("(d) => window.__paints.find(p => p.d === d).t", expected)
        if index >= warmup:
            out.append(paint_t - key_t)
        # Let the server's settle (or rerun) finish before the next step, as a person pausing would.
        page.wait_for_function(
            "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') !== 'running'"
        )
    return out


def drag(session: Session, seconds: float = 2.0) -> dict:
    """Drag the time control's thumb across a fifth of its width over ``seconds``."""
    page = session.page
    control = page.frame_locator(session.kind["frame"]).locator("[data-time-control]").first
    box = control.bounding_box()
    value = control.evaluate("(e) => [Number(e.value), Number(e.min), Number(e.max)]")
    x0 = box["x"] + box["width"] * (value[0] - value[1]) / (value[2] - value[1])
    y = box["y"] + box["height"] / 2
    page.evaluate("() => { window.__paints = []; }")
    sent_before = len(session.sent)
    page.mouse.move(x0, y)
    page.mouse.down()
    moves = 120
    started = time.monotonic()
    for i in range(1, moves + 1):
        page.mouse.move(x0 + box["width"] / 5 * i / moves, y)
        remaining = started + seconds * i / moves - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
    elapsed = time.monotonic() - started
    sent_during = len(session.sent) - sent_before
    page.mouse.up()
    days = page.evaluate("() => new Set(window.__paints.map(p => p.d)).size")
    return {"distinct_days": days, "seconds": elapsed, "ws_per_s": sent_during / elapsed}


def play(session: Session, seconds: float = 4.0, days_per_second: int = 30) -> dict:
    """Press P, count painted frames and messages to the server over ``seconds``, press P again."""
    page = session.page
    # From early in the period, so the window never reaches its end (play stops there).
    session.map_eval("(e, v) => { RJWPlayer.setDay('1891-06-01'); RJWPlayer.setSpeed(v); }", days_per_second)
    page.locator("body").focus()
    frames = lambda: int(session.map_eval("(e) => e.getAttribute('data-map-frame') || '0'"))  # noqa: E731
    page.keyboard.press("p")
    time.sleep(0.5)  # past the first frames of play
    f0, s0, t0 = frames(), len(session.sent), time.monotonic()
    time.sleep(seconds)
    f1, s1, t1 = frames(), len(session.sent), time.monotonic()
    page.keyboard.press("p")
    return {"fps": (f1 - f0) / (t1 - t0), "ws_per_s": (s1 - s0) / (t1 - t0)}


# Installed before any page script: stamps (from navigation start, in the top page's clock) its
# DOMContentLoaded, the map's frame element, and the first animation frame in which the map's
# document shows a day.
PAINT_STAMPS = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  if (window.top === window) {
    const marks = window.__marks = {};
    document.addEventListener('DOMContentLoaded', () => { marks.dcl = now(); });
    new MutationObserver(() => {
      if (!marks.frame && document.querySelector('iframe.rjw-map-frame')) marks.frame = now();
    }).observe(document, {childList: true, subtree: true});
    return;
  }
  const marks = window.top.__marks;
  const poll = () => {
    const box = document.querySelector('[data-map-date]');
    // Checked in a frame callback: the first that sees the day is the frame that paints it.
    if (box && box.getAttribute('data-map-date')) marks.paint = marks.paint || now();
    else requestAnimationFrame(poll);
  };
  if (marks) requestAnimationFrame(poll);
})();
"""
# The same first paint for a Streamlit page of one Markdown element (FLOOR_APP).
FLOOR_APP = "import streamlit as st\nst.markdown(\"<div id='floor'>one element</div>\", unsafe_allow_html=True)\n"
FLOOR_STAMPS = """
(() => {
  const marks = window.__marks = {};
  let seen = false;
  new MutationObserver(() => {
    if (!seen && document.getElementById('floor')) {
      seen = true;
      requestAnimationFrame(() => { marks.paint = performance.timeOrigin + performance.now(); });
    }
  }).observe(document, {childList: true, subtree: true});
})();
"""


# The marks in ms from navigation start.
SINCE_NAVIGATION = (
    "() => Object.fromEntries(Object.entries(window.__marks).map(([k, t]) => [k, t - performance.timeOrigin]))"
)


def _visits(browser, url: str, stamps: str, runs: int) -> list[dict[str, dict[str, float]]]:
    """Per run, ``stamps``' marks (ms from navigation start) for a new visitor (empty browser
    cache) and a returning one (the same browser opening the page again)."""
    out = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.add_init_script(stamps)
        page = context.new_page()
        run = {}
        for visit in ("new", "returning"):
            page.goto(url)
            page.wait_for_function("() => window.__marks && window.__marks.paint", timeout=90_000)
            run[visit] = page.evaluate(SINCE_NAVIGATION)
        context.close()
        out.append(run)
    return out


def first_paint(browser, url: str, runs: int) -> dict[str, list[float]]:
    """Navigation start → the map's first painted day, on a warm server (ms): ``new`` and
    ``returning`` visitors, and when the page's DOMContentLoaded and the map's frame came for
    the new one."""
    visits = _visits(browser, f"{url}/?date=1904-08-10", PAINT_STAMPS, runs)
    return {
        "new": [v["new"]["paint"] for v in visits],
        "returning": [v["returning"]["paint"] for v in visits],
        "dcl": [v["new"]["dcl"] for v in visits],
        "frame": [v["new"]["frame"] for v in visits],
    }


def streamlit_floor(browser, runs: int) -> dict[str, list[float]]:
    """The same first paint for a Streamlit page of one Markdown element: what any page costs here
    (``new`` and ``returning`` visitors, ms; the project's server settings)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "floor.py"
        script.write_text(FLOOR_APP, encoding="utf-8")
        with StreamlitServer(script=str(script)) as server:
            _visits(browser, server.url, FLOOR_STAMPS, 1)  # warms the server
            visits = _visits(browser, server.url, FLOOR_STAMPS, runs)
    return {visit: [v[visit]["paint"] for v in visits] for visit in ("new", "returning")}


def baseline_worktree() -> Path:
    path = Path(tempfile.mkdtemp(prefix="rjw-baseline-"))
    command = ["git", "worktree", "add", "--detach", str(path), BASELINE]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return path


def run(browser, quick: bool) -> dict:
    """Every live measurement; ``browser`` is a launched Chromium (see tests/browser/harness.py)."""
    steps = 10 if quick else 40
    results: dict = {"steps": steps}
    with tempfile.TemporaryDirectory() as tmp:
        big = synthetic_events(10_000, Path(tmp) / "events-10k.csv")

        with StreamlitServer() as server:
            log("live: ours, full data")
            session = Session(browser, server.url, "?date=1904-08-01", NEW)
            results["ours_step"] = step_latencies(session, steps)
            results["ours_drag"] = drag(session)
            results["ours_play"] = play(session)
            results["ours_play_year"] = play(session, days_per_second=365)
            session.close()
            results["first_paint"] = first_paint(browser, server.url, 3 if quick else 5)
            for size in ((1920, 1080), (390, 844)):
                session = Session(browser, server.url, "?date=1905-05-27", NEW, viewport=size)
                results[f"frame_{size[0]}"] = session.page.locator(NEW["frame"]).bounding_box()
                session.close()

        results["streamlit_floor"] = streamlit_floor(browser, 3 if quick else 5)

        with StreamlitServer(env={"RJW_EVENTS": str(big)}) as server:
            log("live: ours, 10,000 events")
            session = Session(browser, server.url, "?date=1904-08-01", NEW)
            results["ours10k_step"] = step_latencies(session, steps)
            results["ours10k_play"] = play(session)
            results["ours10k_play_year"] = play(session, days_per_second=365)
            session.close()

    worktree = baseline_worktree()
    try:
        for name, env in (("rerun", {}), ("naive", {"RJW_BASELINE": "naive"})):
            log(f"live: baseline {BASELINE}, {name}")
            with _Checkout(worktree, StreamlitServer(env=env)) as server:
                session = Session(browser, server.url, "?date=1904-08-01", OLD)
                results[f"{name}_step"] = step_latencies(session, max(5, steps // 2))
                session.close()
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
    return results


class _Checkout:
    """Run a StreamlitServer from another checkout (its app.py, its code) with this venv."""

    def __init__(self, path: Path, server: StreamlitServer) -> None:
        self.path, self.server = path, server

    def __enter__(self) -> StreamlitServer:
        import tests.browser.harness as harness

        self.saved = harness.ROOT
        harness.ROOT = self.path
        self.server.start()
        return self.server

    def __exit__(self, *exc: object) -> None:
        import tests.browser.harness as harness

        self.server.stop()
        harness.ROOT = self.saved


def report(res: dict) -> list[str]:
    """The live section of docs/benchmarks.md."""
    drag_, play_, play10k = res["ours_drag"], res["ours_play"], res["ours10k_play"]
    paint, floor = res["first_paint"], res["streamlit_floor"]
    return [
        "## Live app: the time control (`benchmarks/live.py`)",
        "",
        "Clock: a capturing keydown listener on the page; a MutationObserver on the map container's "
        "`data-map-date` stamps the first animation frame after each change (same clock for every row).",
        "",
        "| what | result | goal |",
        "|---|---|---|",
        f"| day step, keydown → paint, full data (ours) | {stats(res['ours_step'])} | p95 ≤ 16.7 ms |",
        f"| day step, 10,000 events (ours) | {stats(res['ours10k_step'])} | p95 ≤ 16.7 ms |",
        f"| day step, server round trip ({BASELINE}: a rerun per day) | {stats(res['rerun_step'])} | — |",
        f"| day step, naive rebuild ({BASELINE}, RJW_BASELINE=naive) | {stats(res['naive_step'])} | — |",
        f"| drag: distinct days painted in {drag_['seconds']:.1f} s across 1/5 of the control | "
        f"{drag_['distinct_days']} | ≥ 20 |",
        f"| play at 1 month/s: painted frames/s, full data | {play_['fps']:.1f} | ≥ 30 |",
        f"| play at 1 year/s: painted frames/s, full data | {res['ours_play_year']['fps']:.1f} | ≥ 30 |",
        f"| play at 1 month/s: painted frames/s, 10,000 events | {play10k['fps']:.1f} | ≥ 30 |",
        f"| play at 1 year/s: painted frames/s, 10,000 events | {res['ours10k_play_year']['fps']:.1f} | ≥ 30 |",
        f"| websocket messages/s to the server while playing | {play_['ws_per_s']:.2f} | ≤ 2 |",
        f"| websocket messages/s to the server while dragging | {drag_['ws_per_s']:.2f} | ≤ 2 |",
        f"| first paint, warm server, new visitor (navigation → map painted) | {stats(paint['new'])} | ≤ 1,500 ms |",
        f"| … of which: Streamlit's page DOMContentLoaded | {stats(paint['dcl'])} | — |",
        f"| … of which: the map's frame created | {stats(paint['frame'])} | — |",
        f"| first paint, warm server, returning visitor (browser cache) | {stats(paint['returning'])} | ≤ 1,500 ms |",
        f"| floor: a one-element Streamlit page, new visitor | {stats(floor['new'])} | — |",
        f"| floor: a one-element Streamlit page, returning visitor | {stats(floor['returning'])} | — |",
        f"| map frame at 1920×1080 (x, y, w, h px) | {_box(res.get('frame_1920'))} | fills the screen |",
        f"| map frame at 390×844 (x, y, w, h px) | {_box(res.get('frame_390'))} | on the first screen |",
        "",
    ]


def _box(box: dict | None) -> str:
    return "n/a" if not box else ", ".join(f"{box[k]:.0f}" for k in ("x", "y", "width", "height"))
