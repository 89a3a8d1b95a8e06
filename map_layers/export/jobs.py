"""Heavy exports in worker processes: bounded, cancellable, cleaned up, never in the server's way.

An animation export holds a core for a minute (239 frames: 55 s alone on a 2-core machine)
and ~240 MiB. Run inside the Streamlit server, it slows every session's rerun (the GIL) and
its memory never returns. Here each job is its own process, started from a forkserver (or
spawned), in its own process group and its own temporary folder:

- at most ``max_jobs`` at once per server and one per session; more is :class:`Busy`;
- progress is a shared ``(done, total)`` pair the page polls;
- cancel (or a timeout) kills the whole process group (ffmpeg included) and removes the folder,
  so a killed MP4 export leaves no temporary file;
- a crash (an exception, a segfault, the OOM killer) is reported as :class:`JobFailed`, never a hang;
- the result comes back as a file in the job's folder, read as bytes once and then deleted;
  results nobody collects are deleted after ``result_ttl`` seconds;
- the server process never imports matplotlib for an export, and a job's memory returns to
  the system when its process exits.

Example (the app's wiring)::

    runner = job_runner()                        # one per server process
    try:
        job = runner.submit(session_id, "animation", start=..., end=..., step_days=14,
                            fmt="gif", lang="en", layers=["events"], bbox=(115, 30, 145, 46))
    except Busy as busy:
        st.info(t(busy.message_key, lang))       # "busy, try again shortly"
    done, total = job.progress()                 # poll from a fragment with run_every=1
    payload = job.result(timeout=0)              # None while running; raises JobFailed
    job.cancel()
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import itertools
import multiprocessing
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import types
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from multiprocessing.context import ForkContext, ForkServerContext, SpawnContext
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the worker imports the data modules on first use, not the server at import
    import geopandas as gpd

    from map_layers.geodata import GeoData

from map_layers.limits import JOB_RESULT_TTL_S, JOB_TIMEOUT_S, MAX_APP_FRAMES, MAX_JOB_RESULT_BYTES, MAX_JOBS

# What a job may run: name -> "module:function". The function is called in the worker as
# ``function(progress, **kwargs)`` and returns the export (bytes or text).
KINDS: dict[str, str] = {
    "animation": "map_layers.export.jobs:animation_job",
    "snapshot": "map_layers.export.jobs:snapshot_job",
    "standalone": "map_layers.export.jobs:standalone_job",
}
RESULT_NAME = "result.bin"
ERROR_NAME = "error.txt"
# Scheduling priority of the workers (0 normal, 19 lowest): an export only uses what the
# sessions leave, so one user's export never stalls the class.
WORKER_NICE = 10
_PRELOAD = ["map_layers.export.jobs", "map_layers.export.animate", "map_layers.geodata"]


class Busy(Exception):
    """The job was not started: the server's workers are all taken, or this session has one.

    ``reason`` is ``server`` or ``session``; ``message_key`` the i18n catalogue key to show.
    """

    def __init__(self, reason: str, running: int, limit: int) -> None:
        self.reason, self.running, self.limit = reason, running, limit
        self.message_key = "job_busy_server" if reason == "server" else "job_busy_session"
        super().__init__(f"{reason} busy: {running} of {limit} job(s) running")


class JobFailed(Exception):
    """The job ended without a result: ``status`` is failed, cancelled or timeout."""

    def __init__(self, status: str, message: str) -> None:
        self.status = status
        super().__init__(message)


class Job:
    """One export in its own process. Thread-safe; create through :meth:`JobRunner.submit`."""

    def __init__(
        self,
        ident: str,
        session_id: str,
        kind: str,
        process: Any,
        counter: Any,
        folder: Path,
        timeout: float,
    ) -> None:
        self.id, self.session_id, self.kind = ident, session_id, kind
        self.folder = folder
        self._process = process
        self._counter = counter
        self._deadline = time.monotonic() + timeout
        self._lock = threading.Lock()
        self._status = "running"
        self._error: str | None = None
        self.finished_at: float | None = None

    # --- what the page asks ------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._process.pid

    @property
    def status(self) -> str:
        """``running``, ``done``, ``failed``, ``cancelled``, ``timeout`` or ``collected``."""
        self.poll()
        return self._status

    @property
    def error(self) -> str | None:
        """Why the job failed, in English (the worker's last line), or None."""
        self.poll()
        return self._error

    def progress(self) -> tuple[int, int]:
        """``(done, total)`` as the worker last reported it (frames for an animation)."""
        return int(self._counter[0]), int(self._counter[1])

    def running(self) -> bool:
        return self.status == "running"

    def result(self, timeout: float | None = 0) -> bytes | None:
        """The export's bytes once done (then its file is deleted); None if still running.

        ``timeout`` seconds to wait (None: until it ends). Raises :class:`JobFailed` if the
        job failed, crashed, timed out or was cancelled.
        """
        with self._finished(timeout) as done:
            if not done:
                return None
            path = self.folder / RESULT_NAME
            payload = path.read_bytes()
            self._status = "collected"
            _remove(self.folder)
            return payload

    @contextlib.contextmanager
    def _finished(self, timeout: float | None) -> Iterator[bool]:
        """Under the job's lock: True once done (False while running); JobFailed if it failed."""
        self._process.join(timeout)
        self.poll()
        with self._lock:
            if self._status not in ("running", "done"):
                raise JobFailed(self._status, self._error or self._status)
            yield self._status == "done"

    def publish(self, directory: Path, name: str) -> Path | None:
        """Move the finished export into ``directory`` (served as static files); None while running.

        The bytes never enter this process: a 20 MB GIF held in session state, or by a download
        button, stays in the server's memory as long as Streamlit keeps the session (and its
        disconnected sessions are kept, not shut down). The file gets an unguessable name that
        ends in ``name``; :func:`prune_published` deletes old ones. Raises :class:`JobFailed`
        as :meth:`result` does.
        """
        with self._finished(0) as done:
            if not done:
                return None
            safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[-80:]
            target = directory / f"{secrets.token_urlsafe(12)}-{safe}"
            try:
                publish_file(self.folder / RESULT_NAME, target)
            finally:
                self._status = "collected"
                _remove(self.folder)
            return target

    def cancel(self) -> None:
        """Kill the worker and everything it started; remove its files. Safe to call twice."""
        self._stop("cancelled", "cancelled")

    # --- the runner's side -------------------------------------------------------------------

    def poll(self) -> None:
        """Notice the worker's end (or its deadline) and record the outcome."""
        with self._lock:
            if self._status != "running":
                return
            code = self._process.exitcode
            if code is None and time.monotonic() < self._deadline:
                return
        if code is None:
            self._stop("timeout", f"took longer than {JOB_TIMEOUT_S:.0f} s and was stopped")
            return
        with self._lock:
            if self._status != "running":
                return
            _kill_group(self._process.pid)  # a child it left behind (ffmpeg) goes with it
            self.finished_at = time.monotonic()
            if code == 0 and (self.folder / RESULT_NAME).is_file():
                self._status = "done"
                return
            self._status = "failed"
            self._error = _read_error(self.folder) or _exit_reason(code)
            _remove(self.folder)

    def _stop(self, status: str, message: str) -> None:
        with self._lock:
            if self._status not in ("running", "done"):
                return
            if self._status == "running":  # (a finished worker's pid may belong to another process now)
                _kill_group(self._process.pid)  # the worker's group: it and the ffmpeg it started
                self._process.kill()  # in case it was killed before it made its group
                self._process.join(5)
            self._status, self._error = status, message
            self.finished_at = time.monotonic()
            _remove(self.folder)

    def _expired(self, ttl: float) -> bool:
        return self.finished_at is not None and time.monotonic() - self.finished_at > ttl


class JobRunner:
    """At most ``max_jobs`` exports at once, one per session, each in its own process.

    Parameters
    ----------
    max_jobs : int
        Jobs running at once on this server (default :data:`~map_layers.limits.MAX_JOBS`).
        On a 2-core machine 2 keeps one core for the sessions' reruns.
    timeout : float
        Seconds before a running job is killed and reported as ``timeout``.
    result_ttl : float
        Seconds a finished result waits to be collected before it is deleted.
    kinds : dict, optional
        Extra ``name -> "module:function"`` job kinds (tests).
    start_method : str, optional
        ``forkserver`` (default on Linux: fast, no fork of the threaded server) or ``spawn``.
    """

    def __init__(
        self,
        max_jobs: int = MAX_JOBS,
        *,
        timeout: float = JOB_TIMEOUT_S,
        result_ttl: float = JOB_RESULT_TTL_S,
        kinds: dict[str, str] | None = None,
        start_method: str | None = None,
    ) -> None:
        self.max_jobs, self.timeout, self.result_ttl = max_jobs, timeout, result_ttl
        self.kinds = {**KINDS, **(kinds or {})}
        self._context = _context(start_method)
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._monitor: threading.Thread | None = None
        self._closed = False

    def submit(self, session_id: str, kind: str, **kwargs: Any) -> Job:
        """Start ``kind`` for ``session_id`` with ``kwargs``; raise :class:`Busy` if full.

        ``kwargs`` are pickled to the worker: plain values, and GeoDataFrames for user events.
        """
        if kind not in self.kinds:
            raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(self.kinds)}")
        if kind == "animation":  # refused here, before a process starts (the worker checks again)
            animation_frames(kwargs)
        with self._lock:
            if self._closed:
                raise RuntimeError("the job runner is shut down")
            self._reap()
            running = [job for job in self._jobs.values() if job.running()]
            if any(job.session_id == session_id for job in running):
                raise Busy("session", len(running), self.max_jobs)
            if len(running) >= self.max_jobs:
                raise Busy("server", len(running), self.max_jobs)
            ident = f"{os.getpid()}-{next(self._ids)}"
            folder = Path(tempfile.mkdtemp(prefix=f"rjw-job-{ident}-"))
            counter = self._context.Array("q", 2, lock=False)
            process = self._context.Process(
                target=_worker,
                args=(self.kinds[kind], kwargs, str(folder), counter),
                name=f"rjw-{kind}-{ident}",
                daemon=True,
            )
            try:
                with _without_main():
                    process.start()
            except BaseException:
                _remove(folder)
                raise
            job = Job(ident, session_id, kind, process, counter, folder, self.timeout)
            self._jobs[ident] = job
            self._ensure_monitor()
            return job

    def warm(self) -> None:
        """Start the workers' parent process now (forkserver only), so it imports its libraries
        (~2 s of CPU) when the server starts, not when the first exports of a class do."""
        if isinstance(self._context, ForkServerContext):
            from multiprocessing import forkserver

            with _without_main():
                forkserver.ensure_running()

    def jobs(self, session_id: str | None = None) -> list[Job]:
        """Jobs known to the runner (running or waiting to be collected), of one session if given."""
        with self._lock:
            self._reap()
            return [job for job in self._jobs.values() if session_id in (None, job.session_id)]

    def running_count(self) -> int:
        return sum(job.running() for job in self.jobs())

    def cancel_session(self, session_id: str) -> None:
        """Cancel and forget every job of a session (call when the session ends)."""
        for job in self.jobs(session_id):
            job.cancel()
        with self._lock:
            self._reap()

    def shutdown(self) -> None:
        """Kill every job and remove every folder (at exit, and in tests)."""
        with self._lock:
            self._closed = True
            jobs = list(self._jobs.values())
        for job in jobs:
            job.cancel()
        with self._lock:
            self._jobs.clear()

    # --- bookkeeping -------------------------------------------------------------------------

    def _reap(self) -> None:
        """Forget ended jobs: collected ones at once, others after ``result_ttl`` (results deleted)."""
        for ident, job in list(self._jobs.items()):
            status = job.status
            if status == "running":
                continue
            if status == "collected" or job._expired(self.result_ttl):
                job._stop("expired", "the result was not collected in time and was deleted")
                del self._jobs[ident]

    def _ensure_monitor(self) -> None:
        """One daemon thread enforces timeouts and TTLs even when no page polls any more."""
        if self._monitor is not None and self._monitor.is_alive():
            return
        self._monitor = threading.Thread(target=self._watch, name="rjw-job-monitor", daemon=True)
        self._monitor.start()

    def _watch(self) -> None:
        while True:
            time.sleep(0.5)
            with self._lock:
                self._reap()
                if self._closed or not self._jobs:
                    self._monitor = None
                    return


