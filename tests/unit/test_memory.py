"""Byte-bounded caches, session-end callbacks, and giving memory back (measured in benchmarks/)."""

from __future__ import annotations

import gc

from map_layers import memory
from map_layers.memory import BytesLRU, SessionToken, bytes_cache, rss_bytes, trim


def test_rss_is_read_from_proc():
    assert rss_bytes() > 10_000_000


def test_trim_runs_and_reports_bytes_given_back():
    blocks = [bytes(1000) + bytes([i % 256]) for i in range(50_000)]
    del blocks
    assert trim() >= 0


def test_cache_is_bounded_by_bytes_not_entries():
    cache = BytesLRU(max_bytes=10_000)
    for day in range(100):
        cache.get(day, lambda d=day: "x" * 1_000)
    assert cache.bytes <= 10_000 and len(cache) == 9  # 1,050 bytes each
    assert cache.get(99, lambda: "new") == "x" * 1_000 and cache.hits == 1
    assert cache.get(0, lambda: "recomputed") == "recomputed"  # the oldest went first


def test_values_too_large_for_the_cache_are_returned_not_kept():
    cache = BytesLRU(max_bytes=4_000)
    assert cache.get("big", lambda: "y" * 2_000) == "y" * 2_000
    assert len(cache) == 0


def test_arabic_text_counts_more_than_its_length():
    cache = BytesLRU(max_bytes=100_000)
    cache.get("ar", lambda: "ع" * 1_000)
    assert cache.bytes >= 2_000


def test_decorator_memoises_by_arguments():
    calls = []

    @bytes_cache(max_bytes=1_000_000)
    def day_text(day: int, lang: str) -> str:
        calls.append((day, lang))
        return f"{day}-{lang}"

    assert day_text(1, "en") == day_text(1, "en") == "1-en"
    assert calls == [(1, "en")] and day_text.cache.hits == 1


def test_session_token_runs_callbacks_when_the_session_state_goes(monkeypatch):
    trims = []
    monkeypatch.setattr(memory, "trim_soon", lambda: trims.append(1))
    ran = []
    state = {"token": SessionToken(lambda: ran.append("cancel jobs"), lambda: 1 / 0)}
    state["self"] = state  # a cycle, as Streamlit's session objects have
    del state
    gc.collect()
    assert ran == ["cancel jobs"] and trims == [1]  # the failing callback did not stop the rest


def test_session_token_close_runs_once(monkeypatch):
    monkeypatch.setattr(memory, "trim_soon", lambda: None)
    ran = []
    token = SessionToken(lambda: ran.append(1))
    token.close()
    token.close()
    del token
    gc.collect()
    assert ran == [1]


def test_trimmer_collects_what_a_dropped_session_left_in_a_cycle(monkeypatch):
    import threading

    from map_layers import memory as module

    ran = threading.Event()
    monkeypatch.setattr(module, "trim_soon", lambda: ran.set())
    monkeypatch.setattr(module, "_TRIMMER", None)
    state = {"token": SessionToken(lambda: None)}
    state["self"] = state  # only the cyclic collector can free this
    del state
    growth = iter([0, 10**12])  # the first reading sets the floor, the next one looks grown
    monkeypatch.setattr(module, "rss_bytes", lambda *a: next(growth, 10**12))
    gc.disable()
    try:
        module.start_trimmer(interval=0.05, growth=1.1)
        assert ran.wait(10)  # the trimmer's collection ran the session's finalizer
    finally:
        gc.enable()


ARENA_PROBE = """
import ctypes, ctypes.util, sys, threading
from map_layers import memory
if sys.argv[1] == "cap":
    assert memory.limit_malloc_arenas(2)
together = threading.Barrier(8)
def allocate():
    together.wait()
    kept = [bytearray(200) for _ in range(20000)]
    together.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(ctypes.util.find_library("c")).malloc_stats()  # one "Arena N:" block per arena, on stderr
"""


def arenas_used(mode: str) -> int:
    import subprocess
    import sys

    from map_layers.paths import ROOT

    done = subprocess.run(
        [sys.executable, "-c", ARENA_PROBE, mode], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return sum(line.startswith("Arena ") for line in done.stderr.splitlines())


def test_eight_threads_allocating_at_once_share_the_two_capped_arenas():
    """Streamlit runs each script run on its own thread: uncapped, glibc would give them arenas of their own."""
    assert arenas_used("none") > 2
    assert arenas_used("cap") <= 2
