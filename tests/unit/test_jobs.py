"""The export job runner: bounded, cancellable, crash-safe, leaves nothing behind.

Job kinds for the tests are defined here and run in real worker processes (forkserver).
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from map_layers.export.jobs import Busy, JobFailed, JobRunner, job_runner

KINDS = {
    "slow": "tests.unit.test_jobs:slow_job",
    "crash": "tests.unit.test_jobs:crash_job",
    "echo": "tests.unit.test_jobs:echo_job",
}


def slow_job(progress, *, steps: int = 600, child_pid_file: str | None = None) -> bytes:
    """Makes a temporary file and (optionally) a child process, then counts slowly."""
    handle, _ = tempfile.mkstemp(suffix=".mp4")  # like the MP4 encoder's
    os.close(handle)
    if child_pid_file:
        child = subprocess.Popen(["sleep", "600"])
        Path(child_pid_file).write_text(str(child.pid))
    for step in range(steps):
        progress(step + 1, steps)
        time.sleep(0.05)
    return b"slow done"


def crash_job(progress, *, how: str) -> bytes:
    progress(1, 3)
    if how == "raise":
        raise ValueError("frame 2 could not be drawn")
    if how == "abort":
        os.kill(os.getpid(), signal.SIGSEGV)
    os._exit(3)


def echo_job(progress, *, payload: bytes) -> bytes:
    progress(1, 1)
    return payload


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@pytest.fixture
def runner():
    runner = JobRunner(max_jobs=2, kinds=KINDS)
    yield runner
    runner.shutdown()


def test_result_comes_back_as_bytes_and_its_folder_goes(runner):
    job = runner.submit("s1", "echo", payload=b"\x00gif bytes")
    assert job.result(timeout=60) == b"\x00gif bytes"
    assert job.progress() == (1, 1)
    assert not job.folder.exists() and job.status == "collected"
    assert runner.jobs() == []


def test_two_sessions_run_a_third_is_told_the_server_is_busy(runner):
    first, second = runner.submit("s1", "slow"), runner.submit("s2", "slow")
    with pytest.raises(Busy) as busy:
        runner.submit("s3", "slow")
    assert busy.value.reason == "server" and busy.value.message_key == "job_busy_server"
    assert (busy.value.running, busy.value.limit) == (2, 2)
    first.cancel()
    third = runner.submit("s3", "echo", payload=b"ok")  # a freed slot is usable at once
    assert third.result(timeout=60) == b"ok"
    second.cancel()


def test_one_job_per_session(runner):
    job = runner.submit("s1", "slow")
    with pytest.raises(Busy) as busy:
        runner.submit("s1", "echo", payload=b"x")
    assert busy.value.reason == "session" and busy.value.message_key == "job_busy_session"
    job.cancel()


def test_progress_is_reported_while_running(runner):
    job = runner.submit("s1", "slow", steps=400)
    _wait_for(lambda: job.progress()[0] >= 3)
    done, total = job.progress()
    assert total == 400 and 3 <= done < 400 and job.result(timeout=0) is None
    job.cancel()


def test_cancel_leaves_no_temp_file_and_no_process(runner, tmp_path):
    pid_file = tmp_path / "child.pid"
    job = runner.submit("s1", "slow", child_pid_file=str(pid_file))
    _wait_for(lambda: pid_file.exists() and pid_file.read_text() and job.progress()[0] > 0)
    assert any(path.suffix == ".mp4" for path in job.folder.iterdir())  # its temp file is in its folder
    child, worker = int(pid_file.read_text()), job.pid
    job.cancel()
    assert not job.folder.exists()
    _wait_for(lambda: not _alive(worker) and not _alive(child), timeout=10)
    with pytest.raises(JobFailed) as failed:
        job.result()
    assert failed.value.status == "cancelled"
    job.cancel()  # twice is fine


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("raise", "ValueError: frame 2 could not be drawn"),
        ("abort", "killed by SIGSEGV"),
        ("exit", "ended with code 3"),
    ],
)
def test_a_crash_is_reported_not_hung(runner, how, message):
    job = runner.submit("s1", "crash", how=how)
    with pytest.raises(JobFailed) as failed:
        job.result(timeout=60)
    assert failed.value.status == "failed" and message in str(failed.value)
    assert job.error and message in job.error
    assert not job.folder.exists()
    assert runner.submit("s1", "echo", payload=b"next").result(timeout=60) == b"next"  # the session may go on


def test_a_job_over_its_time_is_killed():
    runner = JobRunner(max_jobs=1, timeout=1.0, kinds=KINDS)
    try:
        job = runner.submit("s1", "slow")
        _wait_for(lambda: job.status != "running", timeout=30)  # the monitor thread, nobody polling result()
        assert job.status == "timeout" and not job.folder.exists()
        _wait_for(lambda: not _alive(job.pid), timeout=10)
    finally:
        runner.shutdown()


def test_uncollected_results_are_deleted_after_their_ttl():
    runner = JobRunner(max_jobs=1, result_ttl=0.5, kinds=KINDS)
    try:
        job = runner.submit("s1", "echo", payload=b"x")
        _wait_for(lambda: job.status == "done")
        folder = job.folder
        _wait_for(lambda: not folder.exists(), timeout=10)
        assert runner.jobs() == []
    finally:
        runner.shutdown()


def test_cancel_session_stops_its_jobs_only(runner):
    mine, theirs = runner.submit("gone", "slow"), runner.submit("staying", "slow")
    runner.cancel_session("gone")
    assert mine.status == "cancelled" and theirs.status == "running"
    theirs.cancel()


def test_unknown_kind_is_refused(runner):
    with pytest.raises(ValueError, match="unknown job kind"):
        runner.submit("s1", "bitcoin")


def test_spawn_start_method_works_too():
    runner = JobRunner(max_jobs=1, kinds=KINDS, start_method="spawn")
    try:
        assert runner.submit("s1", "echo", payload=b"spawned").result(timeout=120) == b"spawned"
    finally:
        runner.shutdown()


def test_the_process_wide_runner_is_one_object():
    assert job_runner() is job_runner()


def submit_tiny_animation(runner, geodata_dir: Path, folder: Path, **arguments):
    """A real animation job over the tiny geodata and events (written to ``folder``)."""
    from tests.conftest import events_csv, tiny_event_rows

    events = folder / "events.csv"
    events.write_text(events_csv(*tiny_event_rows()))
    arguments = {"step_days": 3, "layers": None, "bbox": (118, 36, 126, 42), **arguments}
    return runner.submit("s1", "animation", geodata_dir=str(geodata_dir), events_path=str(events), **arguments)


def test_a_killed_mp4_export_leaves_no_temp_file(tiny_geodata_dir, tmp_path, runner):
    """A real animation in a worker: cancelled mid-way, its ffmpeg and its .mp4 temp file go."""
    job = submit_tiny_animation(
        runner, tiny_geodata_dir, tmp_path, start=date(1904, 1, 1), end=date(1905, 9, 1), fmt="mp4", lang="en"
    )
    _wait_for(lambda: job.progress()[0] >= 2 or job.status != "running", timeout=120)
    assert job.status == "running", job.error
    temp_files = [path for path in job.folder.iterdir() if path.suffix == ".mp4"]
    assert temp_files  # the encoder writes into the job's folder, not /tmp
    job.cancel()
    assert not job.folder.exists()


def test_a_real_gif_export_completes(tiny_geodata_dir, tmp_path, runner):
    job = submit_tiny_animation(
        runner, tiny_geodata_dir, tmp_path, start=date(1904, 5, 1), end=date(1904, 5, 10), fmt="gif", lang="ar"
    )
    payload = job.result(timeout=180)
    assert payload.startswith(b"GIF89a") and job.progress() == (4, 4)


def test_the_app_frame_limit_is_enforced_before_a_process_starts(runner):
    arguments = dict(fmt="gif", lang="en", layers=None, bbox=(118, 36, 126, 42))
    with pytest.raises(ValueError, match="at most 240 from the app"):
        runner.submit("s1", "animation", start=date(1891, 1, 1), end=date(1905, 12, 31), step_days=1, **arguments)
    assert runner.jobs() == []
    from map_layers.export.jobs import animation_frames

    assert animation_frames(dict(start=date(1904, 1, 1), end=date(1904, 12, 31), step_days=14)) == 27


def test_page_texts_for_each_state(runner):
    from map_layers.export.jobs import busy_notice, job_notice

    job = runner.submit("s1", "slow", steps=400)
    _wait_for(lambda: job.progress()[0] > 0)
    level, text = job_notice(job, "ar")
    assert level == "info" and text.startswith("الإطار ")
    with pytest.raises(Busy) as busy:
        runner.submit("s1", "slow")
    assert busy_notice(busy.value, "en").startswith("Your previous export is still being made")
    job.cancel()
    assert job_notice(job, "en") == ("info", "The export was cancelled.")
    crashed = runner.submit("s2", "crash", how="raise")
    with pytest.raises(JobFailed):
        crashed.result(timeout=60)
    assert job_notice(crashed, "en") == ("error", "The export failed: ValueError: frame 2 could not be drawn")


def nice_job(progress) -> bytes:
    return str(os.nice(0)).encode()


def test_workers_run_at_a_lower_priority_than_the_server():
    from map_layers.export.jobs import WORKER_NICE

    runner = JobRunner(max_jobs=1, kinds={"nice": "tests.unit.test_jobs:nice_job"})
    try:
        assert int(runner.submit("s1", "nice").result(timeout=60)) == os.nice(0) + WORKER_NICE
    finally:
        runner.shutdown()


def main_module_job(progress) -> bytes:
    import sys

    main = sys.modules.get("__main__")
    return repr(getattr(main, "__file__", None)).encode()


def test_a_worker_does_not_rerun_the_servers_main_script(tmp_path, monkeypatch):
    """Under Streamlit, __main__ is the app script: a worker must not execute it again."""
    import sys
    import types

    script = tmp_path / "app.py"
    marker = tmp_path / "ran"
    script.write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    runner = JobRunner(max_jobs=1, kinds={"main": "tests.unit.test_jobs:main_module_job"})
    try:
        assert runner.submit("s1", "main").result(timeout=60) == b"None"
    finally:
        runner.shutdown()
    assert not marker.exists() and sys.modules["__main__"] is fake_main


def test_the_app_script_imported_by_a_worker_builds_no_page(monkeypatch):
    """If a worker starts while a script run has put app.py back as ``__main__`` (Streamlit does at
    every run, so the swap above can race), multiprocessing imports app.py as ``__mp_main__``."""
    import runpy

    import streamlit

    from map_layers import app
    from map_layers.paths import ROOT

    calls: list[str] = []
    monkeypatch.setattr(app, "main", lambda: calls.append("main"))
    monkeypatch.setattr(streamlit, "set_page_config", lambda **_: calls.append("set_page_config"))
    runpy.run_path(str(ROOT / "app.py"), run_name="__mp_main__")
    assert calls == []
    runpy.run_path(str(ROOT / "app.py"), run_name="__main__")  # as Streamlit runs it
    assert calls == ["set_page_config", "main"]


def test_a_result_is_published_as_a_file_never_read_into_the_server(runner, tmp_path):
    from map_layers.export.jobs import prune_published

    job = runner.submit("s1", "echo", payload=b"GIF89a" + bytes(1000))
    _wait_for(lambda: job.status == "done")
    served = tmp_path / "static" / "generated" / "exports"
    path = job.publish(served, "russo japanese/war.gif")
    assert path.parent == served and path.name.endswith("-russo_japanese_war.gif") and len(path.name) > 30
    assert path.read_bytes().startswith(b"GIF89a") and not job.folder.exists()
    assert job.status == "collected" and runner.jobs() == []
    old = served / "old-x.gif"
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 10_000, time.time() - 10_000))
    assert prune_published(served, max_age_s=3600) == 1 and path.exists() and not old.exists()


def test_publishing_a_failed_job_raises(runner, tmp_path):
    job = runner.submit("s1", "crash", how="raise")
    _wait_for(lambda: job.status == "failed")
    with pytest.raises(JobFailed):
        job.publish(tmp_path, "x.gif")
    assert list(tmp_path.iterdir()) == []
