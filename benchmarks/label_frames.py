"""CPU cost of place labels in animation frames: 20 frames at the GIF's size, labels off and on.

    .venv/bin/python benchmarks/label_frames.py

Prints CPU milliseconds per frame (``MapFigure.draw`` + ``to_rgb``), two alternating runs each.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from map_layers.events import read_events
from map_layers.export.animate import FRAME_DPI, FRAME_SIZE
from map_layers.export.figure import MapFigure
from map_layers.geodata import load_geodata
from map_layers.layers import THEATRE_BBOX
from map_layers.paths import EVENTS_CSV
from map_layers.timeslice import slice_day


def main() -> None:
    geo = load_geodata()
    events = read_events(EVENTS_CSV).events
    slices = [slice_day(geo, events, date(1904, 2, 1) + timedelta(days=i)) for i in range(20)]
    for labels in (False, True, False, True):
        figure = MapFigure(geo, lang="en", bbox=THEATRE_BBOX, size=FRAME_SIZE, dpi=FRAME_DPI, labels=labels)
        start = time.process_time()
        for day_slice in slices:
            figure.draw(day_slice)
            figure.to_rgb()
        per_frame = (time.process_time() - start) / len(slices) * 1000
        print(f"labels {'on ' if labels else 'off'}: {per_frame:.0f} CPU ms per frame")
        figure.close()


if __name__ == "__main__":
    main()
