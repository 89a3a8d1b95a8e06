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
    assert "2 problem(s); 1 valid row(s)" in err


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
    assert cli.main(["validate", str(tmp_path / "nope.csv")]) == 1
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
