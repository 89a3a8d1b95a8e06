"""Classroom load: N concurrent Streamlit sessions as browsers behave with the client-side player.

Starts one ``streamlit run app.py`` on a free local port (tests/browser/harness.py's
StreamlitServer), opens N sessions over Streamlit's own websocket protocol
(benchmarks/st_client.py: no browsers, so the 2 cores go to the server). The map evaluates time
in the browser; the server hears only the *settled* day and view (the map bridge's ``settled``
state, map_layers/app/bridge.js). So each session settles as a student would after dragging or
playing: a random walk over 1891-1905, a new settled day every 1-2 s after the previous one has
been answered (more often than a real student stops). A step's latency runs from sending the
state to ``script_finished``; a step counts only if the address bar the server sends back holds
the new day. Meanwhile (``--exporters``) some sessions make the longest animation the app allows
and poll its progress as the page's fragment timer does, and (``--uploader``) one session uploads
each abusive file of issue 19 (generated here, never committed) and checks that it hears a message
and that its own map still answers. After everyone leaves, the server's memory is sampled for
``--after`` seconds.

    .venv/bin/python benchmarks/load_test.py [--sessions 100] [--seconds 120] [--exporters 3] [--uploader]
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
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.procfs import cpu_ticks, rss_kib, status_field  # noqa: E402
from benchmarks.st_client import RunResult, StreamlitSession  # noqa: E402
from map_layers.events import FIRST_DAY, LAST_DAY  # noqa: E402
from map_layers.limits import MAX_APP_FRAMES  # noqa: E402
from tests.browser.harness import StreamlitServer  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
ERROR_LATENCY = 10.0  # a step slower than this counts as a timeout error
STEP_CAP = 60.0  # a step still unanswered after this is abandoned and the session reconnects
OPEN_CAP = 90.0  # first page of a session
THINK = (1.0, 2.0)  # seconds between receiving a day and asking for the next one
MAX_JUMP = 60  # days per scrub step (either way)
CLK_TCK = os.sysconf("SC_CLK_TCK")
EXPORT_CAP = 900.0  # an animation export not done after this counts as an error
UPLOAD_ANSWER = 3.0  # the uploader must hear the outcome within this (issue 19)
VISITOR_AFTER = 135.0  # seconds after everyone left: past Streamlit's disconnectedSessionTTL (120 s)


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
    if not page.ok:
        log.errors.append(f"open page: {page.exceptions or page.status}")
    if session.bridge_id is None:
        raise RuntimeError("no map bridge component in the page")
    # The browser's map reports its first frame; the page then draws the event list and charts.
    rest = await session.painted(timeout=OPEN_CAP)
    if not rest.ok:
        log.errors.append(f"page after the map: {rest.exceptions or rest.status}")
    if log.open_latency is None:
        log.open_latency = page.latency + rest.latency
    return session


def view_near(rng: random.Random) -> dict:
    """A view a student might pan to: somewhere over the theatre, zoom 4-7."""
    return {"lat": round(rng.uniform(30, 50), 4), "lon": round(rng.uniform(115, 140), 4), "zoom": rng.randint(4, 7)}


def settled_in_url(result: RunResult, session: StreamlitSession, day: date) -> bool:
    """The server took the settled day: the address bar it keeps in sync names it."""
    return f"date={day.isoformat()}" in (result.query_string or session.query_string)


async def scrub(
    url: str,
    log: SessionLog,
    t0: float,
    stop_at: float,
    seed: int,
    session: StreamlitSession | None = None,
    think: tuple[float, float] = THINK,
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
                result = await session.settle(day, view_near(rng), timeout=STEP_CAP)
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
            in_map = settled_in_url(result, session, day)
            if result.latency > ERROR_LATENCY:
                errors.append(f"slow: {result.latency:.1f} s > {ERROR_LATENCY:.0f} s")
            if not in_map:
                errors.append("the day settled was not taken (not in the address bar)")
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
            await asyncio.sleep(rng.uniform(*think))
    finally:
        if session is not None:
            await session.close()


@dataclass
class SideLog:
    """What an exporting or uploading session saw."""

    session: int
    events: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def export_animation(session: StreamlitSession, log: SideLog, t0: float, frames: int) -> None:
    """The longest animation the app allows (GIF), polled as the page's fragment timer polls it."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    start = date(1904, 2, 1)
    end = start + timedelta(days=frames - 1)
    # The pop-over's contents are made only while it is open: open it, as the user does.
    opened = WidgetState(id=session.widget("rjw-export"), bool_value=True)
    await session.set_widgets([opened], timeout=STEP_CAP)
    widgets = [
        opened,
        WidgetState(id=session.widget("anim_start"), string_array_value={"data": [start.isoformat()]}),
        WidgetState(id=session.widget("anim_end"), string_array_value={"data": [end.isoformat()]}),
        WidgetState(id=session.widget("anim_step"), double_value=1),
    ]
    asked = time.monotonic()
    busy = 0
    while True:
        result = await session.click("anim_prepare", widgets, timeout=STEP_CAP)
        texts = [text for _, text in result.texts]
        if any("busy" in text or "already making" in text for text in texts):
            busy += 1
            log.events.append(
                {"t": round(time.monotonic() - t0, 1), "what": "busy", "latency": round(result.latency, 3)}
            )
            await asyncio.sleep(10)  # "try again in a minute": a patient user tries again
            if time.monotonic() - asked > EXPORT_CAP:
                log.errors.append("export never accepted")
                return
            continue
        if not session.auto_reruns:
            log.errors.append(f"export did not start: {result.exceptions or texts[:3]}")
            return
        break
    accepted = time.monotonic()
    polls, worst, last_progress, link = 0, 0.0, "", None
    while session.auto_reruns and time.monotonic() - accepted < EXPORT_CAP:
        fragment_id, interval = next(iter(session.auto_reruns.items()))
        await asyncio.sleep(interval)
        result = await session.fragment_rerun(fragment_id, timeout=STEP_CAP)
        polls += 1
        worst = max(worst, result.latency)
        progress = [text for kind, text in result.texts if kind == "progress"]
        last_progress = progress[-1] if progress else last_progress
        if result.exceptions:
            log.errors.append(f"poll: {result.exceptions[:2]}")
        for _, text in result.texts:
            found = re.search(r"href='([^']+)'[^>]*rjw-animation-download", text)
            link = found.group(1) if found else link
    done = time.monotonic()
    ok, size = False, 0
    if link is not None:  # the page offers the file: is it served, whole?
        with urllib.request.urlopen(session.http_url + link, timeout=60) as response:
            head = response.read()
        ok, size = head.startswith(b"GIF8"), len(head)
    if not ok:
        log.errors.append(f"no download after the export (last progress {last_progress!r}, link {link!r})")
    log.events.append(
        {
            "what": "export",
            "frames": frames,
            "busy_answers": busy,
            "queued_s": round(accepted - asked, 1),
            "export_s": round(done - accepted, 1),
            "polls": polls,
            "worst_poll_s": round(worst, 3),
            "download_offered": ok,
            "gif_bytes": size,
        }
    )