_RUNNER: JobRunner | None = None
_RUNNER_LOCK = threading.Lock()


def job_runner() -> JobRunner:
    """The process-wide runner (created on first use; its jobs are killed at exit)."""
    global _RUNNER
    with _RUNNER_LOCK:
        if _RUNNER is None:
            _RUNNER = JobRunner()
            atexit.register(_RUNNER.shutdown)
        return _RUNNER


# --- the worker process ----------------------------------------------------------------------


def _context(method: str | None) -> ForkContext | ForkServerContext | SpawnContext:
    """The start method's context (default: forkserver where there is one, else spawn)."""
    if method is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "forkserver":
        forkserver = multiprocessing.get_context("forkserver")
        # Imported once in the forkserver, so each job starts in ~0.1 s instead of ~2 s. Not
        # "__main__": under Streamlit that is Streamlit's own command line.
        forkserver.set_forkserver_preload(_PRELOAD)
        return forkserver
    if method == "fork":
        return multiprocessing.get_context("fork")
    if method == "spawn":
        return multiprocessing.get_context("spawn")
    raise ValueError(f"unknown start method {method!r}")


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _without_main() -> Iterator[None]:
    """Start a worker without it re-running this process's ``__main__``.

    multiprocessing makes a new process import the parent's main module first; under Streamlit
    that is the app script itself (Streamlit puts it in ``sys.modules["__main__"]``), so each
    worker would build a page in bare mode. A stub with no file and no spec makes it import
    nothing. Streamlit replaces ``__main__`` at each script run; the swap only restores what it
    took if nobody changed it meanwhile. A run can land inside the swap (seen once under a class's
    load): then the worker does import app.py, as ``__mp_main__``, and app.py's ``__name__`` guard
    keeps it from building a page.
    """
    with _MAIN_LOCK:
        saved = sys.modules.get("__main__")
        stub = types.ModuleType("__main__")
        sys.modules["__main__"] = stub
        try:
            yield
        finally:
            if sys.modules.get("__main__") is stub and saved is not None:
                sys.modules["__main__"] = saved


