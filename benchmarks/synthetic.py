"""Synthetic events CSVs of any size, valid under the data contract, for the scale benchmark."""

from __future__ import annotations

import csv
import random
from datetime import timedelta
from pathlib import Path


def synthetic_events(n: int, path: Path, seed: int = 1904) -> Path:
    from map_layers.events import COLUMNS, FIRST_DAY, KINDS, LAST_DAY, SIDES, read_events

    rng = random.Random(seed + n)
    span = (LAST_DAY - FIRST_DAY).days
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for i in range(n):
            start = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
            end = min(start + timedelta(days=rng.choice((0, 0, 0, 1, 3, 7, 30))), LAST_DAY)
            writer.writerow(
                {
                    "id": f"synthetic_{i:05d}",
                    "start": start.isoformat(),
                    "end": "" if end == start else end.isoformat(),
                    "kind": rng.choice(KINDS),
                    "side": rng.choice((*SIDES, "")),
                    "lat": f"{rng.uniform(20, 55):.4f}",
                    "lon": f"{rng.uniform(100, 145):.4f}",
                    "title_en": f"Synthetic event {i}",
                    "title_ar": f"حدث تجريبي {i}",
                    "summary_en": f"Generated row {i} for the scale benchmark.",
                    "summary_ar": f"صف مولَّد رقم {i} لقياس الأداء.",
                    "source": f"https://example.org/bench/{i}",
                    "key": "",
                }
            )
    table = read_events(path)
    assert not table.problems, table.problems[:5]
    assert len(table.events) == n
    return path
