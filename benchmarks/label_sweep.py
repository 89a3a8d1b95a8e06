"""Place labels over the whole war at the opening view: missing key names and placement cost.

    .venv/bin/python benchmarks/label_sweep.py FILE.html [FILE.html ...] [--size 1366x768] [--rounds 2]
        [--view LAT,LON,ZOOM]

Each file is a standalone player file (``python -m map_layers export --format html``). At the
view the file opens with (zoom 4 over the theatre) or at ``--view``, every day from 1904-02-01 to 1905-09-10 is
painted and its labels placed as a pause places them (the sweep of ``tests/browser/harness.py``).
Prints, per file: the days on which each key place has no label (count and first/last day),
overlaps between labels, labels or leaders over markers, and the milliseconds of one placement
(``RJWLabels.update``, performance.now() in the page: median, p95, max) over all rounds.
Files are measured alternately, one round each in turn, so load on a shared box hits both.
Only file:// is loaded. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, LABEL_SWEEP, files_only  # noqa: E402

KEYS = ("port_arthur", "mukden", "vladivostok", "seoul", "tokyo", "yellow_sea", "sea_of_japan", "yalu")
FIRST, LAST = "1904-02-01", "1905-09-10"
# Time every placement; a file from before RJWPlayer.placeLabels existed places on each setDay.
INSTRUMENT = """() => {
  const update = window.RJWLabels.prototype.update;
  window.__labelMs = [];
  window.RJWLabels.prototype.update = function () {
    const t0 = performance.now(), out = update.apply(this, arguments);
    window.__labelMs.push(performance.now() - t0);
    return out;
  };
  const api = window.RJWPlayer;
  if (!api.placeLabels) {
    window.RJWPlayerInternals.Player.prototype.scheduleLabels = function () { this.placeLabels(); };
    api.placeLabels = function () {};
  }
}"""


def _spans(days: list[str]) -> str:
    return f"{len(days)} ({days[0]} .. {days[-1]})" if days else "0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--size", default="1366x768", help="viewport WxH (the app's iframe is 1335x690)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--view", help="lat,lon,zoom instead of the file's opening view (e.g. 38.9,121.5,6)")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages, blocked = {}, []
        for path in args.files:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.route("**/*", files_only(blocked))
            page = context.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_selector(".leaflet-container[data-labels-date]", state="attached")
            page.evaluate("document.fonts.ready")
            page.evaluate(INSTRUMENT)
            if args.view:
                lat, lon, zoom = (float(v) for v in args.view.split(","))
                view = "([a, b, z]) => window.RJWPlayer.map.setView([a, b], z, {animate: false})"
                page.evaluate(view, [lat, lon, zoom])
            pages[path] = page
        results: dict[Path, list[dict]] = {path: [] for path in pages}
        for _ in range(args.rounds):
            for path, page in pages.items():
                page.bring_to_front()
                page.evaluate("window.__labelMs = []")
                found = page.evaluate(LABEL_SWEEP, [FIRST, LAST, list(KEYS), 1])
                found["ms"] = page.evaluate("window.__labelMs")
                found["zoom"] = page.evaluate("window.RJWPlayer.view().zoom")
                results[path].append(found)
        browser.close()
    assert not blocked, blocked
    for path, rounds in results.items():
        first = rounds[0]
        ms = sorted(v for found in rounds for v in found["ms"])
        print(f"== {path.name} ({args.size}, zoom {first['zoom']}, {first['days']} days, {len(rounds)} rounds)")
        for key in KEYS:
            print(f"  {key:13} missing on {_spans(first['missing'][key])}")
        print(f"  clashes: {len(first['clashes'])} {first['clashes'][:6]}")
        print(f"  labels shown per day: {first['labels'] / first['days']:.1f}, callouts per day: "
              f"{first['callouts'] / first['days']:.2f}")  # fmt: skip
        p95 = ms[int(0.95 * (len(ms) - 1))]
        print(f"  placement ms: median {statistics.median(ms):.2f}  p95 {p95:.2f}  max {ms[-1]:.2f}  (n={len(ms)})")


if __name__ == "__main__":
    main()