async def upload_abusive_files(session: StreamlitSession, log: SideLog, t0: float, rng: random.Random) -> None:
    """Each abusive file of issue 19, then a valid one: the answer's time and text; the map after each."""
    from benchmarks.memory_burst import abusive_uploads, valid_upload

    files = {**abusive_uploads(), "2,000 valid events": valid_upload()}
    for name, data in files.items():
        started = time.monotonic()
        try:
            result = await session.upload("upload", f"{name.replace(' ', '_')}.csv", data, timeout=STEP_CAP)
        except Exception as error:
            log.errors.append(f"upload {name}: {type(error).__name__}: {error}")
            continue
        answered = time.monotonic() - started
        # The page's answer about the file: an alert (refused, rows skipped) or the "loaded" caption.
        said = [text for kind, text in result.texts if kind == "alert" or (kind == "markdown" and "csv" in text)]
        day = next_day(date(1904, 5, 1), rng)
        after = await session.settle(day, view_near(rng), timeout=STEP_CAP)
        map_ok = after.status == 0 and settled_in_url(after, session, day)
        log.events.append(
            {
                "what": "upload",
                "file": name,
                "bytes": len(data),
                "answer_s": round(answered, 3),
                "said": said[0][:160] if said else None,
                "map_step_after_s": round(after.latency, 3),
                "map_ok_after": map_ok,
            }
        )
        if not said:
            log.errors.append(f"upload {name}: no message about the file")
        if answered > UPLOAD_ANSWER:
            log.errors.append(f"upload {name}: answered in {answered:.1f} s > {UPLOAD_ANSWER:.0f} s")
        if not map_ok:
            log.errors.append(f"upload {name}: the map did not answer after it")
        await asyncio.sleep(rng.uniform(*THINK))


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
            await session.settle(day, timeout=STEP_CAP)
        if replica == 0:
            for day in (date(1904, 8, 10), date(1904, 8, 11), date(1895, 4, 17), date(1900, 7, 1), date(1905, 9, 5)):
                single.append((await session.settle(day, timeout=STEP_CAP)).latency)
        await session.close()
    report["cold_first_page_s"] = round(warm.open_latency, 3)
    report["single_session_step_s"] = {
        "median": round(statistics.median(single), 3),
        "all": [round(x, 3) for x in single],
    }
    await asyncio.sleep(2)
    report["rss_mb"]["idle_warm"] = round(rss_mb(pids), 1)
    report["server_only_idle_warm_mb"] = round(status_field(pids[0], "VmRSS") / 1024, 1)

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

    side_logs = [SideLog(i) for i in range(args.exporters + int(args.uploader))]

    async def student(i: int) -> None:
        # The first settle comes after a first think, as every later one: students stop dragging at
        # their own moments, not all in the same two seconds.
        await asyncio.sleep(rng_start.uniform(0, args.think[1]))
        try:
            if i < args.exporters and sessions[i] is not None:
                await export_animation(sessions[i], side_logs[i], t0, args.frames)
            elif i == args.exporters and args.uploader and sessions[i] is not None:
                await upload_abusive_files(sessions[i], side_logs[i], t0, random.Random(args.seed + i))
        except Exception as error:
            side_logs[i].errors.append(f"{type(error).__name__}: {error}")
        await scrub(url, logs[i], t0, stop_at, seed=args.seed + i, session=sessions[i], think=args.think)

    rng_start = random.Random(args.seed)
    tasks = [asyncio.create_task(student(i)) for i in range(args.sessions)]
    # Everything in flight ends by stop_at + STEP_CAP; past that, abandon it.
    done, pending = await asyncio.wait(
        tasks, timeout=args.seconds + STEP_CAP + 15 + (EXPORT_CAP if args.exporters else 0)
    )
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
    report["side_sessions"] = [log.__dict__ for log in side_logs]
    report["side_errors"] = [e for log in side_logs for e in log.errors]
    # Everyone leaves (scrub closed its sessions); the server alone, and with its export workers.
    # Streamlit keeps a disconnected session for server.disconnectedSessionTTL (120 s) and drops
    # expired ones only when its session storage is next touched: one visitor after that time
    # (the next class opening the page) lets it, and then the sessions' memory can come back.
    left = time.monotonic()
    after: list[dict] = []
    visited = False
    while True:
        elapsed = time.monotonic() - left
        if not visited and elapsed >= VISITOR_AFTER:
            visited = True
            with contextlib.suppress(Exception):
                visitor = await open_session(url, SessionLog(-3))
                await visitor.close()
            after.append({"t": round(time.monotonic() - left), "event": "one visitor opened and closed the page"})
            await asyncio.sleep(5)  # the trim runs ~2 s after the sessions are dropped
            continue
        after.append(
            {
                "t": round(elapsed),
                "server_mb": round(status_field(pids[0], "VmRSS") / 1024, 1),
                "tree_mb": round(rss_mb(pids), 1),
            }
        )
        if elapsed >= args.after:
            break
        step = 30.0 if visited or elapsed + 30 < VISITOR_AFTER else VISITOR_AFTER - elapsed
        await asyncio.sleep(max(0.5, min(step, args.after - elapsed)))
    report["rss_mb"]["after_disconnect"] = after[0].get("tree_mb")
    report["rss_mb"]["after_leaving"] = after
    report["rss_mb"]["server_only_idle_warm"] = report.get("server_only_idle_warm_mb")

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
    report["goal_met"] = (
        bool(steps)
        and report["errors_total"] == 0
        and not report["side_errors"]
        and report["step_latency_s"]["p95"] <= 1.0
    )


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
            f"side sessions: {json.dumps(report.get('side_sessions'), ensure_ascii=False)[:3000]}",
            f"goal (no error, p95 <= 1 s, uploads answered <= 3 s, exports done): "
            f"{'MET' if report.get('goal_met') else 'NOT MET'}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions arrive")
    parser.add_argument("--seed", type=int, default=1904)
    parser.add_argument(
        "--think",
        type=lambda text: tuple(float(v) for v in text.split(",")),
        default=THINK,
        help="seconds between a session's settles, min,max (default 1,2: more often than a student stops)",
    )
    parser.add_argument("--exporters", type=int, default=0, help="sessions that first make the longest animation")
    parser.add_argument("--frames", type=int, default=MAX_APP_FRAMES, help="frames of each export (default: the most)")
    parser.add_argument("--uploader", action="store_true", help="one session first uploads each abusive file")
    parser.add_argument("--after", type=float, default=10.0, help="seconds to watch the memory after all leave")
    parser.add_argument(
        "--malloc", action="store_true", help="run the server with PYTHONMALLOC=malloc (memory given back by trim)"
    )
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
        "think_s": list(args.think),
        "max_jump_days": MAX_JUMP,
        "date_utc": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "git": git_commit(),
        "machine": machine(),
        "command": "python " + " ".join(sys.argv),
        "exporters": args.exporters,
        "frames": args.frames,
        "uploader": args.uploader,
        "pythonmalloc": "malloc" if args.malloc else "default",
    }
    server = (
        None
        if args.url
        else StreamlitServer(env={"PYTHONMALLOC": "malloc"} if args.malloc else None, log_path=stderr_path)
    )
    # startup, warm-up, the run (an export may outlast it), the last steps, the watch after, teardown
    hard_limit = args.seconds + STEP_CAP + 180 + args.after + (EXPORT_CAP if args.exporters else 0)

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
