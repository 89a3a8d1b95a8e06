"""Benchmark of the time player: the standalone file in headless Chromium, nothing but file:// loaded.

    .venv/bin/python benchmarks/player_bench.py            # writes its section of docs/benchmarks.md
    .venv/bin/python benchmarks/player_bench.py --no-doc   # print only

Measures, with the shipped data and with 10,000 synthetic events (shipped geodata):

- keydown -> paint: an in-page clock from the keydown's ``event.timeStamp`` to the first
  ``requestAnimationFrame`` callback after ``data-map-date`` changed (a MutationObserver);
  the next key is pressed only after that frame;
- paint cost: the synchronous ``RJWPlayer.setDay`` on random days (what one frame costs);
- drag: distinct days painted during a 2 s mouse drag across a fifth of the time control;
- play: painted frames per second (``data-map-frame``) and distinct days over a fixed window
  at 1 month/s and 1 year/s;
- the file's size.

No timing is asserted anywhere; these are measurements. Every non-file request is aborted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import summary  # noqa: E402
from benchmarks.machine import machine  # noqa: E402
from benchmarks.synthetic import synthetic_events  # noqa: E402
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- player_bench:start -->", "<!-- player_bench:end -->"
DAY = date(1904, 8, 1)

CLOCK = """() => {
  const map = document.querySelector('.leaflet-container');
  window.__bench = {marks: [], t0: null};
  window.addEventListener('keydown', (e) => { window.__bench.t0 = e.timeStamp; }, true);
  new MutationObserver(() => {
    const t0 = window.__bench.t0;
    requestAnimationFrame(() => { if (t0 !== null) { window.__bench.marks.push(performance.now() - t0); } });
  }).observe(map, {attributes: true, attributeFilter: ['data-map-date']});
}"""
PAINT_COST = """(n) => {
  const first = -28854, last = -23377, out = [];
  let seed = 7;
  const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 0; i < n; i++) {
    const day = first + Math.floor(rand() * (last - first + 1));
    const t0 = performance.now();
    window.RJWPlayer.setDay(day);
    out.push(performance.now() - t0);
  }
  return out;
}"""
STEP_COST = """(n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    window.RJWPlayer.setDay(window.RJWPlayer.time() + 1);
    out.push(performance.now() - t0);
  }
  return out;
}"""


def build(events_path: Path | None, out: Path) -> int:
    from map_layers.events import read_events
    from map_layers.export.standalone import standalone_html
    from map_layers.geodata import load_geodata
    from map_layers.paths import EVENTS_CSV

    table = read_events(events_path or EVENTS_CSV)
    html = standalone_html(load_geodata(), table.events, lang="en", layers=None, day=DAY)
    out.write_text(html, encoding="utf-8")
    return len(html.encode("utf-8"))


def open_page(browser, path: Path, width: int = 1366, height: int = 768):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-map-date]")
    return context, page


def keydown_paint(page, steps: int) -> dict:
    page.evaluate(CLOCK)
    page.locator("[data-time-control]").focus()
    for i in range(steps):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(n) => window.__bench.marks.length >= n", arg=i + 1)
    return summary(page.evaluate("window.__bench.marks.slice(3)"))


def drag(page) -> dict:
    page.evaluate("window.RJWPlayer.setDay('1891-01-01')")
    page.evaluate(
        """() => { window.__drag = new Set(); const m = document.querySelector('.leaflet-container');
        new MutationObserver(() => window.__drag.add(m.dataset.mapDate))
            .observe(m, {attributes: true, attributeFilter: ['data-map-date']}); }"""
    )
    box = page.locator("[data-time-control]").bounding_box()
    y = box["y"] + box["height"] / 2
    x0, width = box["x"] + 8, (box["width"] - 16) / 5
    page.mouse.move(x0, y)
    page.mouse.down()
    started = time.perf_counter()
    moves = 0
    while (elapsed := time.perf_counter() - started) < 2.0:
        page.mouse.move(x0 + width * elapsed / 2.0, y)
        moves += 1
    page.mouse.move(x0 + width, y)
    days = page.evaluate("window.__drag.size")
    page.mouse.up()
    return {"distinct_days": days, "mouse_moves": moves, "seconds": 2.0}


def play(page, speed: int, window_s: float = 4.0) -> dict:
    page.evaluate("(s) => { window.RJWPlayer.setDay('1891-01-01'); window.RJWPlayer.setSpeed(s); }", speed)
    page.evaluate(
        """() => { window.__days = new Set(); const m = document.querySelector('.leaflet-container');
        new MutationObserver(() => window.__days.add(m.dataset.mapDate))
            .observe(m, {attributes: true, attributeFilter: ['data-map-date']}); }"""
    )
    page.evaluate("window.RJWPlayer.play()")
    first = page.evaluate("[+document.querySelector('.leaflet-container').dataset.mapFrame, performance.now()]")
    page.wait_for_timeout(window_s * 1000)  # a fixed measuring window: frames are counted over it
    last = page.evaluate("[+document.querySelector('.leaflet-container').dataset.mapFrame, performance.now()]")
    days = page.evaluate("window.__days.size")
    page.evaluate("window.RJWPlayer.pause()")
    seconds = (last[1] - first[1]) / 1000
    return {"speed": speed, "fps": (last[0] - first[0]) / seconds, "distinct_days_per_s": days / seconds}


def measure(browser, path: Path, size: int, label: str) -> dict:
    context, page = open_page(browser, path)
    try:
        result = {"label": label, "bytes": size}
        result["keydown_paint"] = keydown_paint(page, 60)
        result["paint_random_day"] = summary(page.evaluate(PAINT_COST, 300))
        page.evaluate("window.RJWPlayer.setDay('1904-02-01')")
        result["paint_next_day"] = summary(page.evaluate(STEP_COST, 300))
        result["drag"] = drag(page)
        result["play_month"] = play(page, 30)
        result["play_year"] = play(page, 365)
        return result
    finally:
        context.close()


def report(results: list[dict], info: dict, command: str) -> str:
    lines = [
        START,
        "## Time player (`benchmarks/player_bench.py`)",
        "",
        f"Command: `{command}` — {info['date']}, commit `{info['commit'][:12]}`"
        f"{' (dirty tree)' if info['dirty'] else ''}; {info['cpu']}, nproc {info['nproc']}, {info['chromium']},"
        " headless, 1366×768, only file:// allowed. The standalone file (English) on 1904-08-01."
        f" Load average before / after: {info['load_before']} / {info['load_after']} (the box is shared).",
        "",
        "*keydown → paint*: keydown `event.timeStamp` → the first `requestAnimationFrame` after `data-map-date`"
        " changed (in-page clock; ArrowRight on the time control; first 3 not counted). *paint*: the synchronous"
        " `RJWPlayer.setDay` (a random day / the next day). *drag*: distinct days painted during a 2 s drag across"
        " a fifth of the control. *play*: painted frames/s (`data-map-frame`) and distinct days/s over 4 s.",
        "",
        "| data | file | keydown→paint median | p95 | paint random day p50 / p95 | next day p50 / p95"
        " | drag: days in 2 s | play 1 month/s: frames/s | play 1 year/s: frames/s (days/s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        k, p, s = r["keydown_paint"], r["paint_random_day"], r["paint_next_day"]
        lines.append(
            f"| {r['label']} | {r['bytes'] / 1e6:.2f} MB | {k['median']:.1f} ms | {k['p95']:.1f} ms"
            f" | {p['median']:.2f} / {p['p95']:.2f} ms | {s['median']:.2f} / {s['p95']:.2f} ms"
            f" | {r['drag']['distinct_days']} | {r['play_month']['fps']:.1f}"
            f" | {r['play_year']['fps']:.1f} ({r['play_year']['distinct_days_per_s']:.0f}) |"
        )
    lines += ["", END, ""]
    return "\n".join(lines)


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END) + "\n?", lambda _m: section, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-doc", action="store_true", help="print the numbers, do not touch docs/benchmarks.md")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    info = machine()
    info["load_before"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            full = Path(tmp) / "full.html"
            results.append(measure(browser, full, build(None, full), "shipped data"))
            scaled = Path(tmp) / "scaled.html"
            csv_path = synthetic_events(10_000, Path(tmp) / "events_10000.csv")
            results.append(measure(browser, scaled, build(csv_path, scaled), "10,000 synthetic events"))
        finally:
            browser.close()
    info["load_after"] = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(json.dumps(results, indent=1))
    section = report(results, info, "python benchmarks/player_bench.py")
    print(section)
    if not args.no_doc:
        write_doc(section)


if __name__ == "__main__":
    main()
