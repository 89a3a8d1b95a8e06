"""Classroom load: N concurrent Streamlit sessions scrubbing the date slider.

Starts one ``streamlit run app.py`` on a free local port (tests/browser/harness.py's
StreamlitServer), opens N sessions over Streamlit's own websocket protocol
(benchmarks/st_client.py: no browsers, so the 2 cores go to the server), and has each
session scrub the date slider as a student would: a random walk over 1891-1905, a new day
every 1-2 s after the previous one has arrived. All sessions first open the page and idle
for a moment: the server's memory growth then is the memory per session. Each step's latency runs from sending the
``rerun_script`` to receiving ``script_finished``; a step is also checked for the new day's
ISO date in the map component's arguments (the day's feature group).

    .venv/bin/python benchmarks/load_test.py [--sessions 30] [--seconds 60]
    .venv/bin/python benchmarks/load_test.py --url http://127.0.0.1:18080 --pids 123,456  # replicas

Prints a summary and writes benchmarks/results/load.json (plus the server's stderr in
benchmarks/results/load_server_stderr.log). Only 127.0.0.1 is contacted. Every loop is
bounded by the run time; a watchdog kills the server and exits if the whole run overruns.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.procfs import cpu_ticks, rss_kib, status_field  # noqa: E402
from benchmarks.st_client import StreamlitSession  # noqa: E402
from map_layers.events import FIRST_DAY, LAST_DAY  # noqa: E402
from tests.browser.harness import StreamlitServer  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
ERROR_LATENCY = 10.0  # a step slower than this counts as a timeout error
STEP_CAP = 60.0  # a step still unanswered after this is abandoned and the session reconnects
OPEN_CAP = 90.0  # first page of a session
THINK = (1.0, 2.0)  # seconds between receiving a day and asking for the next one
MAX_JUMP = 60  # days per scrub step (either way)
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- the server and its process tree --------------------------------------------------------


def rss_mb(pids: list[int]) -> float:
    return rss_kib(pids) / 1024


def cpu_seconds(pids: list[int]) -> float:
    return cpu_ticks(pids) / CLK_TCK


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used (from /proc/stat), to spot competing load."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / CLK_TCK


def threads(pids: list[int]) -> int:
    return sum(status_field(p, "Threads") for p in pids)


# --- sessions -------------------------------------------------------------------------------


@dataclass
class Step:
    session: int
    t: float  # seconds since the scrub phase began
    day: str
    latency: float
    ok: bool
    day_in_map: bool
    messages: int
    bytes: int
    errors: list[str] = field(default_factory=list)


@dataclass
class SessionLog:
    index: int
    open_latency: float | None = None
    steps: list[Step] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # connection-level problems
    reconnects: int = 0


def next_day(day: date, rng: random.Random) -> date:
    """A random walk that reflects off 1891-01-01 and 1905-12-31."""
    jump = rng.randint(1, MAX_JUMP) * rng.choice((-1, 1))
    new = day + timedelta(days=jump)
    if new < FIRST_DAY or new > LAST_DAY:
        new = day - timedelta(days=jump)
    return min(max(new, FIRST_DAY), LAST_DAY)


async def open_session(url: str, log: SessionLog) -> StreamlitSession:
    session = StreamlitSession(url)
    await session.connect()
    page = await session.open_page(timeout=OPEN_CAP)
    if log.open_latency is None:
        log.open_latency = page.latency
    if not page.ok:
        log.errors.append(f"open page: {page.exceptions or page.status}")
    if session.slider_id is None:
        raise RuntimeError("no date slider in the page")
    return session


async def scrub(
    url: str, log: SessionLog, t0: float, stop_at: float, seed: int, session: StreamlitSession | None = None
) -> None:
    """One student: scrub until stop_at (monotonic), opening (or reopening) the page as needed."""
    rng = random.Random(seed)
    day = None
    try:
        while time.monotonic() < stop_at:
            if session is None:
                try:
                    session = await open_session(url, log)
                except Exception as error:
                    log.errors.append(f"connect/open: {type(error).__name__}: {error}")
                    if session is not None:
                        await session.close()
                    session = None
                    await asyncio.sleep(1)
                    continue
            if day is None:
                day = rng.choice([date(1904, 2, 9), date(1898, 3, 27), date(1891, 5, 31), date(1905, 5, 27)])
            day = next_day(day, rng)
            started = time.monotonic() - t0
            try:
                result = await session.set_day(day, timeout=STEP_CAP)
            except TimeoutError:
                log.steps.append(
                    Step(
                        log.index,
                        started,
                        day.isoformat(),
                        STEP_CAP,
                        False,
                        False,
                        0,
                        0,
                        [f"no script_finished within {STEP_CAP:.0f} s"],
                    )
                )
                await session.close()
                session = None
                log.reconnects += 1
                continue
            except Exception as error:
                log.errors.append(f"step: {type(error).__name__}: {error}")
                await session.close()
                session = None
                log.reconnects += 1
                continue
            errors = list(result.exceptions)
            # The day state's JSON, inside the map's script, inside the component's JSON arguments.
            in_map = result.component_matches(rf'\\"date\\":\s*\\"{day.isoformat()}\\"')
            if result.latency > ERROR_LATENCY:
                errors.append(f"slow: {result.latency:.1f} s > {ERROR_LATENCY:.0f} s")
            if not in_map:
                errors.append("the day's feature group was not in the map component's arguments")
            log.steps.append(
                Step(
                    log.index,
                    started,
                    day.isoformat(),
                    result.latency,
                    result.ok and not errors,
                    in_map,
                    result.messages,
                    result.bytes,
                    errors,
                )
            )
            await asyncio.sleep(rng.uniform(*THINK))
    finally:
        if session is not None:
            await session.close()


async def sampler(pids: list[int], samples: list[dict], t0: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(
            {
                "t": round(time.monotonic() - t0, 2),
                "rss_mb": round(rss_mb(pids), 1),
                "cpu_s": round(cpu_seconds(pids), 2),
                "threads": threads(pids),
            }
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


async def run(args: argparse.Namespace, url: str, pids: list[int], report: dict) -> None:
    """Warm up, open every session, scrub; ``pids`` are the server processes to watch (memory, CPU)."""
    report["rss_mb"] = {"started": round(rss_mb(pids), 1)}

    # Warm-up: one session per server process (a proxy in front deals them out in turn) loads the
    # shared data, as the first student on each would; the first also times steps on its own.
    warm = SessionLog(-1)
    single = []
    for replica in range(max(1, len(pids))):
        session = await open_session(url, warm)
        for day in (date(1904, 2, 10), date(1905, 5, 27), date(1898, 3, 27)):
            await session.set_day(day, timeout=STEP_CAP)
        if replica == 0:
            for day in (date(1904, 8, 10), date(1904, 8, 11), date(1895, 4, 17), date(1900, 7, 1), date(1905, 9, 5)):
                single.append((await session.set_day(day, timeout=STEP_CAP)).latency)
        await session.close()
    report["cold_first_page_s"] = round(warm.open_latency, 3)
    report["single_session_step_s"] = {
        "median": round(statistics.median(single), 3),
        "all": [round(x, 3) for x in single],
    }
    await asyncio.sleep(2)
    report["rss_mb"]["idle_warm"] = round(rss_mb(pids), 1)

    # Students arrive over the ramp and open the page; with everyone connected and idle, the
    # server's growth over the warm idle server is the memory a session costs.
    logs = [SessionLog(i) for i in range(args.sessions)]
    sessions: list[StreamlitSession | None] = []
    for log in logs:
        try:
            sessions.append(await open_session(url, log))
        except Exception as error:
            log.errors.append(f"connect/open: {type(error).__name__}: {error}")
            sessions.append(None)
        await asyncio.sleep(args.ramp / max(1, args.sessions))
    await asyncio.sleep(2)
    report["rss_mb"]["sessions_open"] = round(rss_mb(pids), 1)
    report["rss_mb"]["per_session"] = round(
        (report["rss_mb"]["sessions_open"] - report["rss_mb"]["idle_warm"]) / args.sessions, 2
    )

    cpu0, wall0, busy0 = cpu_seconds(pids), time.monotonic(), machine_busy_seconds()
    report["loadavg_before"] = [round(x, 2) for x in os.getloadavg()]
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    samples: list[dict] = []
    stop = asyncio.Event()
    t0 = time.monotonic()
    stop_at = t0 + args.seconds
    sample_task = asyncio.create_task(sampler(pids, samples, t0, stop))

    async def student(i: int) -> None:
        await asyncio.sleep(rng_start.uniform(0, THINK[1]))  # not all in step with each other
        await scrub(url, logs[i], t0, stop_at, seed=args.seed + i, session=sessions[i])

    rng_start = random.Random(args.seed)
    tasks = [asyncio.create_task(student(i)) for i in range(args.sessions)]
    # Everything in flight ends by stop_at + STEP_CAP; past that, abandon it.
    done, pending = await asyncio.wait(tasks, timeout=args.seconds + STEP_CAP + 15)
    for task in pending:
        task.cancel()
    report["abandoned_sessions"] = len(pending)
    for task in done:
        if task.exception() is not None:
            report.setdefault("session_crashes", []).append(repr(task.exception()))
    wall = time.monotonic() - t0
    report["rss_mb"]["loaded_peak"] = max((s["rss_mb"] for s in samples), default=None)
    report["rss_mb"]["loaded_end"] = round(rss_mb(pids), 1)
    # Everything the class added, shared caches included, divided among the students.
    report["rss_mb"]["per_session_scrubbing"] = round(
        (report["rss_mb"]["loaded_peak"] - report["rss_mb"]["idle_warm"]) / args.sessions, 2
    )
    cpu1, busy1 = cpu_seconds(pids), machine_busy_seconds()
    report["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    stop.set()
    await sample_task
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    await asyncio.sleep(3)
    report["rss_mb"]["after_disconnect"] = round(rss_mb(pids), 1)

    steps = [s for log in logs for s in log.steps]
    latencies = [s.latency for s in steps]
    opens = [log.open_latency for log in logs if log.open_latency is not None]
    errors = [e for s in steps for e in s.errors] + [e for log in logs for e in log.errors]
    kinds: dict[str, int] = {}
    for e in errors:
        key = e.split(":")[0] if not e.startswith("the day") else "day missing from map"
        kinds[key] = kinds.get(key, 0) + 1
    report.update(
        wall_s=round(wall, 1),
        steps=len(steps),
        steps_ok=sum(s.ok for s in steps),
        steps_per_s=round(len(steps) / wall, 2),
        steps_per_session={
            "min": min((len(log.steps) for log in logs), default=0),
            "max": max((len(log.steps) for log in logs), default=0),
        },
        step_latency_s={
            "median": round(statistics.median(latencies), 3) if latencies else None,
            "p90": round(pct(latencies, 90), 3),
            "p95": round(pct(latencies, 95), 3),
            "p99": round(pct(latencies, 99), 3),
            "max": round(max(latencies), 3) if latencies else None,
            "min": round(min(latencies), 3) if latencies else None,
        },
        open_page_latency_s={
            "median": round(statistics.median(opens), 3) if opens else None,
            "max": round(max(opens), 3) if opens else None,
        },
        day_in_map=sum(s.day_in_map for s in steps),
        # Each new day fills the server's shared per-day caches (slice, caption, map state):
        # the RSS growth while scrubbing is mostly that, not the sessions.
        distinct_days=len({s.day for s in steps}),
        bytes_per_step_median=int(statistics.median([s.bytes for s in steps])) if steps else None,
        errors_total=len(errors),
        errors_by_kind=kinds,
        timeouts_over_10s=sum(1 for s in steps if s.latency > ERROR_LATENCY),
        reconnects=sum(log.reconnects for log in logs),
        server_cpu={
            "cpu_s": round(cpu1 - cpu0, 1),
            "percent_of_one_core": round(100 * (cpu1 - cpu0) / (time.monotonic() - wall0), 1),
        },
        client_cpu_s=round((usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime), 1),
        # CPU used by everything else on the machine meanwhile: near 0 on a quiet machine.
        other_processes_cpu_s=round(
            (busy1 - busy0)
            - (cpu1 - cpu0)
            - ((usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)),
            1,
        ),
        server_threads_max=max((s["threads"] for s in samples), default=None),
        samples=samples,
        steps_detail=[s.__dict__ for s in steps],
        session_errors=[{"session": log.index, "errors": log.errors} for log in logs if log.errors],
        first_errors=errors[:20],
    )
    # Latency over time, in 10 s buckets: shows whether the server keeps up or falls behind.
    buckets: dict[int, list[float]] = {}
    for s in steps:
        buckets.setdefault(int(s.t // 10) * 10, []).append(s.latency)
    report["latency_by_10s"] = {
        str(k): {"n": len(v), "median": round(statistics.median(v), 3), "p95": round(pct(v, 95), 3)}
        for k, v in sorted(buckets.items())
    }
    report["goal_met"] = bool(steps) and report["errors_total"] == 0 and report["step_latency_s"]["p95"] <= 1.0


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    except (OSError, ValueError):
        mem = 0
    system = f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores {model}, {mem} GB RAM, {system}"


def summary(report: dict) -> str:
    lat = report.get("step_latency_s", {})
    rss = report.get("rss_mb", {})
    return "\n".join(
        [
            f"sessions {report['sessions']} x {report['seconds']} s on {report['machine']}",
            f"single session (warm): step median {report.get('single_session_step_s', {}).get('median')} s; "
            f"cold first page {report.get('cold_first_page_s')} s",
            f"steps {report.get('steps')} ({report.get('steps_ok')} ok), {report.get('steps_per_s')} steps/s, "
            f"day in map {report.get('day_in_map')}/{report.get('steps')}, "
            f"{report.get('distinct_days')} distinct days",
            f"step latency s: median {lat.get('median')}  p95 {lat.get('p95')}  "
            f"p99 {lat.get('p99')}  max {lat.get('max')}",
            f"page open s: {report.get('open_page_latency_s')}",
            f"errors {report.get('errors_total')} {report.get('errors_by_kind')}; "
            f">10 s {report.get('timeouts_over_10s')}; "
            f"reconnects {report.get('reconnects')}",
            f"server RSS MB: {rss}",
            f"server CPU: {report.get('server_cpu')}; load generator CPU {report.get('client_cpu_s')} s; "
            f"other processes CPU {report.get('other_processes_cpu_s')} s "
            f"(load avg {report.get('loadavg_before')} -> "
            f"{report.get('loadavg_after')})",
            f"latency by 10 s: {report.get('latency_by_10s')}",
            f"goal (no error, p95 <= 1 s): {'MET' if report.get('goal_met') else 'NOT MET'}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions arrive")
    parser.add_argument("--seed", type=int, default=1904)
    parser.add_argument("--out", type=Path, default=RESULTS / "load.json")
    parser.add_argument(
        "--url",
        help="a deployment already running on this machine (e.g. replicas behind a proxy) instead of "
        "starting one server; only loopback addresses are accepted",
    )
    parser.add_argument("--pids", default="", help="with --url: server process ids to watch, comma-separated")
    args = parser.parse_args()
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--url must point at this machine (127.0.0.1, localhost or ::1)")
    if args.url and not args.pids:
        parser.error("--url needs --pids: the server processes whose memory and CPU to report")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stderr_path = RESULTS / "load_server_stderr.log"
    report: dict = {
        "sessions": args.sessions,
        "seconds": args.seconds,
        "ramp_s": args.ramp,
        "think_s": list(THINK),
        "max_jump_days": MAX_JUMP,
        "date_utc": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "git": git_commit(),
        "machine": machine(),
        "command": "python " + " ".join(sys.argv),
    }
    server = None if args.url else StreamlitServer(log_path=stderr_path)
    hard_limit = args.seconds + STEP_CAP + 180  # startup, warm-up, the run, the last steps, teardown

    def watchdog() -> None:
        print(f"load_test: overran {hard_limit:.0f} s; stopping", file=sys.stderr)
        if server and server.process and server.process.poll() is None:
            server.process.kill()
        os._exit(3)

    timer = threading.Timer(hard_limit, watchdog)
    timer.daemon = True
    timer.start()
    status = 1
    try:
        if server is not None:
            server.start()
            url, pids = server.url, [server.process.pid]
        else:
            url, pids = args.url.rstrip("/"), [int(p) for p in args.pids.split(",") if p.strip()]
            stderr_path.unlink(missing_ok=True)  # no server of ours, no log of it
        report["target"], report["server_pids"] = url, pids
        asyncio.run(asyncio.wait_for(run(args, url, pids, report), hard_limit - 30))
        status = 0
    except BaseException as error:
        report["fatal"] = f"{type(error).__name__}: {error}"
        traceback.print_exc()
    finally:
        if server is not None:
            server.stop()
        timer.cancel()
    stderr_text = stderr_path.read_text(errors="replace") if stderr_path.exists() else ""
    report["server_stderr_lines"] = len(stderr_text.splitlines())
    report["server_stderr_tail"] = stderr_text[-4000:]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, default=str))
    if "steps" in report:
        print(summary(report))
    if stderr_text.strip():
        print("--- server stderr (tail) ---\n" + stderr_text[-1500:])
    print(f"wrote {args.out}")
    return status if report.get("goal_met") or status else 2


if __name__ == "__main__":
    sys.exit(main())
