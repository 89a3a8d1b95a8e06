"""What every benchmark module shares: where results go, the days measured, quantiles, the log."""

from __future__ import annotations

import statistics
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "benchmarks" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
QUICK_DOC = RESULTS_DIR / "benchmarks-quick.md"
BUSY_DAY = date(1904, 8, 1)  # siege of Port Arthur, Liaoyang approach: many events, movements, territories
QUIET_DAY = date(1896, 3, 1)  # between the wars: few layers
EXPORT_DAY = date(1905, 5, 27)  # Tsushima
SCALE_SIZES = (100, 1_000, 10_000)


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation, as numpy's default."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "median": statistics.median(values) if values else float("nan"),
        "p95": pct(values, 0.95),
        "min": min(values) if values else float("nan"),
        "max": max(values) if values else float("nan"),
    }


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)
