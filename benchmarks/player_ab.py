"""Play frame rate of two standalone player files, interleaved in one headless Chromium.

    .venv/bin/python benchmarks/player_ab.py before.html after.html [--rounds 4]

On a shared box the load moves between runs by more than most changes cost, so a before/after
comparison alternates the two files (same browser, same start day 1904-08-01, 4 s of play at
1 month/s and at 1 year/s per round) and reports the median painted frames/s of each. Only
file:// is loaded. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PLAY = """([speed, seconds]) => new Promise(done => {
  const api = window.RJWPlayer, box = api.map.getContainer();
  api.pause(); api.setDay('1904-08-01'); api.setSpeed(speed);
  const first = +box.dataset.mapFrame; api.play();
  setTimeout(() => {
    const frames = +box.dataset.mapFrame - first; api.pause(); done(frames / seconds);
  }, seconds * 1000);
})"""


def _file_only(route) -> None:
    """Only file:// is loaded; anything else is aborted."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs=2, type=Path, help="two standalone HTML files (e.g. before and after)")
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages = {}
        for path in args.files:
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            context.route("**/*", _file_only)
            page = context.new_page()
            page.goto(path.resolve().as_uri())
            page.wait_for_selector(".leaflet-container[data-map-date]")
            pages[path.name] = page
        fps: dict[tuple[str, int], list[float]] = {}
        for _ in range(args.rounds):
            for speed in (30, 365):
                for name, page in pages.items():
                    page.bring_to_front()
                    fps.setdefault((name, speed), []).append(page.evaluate(PLAY, [speed, 4]))
        browser.close()
    for (name, speed), values in fps.items():
        rounded = ", ".join(f"{v:.1f}" for v in values)
        print(f"{name}\t{speed} days/s\tmedian {statistics.median(values):.1f} frames/s\t({rounded})")


if __name__ == "__main__":
    main()
