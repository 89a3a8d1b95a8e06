"""Animated exports (GIF, MP4) over a date range, one frame per step.

Frames come from the static renderer's :class:`MapFigure`, kept open between
days (land and title drawn once, each frame redraws only the day), so a frame
shows exactly what a PNG snapshot of that day shows, date included.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date

import geopandas as gpd
import numpy as np

from map_layers.export import ANIMATION_FORMATS, frame_days
from map_layers.export.static import BBox, MapFigure
from map_layers.geodata import GeoData
from map_layers.timeslice import chosen_layers, slice_day

FRAME_SIZE = (960, 608)  # pixels; both divisible by 16, as H.264 encoders want
FRAME_DPI = 80
FPS = 4

Progress = Callable[[int, int], None]


def iter_frames(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    days: list[date],
    *,
    lang: str,
    layers: Iterable[str] | None,
    bbox: BBox,
    size: tuple[int, int] = FRAME_SIZE,
    dpi: int = FRAME_DPI,
    title: str | None = None,
    progress: Progress | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> Iterator[np.ndarray]:
    """RGB frames (height, width, 3) of ``days``; ``progress(done, total)`` after each."""
    chosen = chosen_layers(layers)
    figure = MapFigure(geo, lang=lang, bbox=bbox, size=size, dpi=dpi, title=title)
    try:
        for index, day in enumerate(days, start=1):
            figure.draw(slice_day(geo, events, day, chosen, user_events=user_events))
            yield figure.to_rgb()
            if progress is not None:
                progress(index, len(days))
    finally:
        figure.close()


def _gif(frames: Iterator[np.ndarray], fps: float) -> bytes:
    """GIF with Pillow: one adaptive palette per frame, looping forever."""
    from PIL import Image

    images = [Image.fromarray(frame).quantize(colors=255, method=Image.Quantize.MEDIANCUT) for frame in frames]
    buffer = io.BytesIO()
    # optimize=False keeps every frame (Pillow would merge identical ones).
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
        disposal=1,
    )
    return buffer.getvalue()


def _mp4(frames: Iterator[np.ndarray], fps: float) -> bytes:
    """H.264 MP4 with the ffmpeg binary bundled in imageio-ffmpeg (yuv420p: plays everywhere)."""
    import imageio_ffmpeg

    handle, path = tempfile.mkstemp(suffix=".mp4")
    os.close(handle)
    try:
        writer = None
        for frame in frames:
            if writer is None:
                height, width = frame.shape[:2]
                writer = imageio_ffmpeg.write_frames(
                    path,
                    (width, height),
                    fps=fps,
                    codec="libx264",
                    pix_fmt_out="yuv420p",
                    macro_block_size=16,
                    output_params=["-movflags", "+faststart"],
                    ffmpeg_log_level="error",
                )
                writer.send(None)  # start the generator
            writer.send(np.ascontiguousarray(frame))
        if writer is not None:
            writer.close()
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)


def render_animation(
    geo: GeoData,
    events: gpd.GeoDataFrame,
    *,
    start: date,
    end: date,
    step_days: int,
    fmt: str,
    lang: str,
    layers: Iterable[str] | None,
    bbox: BBox,
    progress: Progress | None = None,
    fps: float = FPS,
    size: tuple[int, int] = FRAME_SIZE,
    title: str | None = None,
    user_events: gpd.GeoDataFrame | None = None,
) -> bytes:
    """Render the map from ``start`` to ``end`` as an animated GIF or MP4.

    Parameters
    ----------
    geo, events : GeoData, GeoDataFrame
        The data, sliced per frame with :func:`map_layers.timeslice.slice_day`.
    start, end : date
        First frame and last possible frame (included when a step lands on it).
    step_days : int
        Days between frames (>= 1).
    fmt : str
        ``gif`` (Pillow) or ``mp4`` (H.264 via the ffmpeg bundled in imageio-ffmpeg).
    lang : str
        ``en`` or ``ar``.
    layers : iterable of str or None
        Layers to draw (None: all).
    bbox : tuple
        ``(west, south, east, north)`` in degrees.
    progress : callable, optional
        ``progress(done, total)`` after each frame, for progress bars.
    fps, size, title : optional
        Frames per second, frame size in pixels (multiples of 16 for MP4), heading.
    user_events : GeoDataFrame, optional
        An uploaded events CSV, drawn with the shipped events.

    Returns
    -------
    bytes
        The GIF or MP4 file.

    Examples
    --------
    >>> gif = render_animation(geo, events, start=date(1904, 2, 1), end=date(1904, 3, 31), step_days=1,
    ...                        fmt="gif", lang="en", layers=None, bbox=(115, 30, 145, 46))  # doctest: +SKIP
    """
    if fmt not in ANIMATION_FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(ANIMATION_FORMATS)}")
    if fps <= 0:
        raise ValueError(f"fps must be positive, got {fps}")
    days = frame_days(start, end, step_days)
    frames = iter_frames(
        geo,
        events,
        days,
        lang=lang,
        layers=layers,
        bbox=tuple(bbox),  # type: ignore[arg-type]
        size=size,
        title=title,
        progress=progress,
        user_events=user_events,
    )
    return _gif(frames, fps) if fmt == "gif" else _mp4(frames, fps)