def _worker(target: str, kwargs: dict[str, Any], folder: str, counter: Any) -> None:
    """Run one job: own process group, temporary files inside ``folder``, result to a file."""
    os.setpgrp()  # cancel kills the group: this process and the ffmpeg it may start
    with contextlib.suppress(OSError):  # the server's reruns come first: on 2 cores, exports wait
        os.nice(WORKER_NICE)
    os.environ["TMPDIR"] = folder
    tempfile.tempdir = folder  # every mkstemp (the MP4 encoder's) lands in the job's folder
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C on the server: the parent cleans up
    try:

        def progress(done: int, total: int) -> None:
            counter[0], counter[1] = done, total

        module, _, name = target.partition(":")
        function: Callable[..., bytes | str] = getattr(importlib.import_module(module), name)
        payload = function(progress, **kwargs)
        data = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        if len(data) > MAX_JOB_RESULT_BYTES:
            raise ValueError(f"the result is {len(data):,} bytes; at most {MAX_JOB_RESULT_BYTES:,} are kept")
        partial = Path(folder) / (RESULT_NAME + ".partial")
        partial.write_bytes(data)
        partial.replace(Path(folder) / RESULT_NAME)  # the parent never sees half a result
    except BaseException as error:  # reported to the parent, whatever it was
        message = f"{type(error).__name__}: {error}"
        with contextlib.suppress(OSError):
            (Path(folder) / ERROR_NAME).write_text(message + "\n" + traceback.format_exc(), encoding="utf-8")
        sys.exit(1)


