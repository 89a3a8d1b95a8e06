"""The machine a benchmark ran on, and how busy other jobs kept it meanwhile."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import threading
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import ROOT, pct
from benchmarks.procfs import cpu_ticks
from tests.browser.harness import CHROMIUM


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text()
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    os_name = "?"
    if Path("/etc/os-release").exists():
        match = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text())
        os_name = match.group(1) if match else os_name
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        chromium = "?"

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return "?"

    import folium
    import streamlit

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "os": f"{os_name} ({platform.release()})",
        "python": platform.python_version(),
        "chromium": chromium,
        "streamlit": streamlit.__version__,
        "folium": folium.__version__,
        "commit": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


class LoadMonitor(threading.Thread):
    """Samples, once a second, how much CPU processes outside this benchmark use (other jobs on the box)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop_event = threading.Event()
        self.hz = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _busy() -> int:
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return sum(fields) - fields[3] - fields[4]  # all but idle and iowait

    def _mine(self) -> int:
        """CPU ticks of this process and everything it started (the server, Chromium)."""
        return cpu_ticks([os.getpid()], waited_children=True)

    def run(self) -> None:
        busy, mine = self._busy(), self._mine()
        while not self.stop_event.wait(1.0):
            busy2, mine2 = self._busy(), self._mine()
            self.samples.append(max(0.0, ((busy2 - busy) - max(0, mine2 - mine)) / self.hz))
            busy, mine = busy2, mine2

    def result(self) -> dict:
        self.stop_event.set()
        data = self.samples or [0.0]
        return {
            "other_cpu_cores_mean": statistics.mean(data),
            "other_cpu_cores_p95": pct(data, 0.95),
            "loadavg_end": Path("/proc/loadavg").read_text().split()[:3],
        }
