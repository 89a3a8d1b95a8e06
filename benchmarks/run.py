"""Benchmarks: one command measures the live app in a real browser and the exports.

    .venv/bin/python benchmarks/run.py            # full run (about 6 min), writes docs/benchmarks.md
    .venv/bin/python benchmarks/run.py --quick    # smoke (about 3 min), writes benchmarks/results/benchmarks-quick.md

Every browser number comes from a real ``streamlit run app.py`` on a free port, driven by headless
Chromium (``tests/browser/harness.py``, shared with the tests); the baseline rows come from the
commit before the client-side player, checked out in a temporary git worktree (see live.py).
No timing is asserted anywhere: these are measurements, not tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import live, player_bench  # noqa: E402
from benchmarks.common import DOC, QUICK_DOC, RESULTS_DIR, log  # noqa: E402
from benchmarks.inprocess import exports  # noqa: E402
from benchmarks.machine import LoadMonitor, machine  # noqa: E402
from benchmarks.synthetic import synthetic_events  # noqa: E402
from tests.browser.harness import launch_chromium  # noqa: E402

SECTIONS = ("live", "standalone", "exports")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a fast smoke: fewer steps, 12-frame GIF")
    parser.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated subset (default: all)")
    args = parser.parse_args()
    sections = set(args.sections.split(","))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    command = ".venv/bin/python benchmarks/run.py" + (" --quick" if args.quick else "")
    if sections != set(SECTIONS):
        command += f" --sections {args.sections}"
    started = time.monotonic()
    res: dict = {"quick": args.quick, "machine": machine(), "command": command, "errors": {}}
    monitor = LoadMonitor()
    monitor.start()
    log(f"{command} on {res['machine']['cpu']} x{res['machine']['nproc']}, commit {res['machine']['commit'][:10]}")
    if sections & {"live", "standalone"}:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            if "live" in sections:
                attempt(res, "live", lambda: res.update(live=live.run(browser, args.quick)))
            if "standalone" in sections:
                log("standalone: the player in the exported file")
                attempt(res, "standalone", lambda: res.update(standalone=standalone(browser)))
            browser.close()
    if "exports" in sections:
        log("exports")
        attempt(res, "exports", lambda: res.update(exports=exports(args.quick)))
    res["elapsed_s"] = time.monotonic() - started
    res["machine"].update(monitor.result())
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"bench-{'quick-' if args.quick else ''}{stamp}.json"
    (RESULTS_DIR / name).write_text(json.dumps(res, indent=2, default=str))
    text = "\n".join(report(res))
    (QUICK_DOC if args.quick else DOC).write_text(text, encoding="utf-8")
    print(text)


def standalone(browser) -> list[dict]:
    """The player alone, in the standalone file: shipped data and 10,000 synthetic events."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "full.html"
        results.append(player_bench.measure(browser, full, player_bench.build(None, full), "shipped data"))
        scaled = Path(tmp) / "scaled.html"
        csv_path = synthetic_events(10_000, Path(tmp) / "events_10000.csv")
        results.append(player_bench.measure(browser, scaled, player_bench.build(csv_path, scaled), "10,000 events"))
    return results


def report(res: dict) -> list[str]:
    m = res["machine"]
    lines = [
        "# Benchmarks",
        "",
        f"Command: `{res['command']}` · {m['date']} · commit {m['commit'][:10]}{' (dirty)' if m.get('dirty') else ''}",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB, {m['os']}, Python {m['python']}, "
        f"{m['chromium']}, Streamlit {m['streamlit']}, folium {m['folium']}. Server, Chromium and the driver share "
        f"the machine; CPU used by other processes during the run: mean {m['other_cpu_cores_mean']:.2f} cores.",
        f"Elapsed: {res['elapsed_s'] / 60:.1f} min.",
        "",
    ]
    if "live" in res:
        lines += live.report(res["live"])
    if "standalone" in res:
        info = {**m, "dirty": m.get("dirty", False), "load_before": "-", "load_after": "-"}
        lines += [player_bench.report(res["standalone"], info, res["command"]), ""]
    if "exports" in res:
        e = res["exports"]
        lines += [
            "## Exports (in process, `benchmarks/inprocess.py`)",
            "",
            "| what | result | goal |",
            "|---|---|---|",
            f"| PNG, Tsushima day, first / median of 3 | {e['png']['first_s']:.2f} s / {e['png']['median_s']:.2f} s "
            f"({e['png']['bytes']:,} bytes) | ≤ 2 s |",
            f"| GIF, {e['gif']['frames']} frames | {e['gif']['seconds']:.1f} s ({e['gif']['bytes']:,} bytes) "
            "| ≤ 20 s |",
            f"| MP4, {e['mp4']['frames']} frames | {e['mp4']['seconds']:.1f} s ({e['mp4']['bytes']:,} bytes) | — |",
            f"| standalone HTML | {e['html']['seconds']:.2f} s, {e['html']['bytes']:,} bytes | ≤ 2 MB, offline |",
            "",
        ]
    for section, error in res["errors"].items():
        lines.append(f"**{section} failed:** `{error}`")
    notes = ROOT / "benchmarks" / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8")]
    return lines


def attempt(res: dict, section: str, run_section) -> None:
    """Run one section; a failure (e.g. the app crashing) is recorded and the others still run."""
    try:
        run_section()
    except Exception:
        import traceback

        text = traceback.format_exc()
        log(f"section {section} FAILED:\n{text}")
        res["errors"][section] = text.strip().splitlines()[-1]


if __name__ == "__main__":
    main()
