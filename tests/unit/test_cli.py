"""The command line, run in-process: exit codes and messages, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from map_layers import cli
from tests.conftest import event_row, events_csv


@pytest.fixture
def use_tiny_geodata(monkeypatch, tiny_geodata):
    monkeypatch.setattr(cli, "load_geodata", lambda: tiny_geodata)


def test_validate_reports_every_problem_and_exits_1(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text(events_csv(event_row(id="a", lat="99"), event_row(id="b", kind="x"), event_row(id="c")))
    assert cli.main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 2, field lat:" in err and "line 3, field kind:" in err
    assert "2 problem(s) in 2 row(s); 1 valid row(s)" in err


def test_validate_ok_exits_0(tmp_path, capsys):
    path = tmp_path / "events.csv"
    path.write_text(events_csv(event_row()))
    assert cli.main(["validate", str(path)]) == 0
    assert "OK, 1 events" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00", b"a;b;c\n1;2;3\n"])
def test_validate_never_tracebacks_on_junk(tmp_path, capsys, content):
    path = tmp_path / "junk.csv"
    path.write_bytes(content)
    assert cli.main(["validate", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_validate_missing_file(tmp_path, capsys):
    assert cli.main(["validate", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--date", "1904-02-30", "--format", "geojson", "-o", "x"],
        ["export", "--format", "geojson", "-o", "x"],
        ["export", "--start", "1904-01-01", "--format", "gif", "-o", "x"],
        ["export", "--date", "1904-01-01", "--format", "geojson", "--layers", "bombs", "-o", "x"],
        ["export", "--date", "1904-01-01", "--format", "png", "--bbox", "1,2,3", "-o", "x"],
    ],
)
def test_bad_export_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_export_geojson_slice_schema(tmp_path: Path, use_tiny_geodata, monkeypatch):
    events = tmp_path / "events.csv"
    events.write_text(events_csv(event_row(id="b1", start="1904-05-05")))
    out = tmp_path / "slice.geojson"
    code = cli.main(["export", "--date", "1904-05-06", "--format", "geojson", "--events", str(events), "-o", str(out)])
    assert code == 0
    collection = json.loads(out.read_text())
    assert collection["type"] == "FeatureCollection"
    layers = {f["properties"]["layer"] for f in collection["features"]}
    assert layers == {"territories", "railways", "movements", "positions", "events"}
    for feature in collection["features"]:
        props = feature["properties"]
        assert props["id"]
        if props["layer"] == "territories":
            assert props["holder"] and props["status"]
        if props["layer"] in ("movements", "positions"):
            assert props["side"] in ("japan", "russia")


def test_export_csv_defuses_formulas(tmp_path: Path, use_tiny_geodata):
    events = tmp_path / "events.csv"
    events.write_text(events_csv(event_row(id="b1", start="1904-05-05", title_en="=HYPERLINK(1)")))
    out = tmp_path / "slice.csv"
    assert cli.main(["export", "--date", "1904-05-06", "--format", "csv", "--events", str(events), "-o", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("date,layer,id,")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_export_with_a_bad_user_csv_reports_rows_and_draws_the_rest(tmp_path, use_tiny_geodata, capsys):
    events = tmp_path / "events.csv"
    events.write_text(events_csv(event_row(id="ok", start="1904-05-05"), event_row(id="bad", start="1904-13-01")))
    out = tmp_path / "slice.geojson"
    assert (
        cli.main(["export", "--date", "1904-05-06", "--format", "geojson", "--events", str(events), "-o", str(out)])
        == 0
    )
    assert "line 3, field start:" in capsys.readouterr().err
    ids = {f["properties"]["id"] for f in json.loads(out.read_text())["features"]}
    assert "ok" in ids and "bad" not in ids


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF"), ("svg", b"<?xml"), ("html", b"<!DOCTYPE html>")],
)
def test_export_snapshot_formats_from_the_command_line(tmp_path, use_tiny_geodata, fmt, magic):
    out = tmp_path / f"map.{fmt}"
    argv = [
        "export",
        "--date",
        "1904-05-06",
        "--format",
        fmt,
        "--lang",
        "ar",
        "--bbox",
        "118,36,126,42",
        "-o",
        str(out),
    ]
    assert cli.main(argv) == 0
    assert out.read_bytes().startswith(magic)


def test_export_animation_with_a_progress_bar(tmp_path, use_tiny_geodata, capsys):
    out = tmp_path / "war.gif"
    argv = [
        "export",
        "--start",
        "1904-05-01",
        "--end",
        "1904-05-10",
        "--step-days",
        "3",
        "--format",
        "gif",
        "-o",
        str(out),
    ]
    assert cli.main(argv) == 0
    from PIL import Image

    with Image.open(out) as gif:
        assert gif.n_frames == 4  # 1, 4, 7 and 10 May
    assert "4/4 frames" in capsys.readouterr().err


def test_help_explains_every_flag(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    text = capsys.readouterr().out
    for flag in (
        "--date",
        "--start",
        "--end",
        "--step-days",
        "--format",
        "--lang",
        "--layers",
        "--bbox",
        "--events",
        "-o",
    ):
        assert flag in text


# --- bad paths and arguments: a message and exit 2, never a traceback (issue 19) -------------------


def _export(tmp_path, *extra: str) -> list[str]:
    return ["export", "--date", "1904-05-06", "--format", "png", *extra]


@pytest.mark.parametrize(
    ("output", "fragment"),
    [("{tmp}", "is a folder"), ("", "is empty"), ("   ", "is empty")],
)
def test_bad_output_paths_are_refused_before_rendering(tmp_path, capsys, output, fragment, monkeypatch):
    monkeypatch.setattr(cli, "_render", lambda *a: pytest.fail("rendered before checking -o"))
    with pytest.raises(SystemExit) as exit_info:
        cli.main(_export(tmp_path, "-o", output.format(tmp=tmp_path)))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err


def test_unwritable_output_is_refused_before_rendering(tmp_path, capsys, use_tiny_geodata, monkeypatch):
    monkeypatch.setattr(cli, "_render", lambda *a: pytest.fail("rendered before checking -o"))
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where a folder should be: mkdir fails as it would without rights
    assert cli.main(_export(tmp_path, "-o", str(blocker / "sub" / "map.png"))) == 2
    assert "error: cannot write" in capsys.readouterr().err


def test_full_device_is_a_message_not_a_traceback(use_tiny_geodata, capsys):
    assert cli.main(["export", "--date", "1904-05-06", "--format", "csv", "-o", "/dev/full"]) == 2
    assert "error: cannot write /dev/full: No space left on device" in capsys.readouterr().err


def test_failed_write_leaves_no_partial_file(tmp_path, use_tiny_geodata, monkeypatch, capsys):
    def broken(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli, "_render", broken)
    out = tmp_path / "out" / "map.png"
    assert cli.main(_export(tmp_path, "-o", str(out))) == 2
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("fmt", ["png", "geojson"])
def test_dash_writes_to_standard_output(fmt, use_tiny_geodata, capsysbinary, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "--date", "1904-05-06", "--format", fmt, "-o", "-"]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"\x89PNG" if fmt == "png" else b'{"type":"FeatureCollection"')
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("bbox", "fragment"),
    [
        ("0,0,0.000001,0.000001", "too small"),
        ("179.9999,89.9999,180,90", "Web Mercator"),
        ("0,-90,10,10", "Web Mercator"),
        ("nan,0,1,1", "finite"),
        ("5,0,1,1", "W < E"),
    ],
)
def test_bboxes_the_renderer_cannot_draw_are_refused(bbox, fragment, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", "--date", "1904-05-06", "--format", "png", f"--bbox={bbox}", "-o", "x.png"])
    assert exit_info.value.code == 2
    assert fragment in capsys.readouterr().err


def test_smallest_allowed_bbox_renders(tmp_path, use_tiny_geodata):
    out = tmp_path / "tiny.png"
    assert (
        cli.main(_export(tmp_path, f"--bbox=120,40,{120 + cli.MIN_BBOX_SPAN},{40 + cli.MIN_BBOX_SPAN}", "-o", str(out)))
        == 0
    )
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_validate_reads_only_regular_files(tmp_path, capsys, kind):
    import os

    path = {"device": "/dev/zero", "folder": str(tmp_path)}.get(kind)
    if kind == "fifo":  # nobody writes to it: opening it for reading would wait for ever
        path = str(tmp_path / "pipe")
        os.mkfifo(path)
    assert cli.main(["validate", path]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "Traceback" not in err


def test_validate_refuses_a_file_over_the_byte_limit(tmp_path, capsys, monkeypatch):
    from map_layers.limits import DATA_FILE

    path = tmp_path / "huge.csv"
    with path.open("wb") as file:  # sparse: no disk used
        file.truncate(DATA_FILE.bytes + 1)
    assert cli.main(["validate", str(path)]) == 1
    assert f"at most {DATA_FILE.bytes:,} bytes" in capsys.readouterr().err


@pytest.mark.parametrize("target", ["folder", "missing"])
def test_unreadable_events_is_an_error_not_an_empty_success(tmp_path, use_tiny_geodata, capsys, target):
    events = tmp_path if target == "folder" else tmp_path / "nope.csv"
    out = tmp_path / "x.geojson"
    code = cli.main(["export", "--date", "1904-05-06", "--format", "geojson", "--events", str(events), "-o", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "no event could be read" in err and "row(s) skipped" not in err
    assert not out.exists()


def test_skipped_rows_are_counted_as_rows(tmp_path, use_tiny_geodata, capsys):
    events = tmp_path / "events.csv"
    events.write_text(events_csv(event_row(id="ok"), event_row(id="bad", lat="99", lon="999", kind="x")))
    out = tmp_path / "x.geojson"
    assert (
        cli.main(["export", "--date", "1904-05-06", "--format", "geojson", "--events", str(events), "-o", str(out)])
        == 0
    )
    assert "3 problem(s) in 1 row(s) skipped" in capsys.readouterr().err


def test_subprocess_never_prints_a_traceback(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "map_layers", "export", "--date", "1904-05-06", "--format", "png", "-o", ""],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(cli.__file__).resolve().parents[1],
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr and "is empty" in result.stderr


def test_export_csv_keeps_negative_numbers_as_numbers(tmp_path: Path, use_tiny_geodata):
    import csv as csv_module
    import io

    events = tmp_path / "events.csv"
    rows = [
        event_row(id="south", start="1904-05-05", lat="-33.5", lon="-70.25", title_en="-2+3"),
        event_row(id="at", start="1904-05-05", title_en="@SUM(A1)", summary_en="+cmd|' /C calc'!A0"),
    ]
    events.write_text(events_csv(*rows))
    out = tmp_path / "slice.csv"
    assert cli.main(["export", "--date", "1904-05-06", "--format", "csv", "--events", str(events), "-o", str(out)]) == 0
    table = {row["id"]: row for row in csv_module.DictReader(io.StringIO(out.read_text()))}
    assert table["south"]["lat"] == "-33.5" and table["south"]["lon"] == "-70.25"
    assert table["south"]["title_en"] == "'-2+3"
    assert table["at"]["title_en"] == "'@SUM(A1)" and table["at"]["summary_en"].startswith("'+cmd")
