"""Files bound for static/ appear whole or not at all: staged outside, renamed into place."""

from __future__ import annotations

import os
import re

import pytest

from map_layers.atomic import atomic_writer, content_name, publish, write_atomic


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


def test_content_names_change_with_the_content_only():
    name = content_name("map-en", ".html", "<p>1</p>")
    assert name == content_name("map-en", ".html", b"<p>1</p>")
    assert re.fullmatch(r"map-en-[0-9a-f]{16}\.html", name)
    assert content_name("map-en", ".html", "<p>2</p>") != name


def test_published_files_appear_once_whole_under_their_content_name(tmp_path):
    """What the app publishes (player documents, uploads) under static/generated/."""
    served, staging = tmp_path / "static" / "generated", tmp_path / "staging"
    first = publish(served, "events-ar", ".json", '{"a": 1}', staging=staging)
    assert first.name == content_name("events-ar", ".json", '{"a": 1}') and first.read_text() == '{"a": 1}'
    written = first.stat().st_mtime_ns
    assert publish(served, "events-ar", ".json", '{"a": 1}', staging=staging) == first
    assert first.stat().st_mtime_ns == written  # the same content is not written again
    other = publish(served, "events-ar", ".json", '{"a": 2}', staging=staging)
    assert sorted(served.iterdir()) == sorted([first, other]) and list(staging.iterdir()) == []


def test_a_full_disk_publishes_nothing(tmp_path, monkeypatch):
    served = tmp_path / "static" / "generated"
    monkeypatch.setattr(os, "fsync", lambda descriptor: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError, match="No space left"):
        publish(served, "map-en", ".html", "x" * 10_000, staging=tmp_path / "staging")
    assert list(served.iterdir()) == []


def test_an_error_while_streaming_keeps_the_old_file_and_no_part(tmp_path):
    """The CLI streams its exports through atomic_writer: a failed render changes nothing."""
    path = write_atomic(tmp_path / "out" / "map.png", b"old", staging=tmp_path / "out")
    with pytest.raises(RuntimeError), atomic_writer(path, staging=path.parent) as file:
        file.write(b"half")
        raise RuntimeError("the renderer failed")
    assert path.read_bytes() == b"old" and sorted(p.name for p in path.parent.iterdir()) == ["map.png"]
