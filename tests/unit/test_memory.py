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
