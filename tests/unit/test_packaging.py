"""The built wheel carries its data, JS and vendored assets, and its ``map-layers`` command works anywhere.

Built once per session with the venv's hatchling (no network), installed with
``pip install --target`` (no dependencies: the venv's are used) and run from a folder
outside the checkout, so nothing can come from the repository's files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from map_layers.paths import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        str(ROOT),
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    (built,) = out.glob("rjw_map-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    site = tmp_path_factory.mktemp("site")
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-index",
        "-q",
        "--target",
        str(site),
        str(wheel),
    ]
    subprocess.run(command, check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RJW_")}
    env["PYTHONPATH"] = str(site)
    yield site, env


def test_wheel_carries_data_js_and_vendored_assets(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        "map_layers/_data/events.csv",
        "map_layers/_data/geodata/SOURCES.md",
        "map_layers/_data/static/vendor/leaflet/leaflet.js",
        "map_layers/_data/static/vendor/leaflet/leaflet.css",
    }
    shipped |= {f"map_layers/_data/geodata/{p.name}" for p in (ROOT / "geodata").glob("*.geojson")}
    shipped |= {f"map_layers/js/{p.name}" for p in (ROOT / "map_layers" / "js").glob("*.js")}
    assert shipped <= names, sorted(shipped - names)
    assert not [n for n in names if "/vendor/fullscreen/" in n]  # the old map's control: no longer shipped
    assert not [n for n in names if n.startswith(("tests/", "tools/", "benchmarks/")) or "__pycache__" in n]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "map-layers = map_layers.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_package_finds_its_data_through_importlib_resources(installed, tmp_path: Path):
    site, env = installed
    code = "from map_layers import paths; print(paths.EVENTS_CSV); print(paths.VENDOR_DIR)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    events, vendor = done.stdout.split()
    assert Path(events) == site / "map_layers/_data/events.csv"
    assert Path(vendor) == site / "map_layers/_data/static/vendor"


def test_map_layers_command_validates_and_exports_from_any_folder(installed, tmp_path: Path):
    site, env = installed
    command = site / "bin" / "map-layers"
    done = subprocess.run([command, "validate"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "_data/events.csv: OK," in done.stdout
    argv = [command, "export", "--date", "1905-05-27", "--format", "png", "-o", "t.png"]
    done = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_rjw_data_dir_points_the_command_at_a_users_data_set(installed, tmp_path: Path):
    from tests.conftest import event_row, events_csv, write_tiny_geodata

    site, env = installed
    write_tiny_geodata(tmp_path / "mine" / "geodata")
    (tmp_path / "mine" / "events.csv").write_text(events_csv(event_row(id="mine")), encoding="utf-8")
    env = {**env, "RJW_DATA_DIR": str(tmp_path / "mine")}
    done = subprocess.run(
        [site / "bin" / "map-layers", "validate"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0 and "mine/events.csv: OK, 1 events" in done.stdout
