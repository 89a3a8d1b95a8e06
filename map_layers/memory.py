"""Memory the server gives back: trimming after bursts, byte-bounded caches, session-end hooks.

CPython frees objects into glibc's malloc arenas, which keep the pages: after a burst (an
upload parsed, a page of exports) the server's resident size stays at its peak for hours
(221 MiB warm → 730 MiB, still held 72 min later, in the review). ``malloc_trim(0)`` hands
the free pages back. It costs a few milliseconds and holds malloc's locks, so :func:`trim_soon`
runs it once on a background thread after a quiet moment, however many events asked for it.

Nothing here imports Streamlit: the app stores a :class:`SessionToken` in each session's state,
and its callbacks (cancel that session's jobs, trim) run when Streamlit drops the session.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_bytes(pid: int | str = "self") -> int:
    """Resident memory of a process (this one by default), from /proc; 0 where unavailable."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _glibc(name: str, *argtypes: type) -> Callable[..., int] | None:
    """A glibc malloc function by name (``int`` result), or None where the C library has none
    (musl, macOS)."""
    try:
        function = getattr(ctypes.CDLL(ctypes.util.find_library("c")), name)
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes, function.restype = list(argtypes), ctypes.c_int
    return function


_MALLOC_TRIM = _glibc("malloc_trim", ctypes.c_size_t)
_MALLOPT = _glibc("mallopt", ctypes.c_int, ctypes.c_int)
_M_ARENA_MAX = -8  # mallopt's parameter (malloc.h)


def trim() -> int:
    """Collect garbage and return free heap pages to the system; the bytes of RSS given back.

    Returns 0 where glibc's ``malloc_trim`` is missing (then only the collection happens).
    """
    before = rss_bytes()
    gc.collect()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
    return max(0, before - rss_bytes())


class _Debounced:
    """Run ``action`` once, ``delay`` seconds after the last request (a daemon timer thread)."""

    def __init__(self, action: Callable[[], Any], delay: float) -> None:
        self.action, self.delay = action, delay
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __call__(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.delay, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        with self._lock:
            self._timer = None
        self.action()


_TRIM_SOON = _Debounced(trim, delay=2.0)


def trim_soon() -> None:
    """Ask for a :func:`trim` in ~2 s, off the request path; bursts of requests make one trim.

    Call it after anything that allocated a lot and let go: an upload parsed (or replaced),
    an export's bytes handed to the browser, a session ended.
    """
    _TRIM_SOON()


_TRIMMER: threading.Thread | None = None
_TRIMMER_LOCK = threading.Lock()


def limit_malloc_arenas(count: int = 2) -> bool:
    """Cap glibc's malloc arenas; True if the cap was set (glibc only).

    glibc gives threads that allocate at the same time arenas of their own, up to 8 per core,
    and Streamlit runs each script run on a new thread: a class spreads its short- and long-lived
    objects over many arenas, and the free space left in each is kept. Fewer arenas, less of it.
    """
    return _MALLOPT is not None and bool(_MALLOPT(_M_ARENA_MAX, count))


def start_trimmer(interval: float = 60.0, growth: float = 1.10) -> None:
    """Once per server: every ``interval`` s, collect and trim if RSS grew ``growth``× since the last trim.

    Without it, memory a class left behind stays: Streamlit drops a disconnected session by
    letting go of it, its objects sit in reference cycles, and with few allocations on an idle
    server Python's collector may not run for hours, so no finalizer (no :class:`SessionToken`)
    fires and nothing is trimmed. A collection after ``gc.freeze()`` only walks what came later,
    so a pass costs milliseconds, once a minute at most. Safe to call again (one thread).
    """
    global _TRIMMER
    with _TRIMMER_LOCK:
        if _TRIMMER is not None and _TRIMMER.is_alive():
            return

        def run() -> None:
            floor = rss_bytes()
            while True:
                threading.Event().wait(interval)
                if rss_bytes() > floor * growth:
                    trim()
                    floor = rss_bytes()

        _TRIMMER = threading.Thread(target=run, name="rjw-memory-trimmer", daemon=True)
        _TRIMMER.start()


class SessionToken:
    """An object to keep in a session's state: when the session is dropped, ``callbacks`` run.

    Streamlit has no "session ended" hook, but it drops a session's state when the browser has
    gone; this token is collected with it, and a ``weakref.finalize`` runs each callback (any
    exception is swallowed: a finalizer must not fail). :func:`trim_soon` always runs last.

    Example::

        if "rjw_token" not in st.session_state:
            sid = get_script_run_ctx().session_id
            st.session_state.rjw_token = SessionToken(partial(job_runner().cancel_session, sid))
    """

    def __init__(self, *callbacks: Callable[[], Any]) -> None:
        self._finalizer = weakref.finalize(self, _run_all, callbacks)

    def close(self) -> None:
        """Run the callbacks now (once)."""
        self._finalizer()


def _run_all(callbacks: tuple[Callable[[], Any], ...]) -> None:
    for callback in callbacks:
        with contextlib.suppress(Exception):  # a finalizer has nobody to report to
            callback()
    trim_soon()


class BytesLRU:
    """A thread-safe least-recently-used cache bounded by the size of its values, not their count.

    ``max_entries`` caches (Streamlit's ``max_entries``) bound the number of values, not the
    memory: 4,096 day states of 12 KB are 48 MiB, of 60 KB (a larger upload) 240 MiB. Here a
    value costs ``size(value)`` bytes (``len`` of text or bytes by default) and the oldest go
    first once ``max_bytes`` is reached; a value larger than a quarter of the budget is not kept.
    """

    def __init__(self, max_bytes: int, size: Callable[[Any], int] | None = None) -> None:
        self.max_bytes = max_bytes
        self._size = size or _size
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The cached value of ``key``, or ``make()`` (computed outside the lock, then kept)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key][0]
            self.misses += 1
        value = make()
        cost = self._size(value)
        if cost > self.max_bytes // 4:
            return value
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, cost)
                self._bytes += cost
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


def bytes_cache(
    max_bytes: int, size: Callable[[Any], int] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: memoise a function of hashable arguments in a :class:`BytesLRU`.

    The cache is the wrapper's ``cache`` attribute (for ``cache.clear()`` and its counters).
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        cache = BytesLRU(max_bytes, size)

        def wrapper(*args: Hashable) -> Any:
            return cache.get(args, lambda: function(*args))

        wrapper.cache = cache  # type: ignore[attr-defined]
        wrapper.__wrapped__ = function  # type: ignore[attr-defined]
        wrapper.__doc__, wrapper.__name__ = function.__doc__, function.__name__
        return wrapper

    return decorate


def _size(value: Any) -> int:
    """Bytes of a cached value: text and bytes by length (UTF-8 upper bound for text), else a guess."""
    if isinstance(value, str):
        return len(value) * (1 if value.isascii() else 2) + 50
    if isinstance(value, (bytes, bytearray)):
        return len(value) + 33
    if isinstance(value, (tuple, list)):
        return 56 + sum(_size(item) for item in value)
    if isinstance(value, dict):
        return 64 + sum(_size(k) + _size(v) for k, v in value.items())
    memory_usage = getattr(value, "memory_usage", None)  # pandas frames
    if callable(memory_usage):
        try:
            usage = memory_usage(deep=True)
            return int(usage.sum() if hasattr(usage, "sum") else usage)
        except TypeError:
            pass
    return 64
