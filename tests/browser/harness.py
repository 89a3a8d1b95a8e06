"""Drive the app as the browser tests and the benchmarks both do: one home for both.

``StreamlitServer`` runs ``streamlit run app.py`` on a free port (its log in a file);
``OfflinePage`` is a Chromium page whose every non-local request is aborted and recorded,
so a caller can assert that the page works offline and that nothing tried to leave.
``tests/browser/conftest.py`` wraps these in fixtures; ``benchmarks/`` imports them directly.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# True once Streamlit has finished the script run it is in (or none is running).
SCRIPT_IDLE = "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') !== 'running'"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll Streamlit's health endpoint: a condition, not a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)  # polling interval of the condition above
    raise TimeoutError(f"streamlit did not become healthy at {url}")


class StreamlitServer:
    """``streamlit run app.py`` (or another ``script``) on a port of its own, its output in a log file.

    The log is a file, not a pipe: a pipe nobody reads fills up and blocks the server.
    """

    def __init__(
        self,
        env: dict[str, str] | None = None,
        port: int | None = None,
        log_path: Path | None = None,
        script: str = "app.py",
    ):
        self.script = script
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        self.log_path = log_path or Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    def start(self) -> StreamlitServer:
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                self.script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until_healthy(self.url, self.process)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self) -> StreamlitServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class OfflinePage:
    """A page whose non-local requests are aborted and remembered."""

    def __init__(self, browser, locale: str = "en-US") -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 950}, locale=locale)
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


def files_only(blocked: list[str]) -> Callable[[Any], None]:
    """A route handler for a page opened from a file: file:, data: and about: URLs load;
    every other request is aborted and its URL appended to ``blocked``."""

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    return route


def launch_chromium(playwright: Any) -> Any:
    """Headless Debian Chromium with the flags every test and benchmark uses (no download needed)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@contextmanager
def serve_static(root: Path) -> Iterator[str]:
    """A loopback HTTP server on a free port serving ``root``, with the repo's ``static/`` at
    ``/app/static`` as Streamlit serves it; yields its base URL (for the player's app document)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from map_layers.paths import STATIC_DIR

    (root / "app").mkdir(exist_ok=True)
    (root / "app" / "static").symlink_to(STATIC_DIR)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Step a player page through its days (every ``step``-th) at the view it shows, placing the
# place labels on each day as a pause does (``RJWPlayer.placeLabels``), and report what a
# reader would miss: per key place the days without a visible label, and [day, a, b] for two
# labels overlapping, a label over a marker, unit head or open panel, or a callout's leader
# crossing another label or a marker other than its place's. One page.evaluate for the whole
# sweep (a round trip per day would cost more than the placing).
LABEL_SWEEP = """([first, last, keys, step]) => {
  const api = window.RJWPlayer, I = window.RJWPlayerInternals;
  const shown = e => e.style.display !== 'none' && e.offsetParent !== null;
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const hit = (a, b) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 &&
    Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;
  // Does the segment [x1, y1]-[x2, y2] pass through the inside of box b (shrunk by half a pixel)?
  const crosses = (s, b) => {
    let t0 = 0, t1 = 1;
    const dx = s[2] - s[0], dy = s[3] - s[1];
    const edges = [[-dx, s[0] - b[0] - 0.5], [dx, b[2] - 0.5 - s[0]], [-dy, s[1] - b[1] - 0.5], [dy, b[3] - 0.5 - s[1]]];
    for (const [p, q] of edges) {
      if (p === 0) { if (q < 0) { return false; } continue; }
      const r = q / p;
      if (p < 0) { if (r > t1) { return false; } if (r > t0) { t0 = r; } }
      else { if (r < t0) { return false; } if (r < t1) { t1 = r; } }
    }
    return t1 - t0 > 1e-6;
  };
  const out = {days: 0, missing: Object.fromEntries(keys.map(k => [k, []])), clashes: [], labels: 0, callouts: 0};
  for (let d = I.dayOfIso(first); d <= I.dayOfIso(last); d += step) {
    api.setDay(d);
    api.placeLabels();
    const iso = api.day();
    const labels = [...document.querySelectorAll('[data-place]')].filter(shown).map(e => [e.dataset.place, box(e)]);
    const markers = [...document.querySelectorAll('.rjw-event, .rjw-head')].filter(shown).map(box);
    const panels = [...document.querySelectorAll('.rjw-panel')].filter(e => e.offsetParent !== null).map(box);
    const leaders = (api.leaders ? api.leaders() : []);
    const ids = new Set(labels.map(l => l[0]));
    keys.forEach(k => { if (!ids.has(k)) { out.missing[k].push(iso); } });
    labels.forEach(([a, ab], i) => {
      labels.slice(i + 1).forEach(([b, bb]) => { if (hit(ab, bb)) { out.clashes.push([iso, a, b]); } });
      markers.forEach(m => { if (hit(ab, m)) { out.clashes.push([iso, a, 'marker']); } });
      panels.forEach(m => { if (hit(ab, m)) { out.clashes.push([iso, a, 'panel']); } });
    });
    leaders.forEach(l => {
      labels.forEach(([b, bb]) => { if (b !== l.id && crosses(l.line, bb)) { out.clashes.push([iso, l.id + ' leader', b]); } });
      // A leader starts under its own marker (the marker hides that end); it crosses no other.
      const own = m => l.line[0] >= m[0] && l.line[0] <= m[2] && l.line[1] >= m[1] && l.line[1] <= m[3];
      markers.forEach(m => { if (!own(m) && crosses(l.line, m)) { out.clashes.push([iso, l.id + ' leader', 'marker']); } });
    });
    out.days += 1;
    out.labels += labels.length;
    out.callouts += leaders.length;
  }
  return out;
}"""
