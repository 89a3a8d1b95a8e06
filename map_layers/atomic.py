"""Write a file so that readers see the old file or the whole new one, never a part of it.

Files under ``static/`` are served to browsers as soon as they exist. Writing there
directly (or to a ``*.tmp`` beside them) lets a full disk or a crash leave a partial file
that is then served. Here the bytes go to a staging folder outside the served tree, on the
same file system, are flushed to disk, and only then renamed into place (``os.replace`` is
atomic on POSIX). On failure the staged file is removed and the error raised.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from map_layers.paths import STAGING_DIR


def write_atomic(path: Path, data: bytes | str, *, staging: Path | None = None) -> Path:
    """Write ``data`` to ``path`` atomically, staging it in ``staging`` (same file system).

    Parameters
    ----------
    path : Path
        The final file; its folder is created if needed.
    data : bytes or str
        The content (text is written as UTF-8).
    staging : Path, optional
        A folder outside anything served, on the same file system as ``path``. Default:
        ``STAGING_DIR`` (``.staging/`` at the repo root) when it is on the same file system,
        else ``.staging/`` beside ``path``'s folder (tests writing under /tmp).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        Disk full, no rights, or ``staging`` on another file system (nothing is left behind).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, staging=staging) as file:
        file.write(payload)
    return path


@contextmanager
def atomic_writer(path: Path, *, staging: Path | None = None) -> Iterator[BinaryIO]:
    """A binary file to write that replaces ``path`` whole when the block ends without error.

    The bytes go to a hidden ``*.partial`` file in ``staging`` (default as for
    :func:`write_atomic`), are flushed to disk, then renamed over ``path``. An error in the
    block or in the write removes the staged file, leaves ``path`` as it was, and is raised.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if staging is None:
        staging = _staging_for(path.parent)
    staging.mkdir(parents=True, exist_ok=True)
    handle, staged = tempfile.mkstemp(dir=staging, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(staged, 0o644)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


def _staging_for(folder: Path) -> Path:
    try:
        STAGING_DIR.mkdir(parents=True, exist_ok=True)
        if STAGING_DIR.stat().st_dev == folder.stat().st_dev:
            return STAGING_DIR
    except OSError:
        pass
    return folder.parent / ".staging"


def content_name(stem: str, suffix: str, data: bytes | str) -> str:
    """``stem-<16 hex digits of the content's SHA-256><suffix>``: a new content is a new name.

    Browsers may then cache a published file forever, and every replica that publishes the
    same content agrees on its URL.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return f"{stem}-{hashlib.sha256(payload).hexdigest()[:16]}{suffix}"


def publish(directory: Path, stem: str, suffix: str, data: bytes | str, *, staging: Path | None = None) -> Path:
    """Write ``data`` once under its :func:`content_name` in ``directory``, atomically; return the path.

    A file already there has that very content, so it is left as it is (no rewrite, same
    modification time). The bytes are staged outside ``directory`` (see :func:`write_atomic`).
    """
    path = directory / content_name(stem, suffix, data)
    if not path.exists():
        write_atomic(path, data, staging=staging)
    return path
