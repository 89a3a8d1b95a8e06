"""Animated exports: one frame per step, valid containers, progress reported per frame."""

from __future__ import annotations

import io
from datetime import date

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from map_layers.export.animate import frame_days, iter_frames, render_animation

BBOX = (118.0, 36.0, 126.0, 42.0)
SMALL = (320, 208)


def test_frame_days_include_both_ends_when_the_step_lands():
    assert frame_days(date(1904, 5, 1), date(1904, 5, 7), 3) == [date(1904, 5, 1), date(1904, 5, 4), date(1904, 5, 7)]
    with pytest.raises(ValueError, match="step_days"):
        frame_days(date(1904, 5, 1), date(1904, 5, 7), 0)
    with pytest.raises(ValueError, match="before"):
        frame_days(date(1904, 5, 7), date(1904, 5, 1), 1)


def test_gif_has_one_frame_per_step_and_reports_progress(tiny_geodata, tiny_events):
    calls: list[tuple[int, int]] = []
    gif = render_animation(
        tiny_geodata,
        tiny_events,
        start=date(1904, 4, 28),
        end=date(1904, 5, 9),
        step_days=2,
        fmt="gif",
        lang="en",
        layers=None,
        bbox=BBOX,
        size=SMALL,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert gif.startswith(b"GIF8")
    with Image.open(io.BytesIO(gif)) as image:
        assert image.n_frames == 6
        assert image.size == SMALL
    assert calls == [(done, 6) for done in range(1, 7)]


def test_mp4_has_ftyp_and_one_frame_per_step(tiny_geodata, tiny_events, tmp_path):
    mp4 = render_animation(
        tiny_geodata,
        tiny_events,
        start=date(1904, 5, 1),
        end=date(1904, 5, 8),
        step_days=1,
        fmt="mp4",
        lang="ar",
        layers={"territories", "events"},
        bbox=BBOX,
        size=SMALL,
    )
    assert mp4[4:8] == b"ftyp"
    path = tmp_path / "map.mp4"
    path.write_bytes(mp4)
    frames = list(iio.imiter(path))
    assert len(frames) == 8
    assert frames[0].shape[:2] == (SMALL[1], SMALL[0])


def test_frames_differ_from_day_to_day(tiny_geodata, tiny_events):
    days = [date(1904, 5, 1), date(1904, 5, 20)]
    first, second = iter_frames(tiny_geodata, tiny_events, days, lang="en", layers=None, bbox=BBOX, size=SMALL, dpi=50)
    assert first.shape == (SMALL[1], SMALL[0], 3) and first.dtype == np.uint8
    assert (first != second).any()


def test_unknown_format_is_refused(tiny_geodata, tiny_events):
    with pytest.raises(ValueError, match="format"):
        render_animation(
            tiny_geodata,
            tiny_events,
            start=date(1904, 5, 1),
            end=date(1904, 5, 2),
            step_days=1,
            fmt="avi",
            lang="en",
            layers=None,
            bbox=BBOX,
        )
