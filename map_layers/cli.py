"""Command line: ``map-layers validate`` and ``map-layers export`` (also ``python -m map_layers``).

Exit codes: 0 success, 1 invalid data (every problem printed as
``line N, field F: ...``), 2 bad arguments (an unreadable path, an output that cannot be
written, a bbox the renderer cannot draw). Never a traceback for bad input: paths and views
are checked before the render where they can be, ``-o -`` writes to standard output.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

from map_layers.atomic import atomic_writer
from map_layers.events import EventTable, read_events
from map_layers.export import ANIMATION_FORMATS, GIS_FORMATS, STATIC_FORMATS, frame_days
from map_layers.geodata import DataFileError, GeoData, load_geodata
from map_layers.i18n import LANGS
from map_layers.layers import THEATRE_BBOX
from map_layers.paths import EVENTS_CSV
from map_layers.permalink import parse_day
from map_layers.timeslice import LAYERS, slice_day

SNAPSHOT_FORMATS = (*STATIC_FORMATS, "html", "geojson", "csv", *GIS_FORMATS)


def _day(text: str) -> date:
    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _layers(text: str) -> frozenset[str]:
    names = frozenset(n.strip() for n in text.split(",") if n.strip())
    unknown = sorted(names - set(LAYERS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}")
    return names


# The static renderer draws in Web Mercator, which ends at +-85.0511 degrees (as Leaflet does);
# a view smaller than MIN_BBOX_SPAN degrees made FreeType overflow drawing the scale bar.
MAX_LATITUDE = 85.0511
MIN_BBOX_SPAN = 0.001


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("expected four numbers W,S,E,N, e.g. 115,30,145,50") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise argparse.ArgumentTypeError("expected finite numbers W,S,E,N, e.g. 115,30,145,50")
    if not (-180 <= west < east <= 180 and -MAX_LATITUDE <= south < north <= MAX_LATITUDE):
        raise argparse.ArgumentTypeError(
            f"expected -180 <= W < E <= 180 and -{MAX_LATITUDE} <= S < N <= {MAX_LATITUDE} "
            "(the map is in Web Mercator, which ends at 85.05 degrees)"
        )
    if min(east - west, north - south) < MIN_BBOX_SPAN * (1 - 1e-9):  # tolerate 120.001 - 120
        raise argparse.ArgumentTypeError(f"the view is too small: each side must span at least {MIN_BBOX_SPAN} degrees")
    return west, south, east, north


def _output(text: str) -> Path | None:
    """The output path; ``-`` (None) is standard output. Checked before any rendering."""
    if text == "-":
        return None
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give a file name, or - for standard output")
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder: give a file name inside it")
    return path


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="map-layers",
        description="Validate event data and export the map of the Russo-Japanese War (1891-1905).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser(
        "validate",
        help="check an events CSV against the data contract",
        description="Report every problem of an events CSV as 'line N, field F: ...'. Exit 1 if any.",
    )
    validate.add_argument("path", nargs="?", type=Path, default=EVENTS_CSV, help="CSV to check (default: events.csv)")

    export = commands.add_parser(
        "export",
        help="export the map of a day (or an animation over a date range)",
        description=(
            "Snapshot of one day: --date D --format png|svg|pdf|html|geojson|csv. "
            "Animation: --start D1 --end D2 [--step-days N] --format gif|mp4. "
            "GIS: --format gpkg|parquet, the whole period with start/end fields (or one day with --date)."
        ),
    )
    export.add_argument("--date", type=_day, help="the day to export, YYYY-MM-DD (1891-01-01..1905-12-31)")
    export.add_argument("--start", type=_day, help="first day of an animation")
    export.add_argument("--end", type=_day, help="last day of an animation")
    export.add_argument("--step-days", type=int, default=7, help="days between animation frames (default 7)")
    export.add_argument("--format", required=True, choices=SNAPSHOT_FORMATS + ANIMATION_FORMATS, help="output format")
    export.add_argument("--lang", choices=LANGS, default="en", help="language of all text (default en)")
    export.add_argument(
        "--layers", type=_layers, default=frozenset(LAYERS), help=f"comma-separated subset of {','.join(LAYERS)}"
    )
    export.add_argument("--bbox", type=_bbox, help="view extent W,S,E,N in degrees (default: the war's theatre)")
    export.add_argument("--events", type=Path, help="draw this events CSV instead of the shipped one")
    export.add_argument(
        "--data-dir", type=Path, help="a folder with events.csv and geodata/ to use instead of the shipped data"
    )
    export.add_argument("-o", "--output", type=_output, required=True, help="file to write, or - for standard output")
    return parser


def _print_problems(table: EventTable, name: str) -> None:
    for problem in table.problems:
        print(f"{name}: {problem}", file=sys.stderr)


def cmd_validate(path: Path) -> int:
    table = read_events(path)
    _print_problems(table, str(path))
    if _unreadable(table):
        return 2
    if table.problems:
        print(f"{path}: {_counts(table)}; {len(table.events)} valid row(s)", file=sys.stderr)
        return 1
    print(f"{path}: OK, {len(table.events)} events")
    return 0


def _unreadable(table: EventTable) -> bool:
    """The file itself could not be read (missing, a folder, a device): a bad argument."""
    return table.refusal is not None and table.refusal.code == "upload_unreadable"


def _counts(table: EventTable) -> str:
    """ "3 problem(s) in 2 row(s)", "… (first 1,000 shown)" when capped: rows only when rows."""
    text = f"{table.problem_count:,} problem(s)"
    if table.skipped_rows:
        text += f" in {table.skipped_rows:,} row(s)"
    if table.unreported:
        text += f" (first {len(table.problems):,} shown)"
    return text


def _progress(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} frames", end="", file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    animated = args.format in ANIMATION_FORMATS
    if animated and not (args.start and args.end):
        parser.error(f"--format {args.format} needs --start and --end")
    if animated:
        try:  # the same checks the app's animation export makes, frame count included
            frame_days(args.start, args.end, args.step_days)
        except ValueError as error:
            parser.error(str(error))
    if not animated and args.date is None and args.format not in GIS_FORMATS:
        parser.error(f"--format {args.format} needs --date")

    events_path = args.events or (args.data_dir / "events.csv" if args.data_dir else EVENTS_CSV)
    table = read_events(events_path)
    _print_problems(table, str(events_path))
    if args.events and (_unreadable(table) or table.events.empty):
        # Drawing nothing of a file the user named is not a success: 2 for a bad path, 1 for bad data.
        print(f"error: --events {events_path}: no event could be read from it", file=sys.stderr)
        return 2 if _unreadable(table) else 1
    if args.events and table.problems:
        print(f"{events_path}: {_counts(table)} skipped; drawing the other rows", file=sys.stderr)
    try:
        geo = load_geodata() if args.data_dir is None else load_geodata(args.data_dir / "geodata")
    except DataFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    binary = args.format not in ("html", "geojson", "csv")
    if args.output is None and binary and sys.stdout.isatty():
        print(f"error: -o -: refusing to write {args.format.upper()} to a terminal; redirect it", file=sys.stderr)
        return 2
    try:
        with _sink(args.output) as sink:  # opened (or created) before the render: a bad path fails fast
            payload = _render(args, geo, table)
            data = payload.encode("utf-8") if isinstance(payload, str) else payload
            sink.write(data)
    except OSError as error:
        print(f"error: cannot write {args.output or 'standard output'}: {error.strerror or error}", file=sys.stderr)
        return 2
    if args.output is not None:
        print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


@contextmanager
def _sink(path: Path | None) -> Iterator[BinaryIO]:
    """Where the export goes: standard output, a device as it is, or a file replaced atomically.

    A regular file is written to a temporary file beside it and renamed on success, so a full
    disk or an interrupted render never leaves a half-written file under the name asked for.
    """
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    if path.exists() and not path.is_file():  # /dev/null, /dev/full, a FIFO: write as it is
        with path.open("wb") as device:
            yield device
        return
    with atomic_writer(path, staging=path.parent) as file:  # beside it: the same file system, wherever it is
        yield file


def _render(args: argparse.Namespace, geo: GeoData, table: EventTable) -> str | bytes:
    """Dispatch to the renderer of the format (imported lazily: matplotlib is slow to import)."""
    bbox = args.bbox or THEATRE_BBOX
    if args.format in ANIMATION_FORMATS:
        from map_layers.export.animate import render_animation

        return render_animation(
            geo,
            table.events,
            start=args.start,
            end=args.end,
            step_days=args.step_days,
            fmt=args.format,
            lang=args.lang,
            layers=args.layers,
            bbox=bbox,
            progress=_progress,
        )
    if args.format in GIS_FORMATS:
        from map_layers.export.gis import render_gis

        return render_gis(geo, table.events, args.format, day=args.date, layers=args.layers)
    if args.format == "html":
        from map_layers.export.standalone import standalone_html

        return standalone_html(geo, table.events, lang=args.lang, layers=args.layers, day=args.date)
    day_slice = slice_day(geo, table.events, args.date, args.layers)
    if args.format in ("geojson", "csv"):
        from map_layers.tabular import slice_csv, slice_geojson

        return slice_geojson(day_slice) if args.format == "geojson" else slice_csv(day_slice)
    from map_layers.export.static import render_snapshot

    return render_snapshot(day_slice, geo, lang=args.lang, bbox=bbox, fmt=args.format)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.path)
        return cmd_export(args, parser)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # last resort: a message, not a traceback (RJW_DEBUG=1 shows it)
        if os.environ.get("RJW_DEBUG"):
            raise
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
