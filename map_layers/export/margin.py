"""The margin of a static map: date, caption, legend of the symbols shown, sources footer.

Drawn on a :class:`~map_layers.export.figure.MapFigure` (``fig``): its margin axes are laid out
in "units", pixels at 100 dpi from the top-left corner, so text keeps its proportions at any dpi.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any
from urllib.parse import urlparse

from matplotlib.patches import Rectangle

from map_layers import style
from map_layers.caption import caption_lines, date_lines
from map_layers.export.shapes import PX, head_marker, linestyle, rgba
from map_layers.i18n import t
from map_layers.legend import LegendEntry, legend_entries, shown_events
from map_layers.popups import SOURCE_URL
from map_layers.timeslice import DaySlice


def text_of(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def wrap(text: str, width: float, fontsize: float) -> list[str]:
    """Wrap ``text`` to ``width`` margin units (px at 100 dpi) for a ``fontsize`` pt font."""
    chars = max(12, int(width / (fontsize * 0.56 * 100 / 72)))
    return textwrap.wrap(text, chars) or [""]


def source_domains(events: Any) -> list[str]:
    """Host names of the visible events' source URLs, sorted, without ``www.``."""
    hosts: set[str] = set()
    for source in events.get("source", []):
        for url in SOURCE_URL.findall(text_of(source)):
            host = (urlparse(url).hostname or "").removeprefix("www.")
            if host:
                hosts.add(host)
    return sorted(hosts)


def sources_line(day_slice: DaySlice, lang: str, limit: int = 6) -> str:
    hosts = source_domains(shown_events(day_slice))
    text = t("export_sources", lang)
    if hosts:
        text += " · " + ", ".join(hosts[:limit])
        if len(hosts) > limit:
            text += " " + t("export_sources_more", lang, count=len(hosts) - limit)
    return text