def _read_error(folder: Path) -> str | None:
    try:
        return (folder / ERROR_NAME).read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return None


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"the export process was killed by {name}{hint}"
    return f"the export process ended with code {code}"


def _kill_group(pid: int | None) -> None:
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


def publish_file(source: Path, target: Path) -> Path:
    """Move ``source`` to ``target`` so that ``target`` appears whole (staged outside static/)."""
    from map_layers.atomic import atomic_writer

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(source, target)  # same file system: atomic, no copy
    except OSError:
        with source.open("rb") as data, atomic_writer(target) as out:  # a copy, staged outside static/
            shutil.copyfileobj(data, out)
    return target


def prune_published(directory: Path, max_age_s: float = JOB_RESULT_TTL_S * 3, max_bytes: int = 500_000_000) -> int:
    """Delete published exports older than ``max_age_s``, and the oldest beyond ``max_bytes``; how many."""
    try:
        files = sorted((p for p in directory.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return 0
    now, total, removed = time.time(), 0, 0
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        total += info.st_size
        if now - info.st_mtime > max_age_s or total > max_bytes:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _remove(folder: Path, patience_s: float = 3.0) -> None:
    """Delete a job's folder. A child just killed (ffmpeg) may still be closing a file in it as the
    folder is emptied, which leaves the folder behind: try again until it is gone (briefly)."""
    deadline = time.monotonic() + patience_s
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists() or time.monotonic() > deadline:
            return
        time.sleep(0.05)


# --- job kinds (run in the worker) ------------------------------------------------------------


def _data(kwargs: dict[str, Any]) -> tuple[GeoData, gpd.GeoDataFrame]:
    """Geodata and shipped events, read in the worker from the files the server reads.

    ``geodata_dir`` and ``events_path`` (popped from ``kwargs``) point elsewhere (tests, benchmarks).
    """
    from map_layers.events import read_events
    from map_layers.geodata import load_geodata
    from map_layers.paths import EVENTS_CSV, GEODATA_DIR

    geodata_dir, events_path = kwargs.pop("geodata_dir", None), kwargs.pop("events_path", None)
    geo = load_geodata(Path(geodata_dir) if geodata_dir else GEODATA_DIR)
    return geo, read_events(Path(events_path) if events_path else EVENTS_CSV).events


def animation_job(progress: Callable[[int, int], None], **kwargs: Any) -> bytes:
    """:func:`map_layers.export.animate.render_animation` with the shipped data (plus ``user_events``)."""
    from map_layers.export.animate import render_animation

    count = animation_frames(kwargs)
    kwargs.pop("max_frames", None)
    geo, events = _data(kwargs)
    progress(0, count)
    return render_animation(geo, events, progress=progress, **kwargs)


def animation_frames(kwargs: dict[str, Any]) -> int:
    """Frames of an animation job; ValueError beyond ``max_frames`` (default the app's limit)."""
    from map_layers.export import frame_days

    limit = kwargs.get("max_frames", MAX_APP_FRAMES)
    end = min(kwargs["end"], kwargs["start"] + timedelta(days=kwargs["step_days"] * limit))  # never a huge list
    count = len(frame_days(kwargs["start"], end, kwargs["step_days"]))
    if count > limit:
        raise ValueError(f"more than {limit} frames requested; at most {limit} from the app: use a larger step")
    return count


def snapshot_job(
    progress: Callable[[int, int], None],
    *,
    day: date,
    layers: frozenset[str] | None,
    user_events: gpd.GeoDataFrame | None = None,
    **kwargs: Any,
) -> bytes:
    """One day as PNG/SVG/PDF (:func:`map_layers.export.static.render_snapshot`)."""
    from map_layers.export.static import render_snapshot
    from map_layers.timeslice import slice_day

    geo, events = _data(kwargs)
    progress(0, 1)
    payload = render_snapshot(slice_day(geo, events, day, layers, user_events=user_events), geo, **kwargs)
    progress(1, 1)
    return payload


def standalone_job(progress: Callable[[int, int], None], **kwargs: Any) -> str:
    """The standalone HTML (:func:`map_layers.export.standalone.standalone_html`)."""
    from map_layers.export.standalone import standalone_html

    geo, events = _data(kwargs)
    progress(0, 1)
    html = standalone_html(geo, events, **kwargs)
    progress(1, 1)
    return html


# --- what the page says about a job (pure; the app shows it) ----------------------------------

CANCEL_LABEL_KEY = "job_cancel"  # the cancel button's catalogue key


def job_notice(job: Job, lang: str) -> tuple[str, str]:
    """``(level, text)`` for a job's state in ``lang``: ``info`` while running, ``error`` if it failed.

    ``done`` gives ``("success", "")``: the page offers the download instead of a text.
    """
    from map_layers.i18n import t

    status = job.status
    if status == "running":
        done, total = job.progress()
        if total == 0:
            return "info", t("job_waiting", lang)
        return "info", t("export_progress", lang, done=done, total=total)
    if status in ("done", "collected"):
        return "success", ""
    if status == "timeout":
        return "error", t("job_timeout", lang)
    if status == "failed":
        return "error", t("job_failed", lang, error=job.error or "")
    return "info", t("job_cancelled", lang)


def busy_notice(busy: Busy, lang: str) -> str:
    """The "busy, try again shortly" text of a refused :meth:`JobRunner.submit`, in ``lang``."""
    from map_layers.i18n import t

    return t(busy.message_key, lang, running=busy.running)
