"""Files bound for static/ appear whole or not at all: staged outside, renamed into place."""

from __future__ import annotations

import os

import pytest

from map_layers.atomic import write_atomic


def test_the_file_appears_whole_and_staging_is_left_empty(tmp_path):
    served, staging = tmp_path / "static" / "generated", tmp_path / "staging"
    path = write_atomic(served / "land-en-abc.json", '{"a": 1}', staging=staging)
    assert path.read_text() == '{"a": 1}'
    assert list(served.iterdir()) == [path] and list(staging.iterdir()) == []


def test_a_full_disk_leaves_nothing_in_the_served_folder(tmp_path, monkeypatch):
    served, staging = tmp_path / "static" / "generated", tmp_path / "staging"

    def full(descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(served / "land-en-abc.json", "x" * 10_000, staging=staging)
    assert list(served.iterdir()) == [] and list(staging.iterdir()) == []


def test_an_existing_file_is_replaced_not_truncated_first(tmp_path, monkeypatch):
    served = tmp_path / "static"
    path = write_atomic(served / "f.json", "old", staging=tmp_path / "s")
    monkeypatch.setattr(os, "fsync", lambda descriptor: (_ for _ in ()).throw(OSError(28, "full")))
    with pytest.raises(OSError):
        write_atomic(path, "new", staging=tmp_path / "s")
    assert path.read_text() == "old"


def test_default_staging_is_outside_the_target_folder(tmp_path):
    path = write_atomic(tmp_path / "static" / "generated" / "x.json", "1")
    assert sorted(p.name for p in path.parent.iterdir()) == ["x.json"]


def test_base_layers_are_written_atomically(tmp_path, tiny_geodata):
    from map_layers.layers import write_base_layers

    (tmp_path / "generated").mkdir()
    (tmp_path / "generated" / "land-en-0123.123.tmp").write_text('{"half')  # left by an older version
    files = write_base_layers(tmp_path / "generated", tiny_geodata, "en")
    assert files and all(path.exists() and not path.name.endswith((".tmp", ".partial")) for path in files.values())
    assert sorted(p.name for p in (tmp_path / "generated").iterdir()) == sorted(p.name for p in files.values())