def draw_margin(fig: Any, day_slice: DaySlice) -> None:
    """Date, caption, legend (in the margin axes, pixel units) and the sources footer.

    Nothing is cut off or shrunk past legibility in a small frame (an animation's): the
    second date line wraps; a legend that does not fit in one column at 90 % of its size
    goes into two; if even that leaves it under 90 %, the caption gives up its last lines
    (ending in "…") so the legend can keep its size.
    """
    width, height = fig.margin_size
    x, ha = (width - 4, "right") if fig.rtl else (4, "left")
    ax = fig.margin_ax
    heading, second = date_lines(day_slice.day, fig.lang)
    fig.keep(fig.text(ax, x, 8, heading, ha=ha, va="top", fontsize=16, weight="bold"))
    seconds = wrap(second, width - 8, 9.5)
    for index, line in enumerate(seconds):
        fig.keep(fig.text(ax, x, 40 + 14 * index, line, ha=ha, va="top", fontsize=9.5, color=style.MUTED_TEXT_COLOUR))
    caption_top = 64 + 14 * (len(seconds) - 1)
    # One artist per line: Arabic fonts have taller line boxes, so matplotlib's own
    # multi-line spacing would differ between languages and overlap what follows.
    lines = [line for part in caption_lines(day_slice, fig.lang) for line in wrap(part, width, 10.5)]
    entries = legend_entries(day_slice, fig.lang)
    columns, texts, heights, needed = _legend_layout(entries, width, height - (caption_top + 20 * len(lines) + 42))
    if needed and (height - (caption_top + 20 * len(lines) + 42)) / needed < 0.9:
        room = height - 42 - caption_top - 0.9 * needed
        keep = max(1, int(room // 20))
        if keep < len(lines):
            lines = [*lines[: keep - 1], lines[keep - 1].rstrip(" ·,") + " …"]
    for index, line in enumerate(lines):
        fig.keep(fig.text(ax, x, caption_top + 20 * index, line, ha=ha, va="top", fontsize=10.5))
    top = caption_top + 20 * len(lines) + 16
    if entries:
        fig.keep(fig.text(ax, x, top, t("legend", fig.lang), ha=ha, va="top", fontsize=12, weight="bold"))
        top += 26
        scale = min(1.0, (height - top) / needed)
        rows = -(-len(entries) // columns)
        column_width = width / columns
        for column in range(columns):
            left = (width - column_width * (column + 1)) if fig.rtl else column_width * column
            y = top
            for index in range(column * rows, min(len(entries), (column + 1) * rows)):
                row = heights[index]
                legend_row(fig, entries[index], texts[index], y + row * scale / 2, scale, left, column_width)
                y += row * scale
    footer_x, footer_ha = (0.985, "right") if fig.rtl else (0.015, "left")
    fig.keep(
        fig.text(
            fig.figure,
            footer_x,
            0.045,
            sources_line(day_slice, fig.lang),
            ha=footer_ha,
            va="bottom",
            fontsize=8.5,
            color=style.MUTED_TEXT_COLOUR,
        )
    )


def _legend_layout(
    entries: list[LegendEntry], width: float, room: float
) -> tuple[int, list[list[str]], list[float], float]:
    """(columns, wrapped texts, row heights, tallest column): two columns when one would shrink below 90 %."""
    for columns in (1, 2):
        texts = [wrap(entry.text, width / columns - 46, 9.5) for entry in entries]
        heights = [24.0 + 14.0 * (len(lines) - 1) for lines in texts]
        rows = -(-len(entries) // columns) if entries else 0
        tallest = max((sum(heights[c * rows : (c + 1) * rows]) for c in range(columns)), default=0.0)
        if columns == 2 or not tallest or room / tallest >= 0.9:
            return columns, texts, heights, tallest
    raise AssertionError("unreachable")


def legend_row(
    fig: Any,
    entry: LegendEntry,
    lines: list[str],
    y: float,
    scale: float,
    left: float = 0.0,
    column_width: float | None = None,
) -> None:
    """One legend symbol (34 px wide) and its text in a column at ``left``, mirrored for RTL."""
    width = fig.margin_size[0] if column_width is None else column_width
    ax = fig.margin_ax
    sym0, sym1 = (left + width - 38, left + width - 4) if fig.rtl else (left + 4, left + 38)
    centre = (sym0 + sym1) / 2
    text_x, ha = (sym0 - 8, "right") if fig.rtl else (sym1 + 8, "left")
    options = entry.options
    if entry.kind == "territory":
        fig.keep(
            ax.add_patch(
                Rectangle(
                    (sym0, y - 7 * scale),
                    sym1 - sym0,
                    14 * scale,
                    facecolor=rgba(options["fillColor"], options["fillOpacity"]),
                    edgecolor=rgba(options["color"], options["opacity"]),
                    linewidth=float(options["weight"]) * PX,
                    linestyle=linestyle(options),
                )
            )
        )
    elif entry.kind in ("railway", "track", "sea", "front"):
        (line,) = ax.plot(
            [sym0, sym1],
            [y, y],
            color=options["color"],
            alpha=float(options["opacity"]),
            linewidth=float(options["weight"]) * PX,
            linestyle=linestyle(options),
        )
        fig.keep(line)
    elif entry.kind == "head":
        (marker,) = ax.plot(
            [centre],
            [y],
            linestyle="none",
            marker=head_marker(90),
            markersize=16 * scale,
            markerfacecolor=style.side_colour(options["side"]),
            markeredgecolor=style.HEAD_EDGE,
        )
        fig.keep(marker)
    elif entry.kind == "event":
        fig.keep(
            fig.text(
                ax,
                centre,
                y,
                options["glyph"],
                family=["DejaVu Sans"],
                ha="center",
                va="center",
                fontsize=12 * scale,
                color=style.TEXT_COLOUR,  # the kind alone: no shape, which would name a side
            )
        )
    elif entry.kind == "side":
        fig.keep(
            ax.scatter(
                [centre],
                [y],
                s=(14 * scale) ** 2,
                c=[style.side_colour(options["side"])],
                marker=style.SHAPE_MARKERS[options["shape"]],
                edgecolors=[style.EVENT_EDGE_CURRENT],
                linewidths=1.0,
            )
        )
    elif entry.kind == "event_state":
        current = options["current"]
        fig.keep(
            ax.scatter(
                [centre],
                [y],
                s=((20 if current else 15) * scale) ** 2,
                c=[rgba(style.side_colour("other"), 1.0 if current else 0.45)],
                edgecolors=[style.EVENT_EDGE_CURRENT if current else style.EVENT_EDGE],
                linewidths=2.0 if current else 1.0,
            )
        )
    step = 14 * scale
    for index, line in enumerate(lines):
        line_y = y + (index - (len(lines) - 1) / 2) * step
        fig.keep(fig.text(ax, text_x, line_y, line, ha=ha, va="center", fontsize=9.5 * max(scale, 0.9)))
