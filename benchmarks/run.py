"""Benchmarks: one command measures the live app in a real browser, the exports and the rerun path.

    .venv/bin/python benchmarks/run.py            # full run (< 15 min), writes docs/benchmarks.md
    .venv/bin/python benchmarks/run.py --quick    # smoke (< 3 min), writes benchmarks/results/benchmarks-quick.md

Every browser number comes from a real ``streamlit run app.py`` on a free port, driven by headless
Chromium with every non-local request aborted (``tests/browser/harness.py``, shared with the tests).
Browser timings use one clock: an init script, injected into every frame, records
``performance.timeOrigin + performance.now()`` when ``data-map-date`` changes on the map's
``.leaflet-container`` (inside the st_folium iframe, whichever iframe that is: the naive baseline
remounts it) and ``performance.timeOrigin + event.timeStamp`` of every keydown in the page.

No timing is asserted anywhere: these are measurements, not tests. Synchronisation always waits for
a condition; the only fixed window is the play measurement (frames counted over N seconds).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# The measurements, one module per kind (after the path is set): live.py (browser),
# inprocess.py (exports, rerun path), synthetic.py (scale data), machine.py, report.py.
from benchmarks.common import BUSY_DAY, QUIET_DAY, RESULTS_DIR, SCALE_SIZES, log  # noqa: E402
from benchmarks.inprocess import exports, rerun_profile  # noqa: E402
from benchmarks.live import Server, first_paint, js_profile, memory, play, scrub  # noqa: E402
from benchmarks.machine import LoadMonitor, machine  # noqa: E402
from benchmarks.report import write_report  # noqa: E402
from benchmarks.synthetic import synthetic_events  # noqa: E402
from tests.browser.harness import launch_chromium  # noqa: E402


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
        browser = launch_chromium(playwright)
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


if __name__ == "__main__":
    main()
