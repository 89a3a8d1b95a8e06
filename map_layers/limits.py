"""Every budget of the app in one place: what one user's upload or export may cost the server.

The server is one process shared by a class. Each limit here is checked before the costly
work it guards (a read, a parse, a render), so an abusive input is refused in milliseconds
with one message that states the number, instead of holding a core or the session's memory.

Two reading budgets: :data:`UPLOAD` for bytes that arrive from a browser session, and
:data:`DATA_FILE` for files on the server's own disk (the shipped ``events.csv``, the CLI's
arguments), which an operator controls and may legitimately make larger (10,000-event
benchmarks). Both are bounded: even a local ``/dev/zero`` is refused, not read.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    """How much of a CSV the reader will look at before refusing the file as a whole.

    Attributes
    ----------
    bytes : int
        Size of the file. Checked before decoding (and, for paths, before reading more).
    rows : int
        Event rows after the header. Reading stops at the first row over the limit.
    columns : int
        Header fields. Checked on the header alone, before any row is parsed.
    field_chars : int
        Characters of any one field; a longer field is that row's problem (line and field named).
    reported : int
        Problems kept with their text; the rest are only counted ("… and N more").
    """

    bytes: int
    rows: int
    columns: int
    field_chars: int
    reported: int

    @property
    def megabytes(self) -> float:
        """The byte limit in MB as people (and Streamlit's file chip) count them: 10^6 bytes."""
        return self.bytes / 1_000_000


# An uploaded events CSV. 5 MB is what the uploader states ("CSV, up to 5 MB") and what the
# reader enforces: one number, counted in bytes. 2,000 events is 15 times the shipped data;
# the live map's messages for that many events stay far below server.maxMessageSize (50 MB in
# .streamlit/config.toml; 40,000 events made 50.2 MB, so ~1.3 KB per event: 2,000 are ~2.5 MB).
# A file with more rows is refused, not truncated: a map that silently drops a teacher's rows
# would mislead the class; the message says to split the file.
UPLOAD = Budget(bytes=5_000_000, rows=2_000, columns=64, field_chars=4_000, reported=100)

# Files on the server's own disk (shipped events.csv, the CLI, benchmarks' generated data).
DATA_FILE = Budget(bytes=50_000_000, rows=100_000, columns=64, field_chars=4_000, reported=1_000)

# Animation exports from the app: longer ones would hold a worker for minutes (239 frames took
# 55 s alone on the 2-core review machine). The CLI allows more (map_layers.export.MAX_FRAMES).
MAX_APP_FRAMES = 240

# Background jobs (map_layers.export.jobs): at most this many at once per server, one per session.
MAX_JOBS = 2
# A job that has not finished after this long is killed and reported (the longest allowed
# animation took 155 s with three running at once on 2 cores).
JOB_TIMEOUT_S = 600.0
# A finished job's bytes are dropped if nobody collects them within this time.
JOB_RESULT_TTL_S = 600.0
# Largest result a job may hand back (a 240-frame GIF of the whole theatre is ~15-25 MB).
MAX_JOB_RESULT_BYTES = 100_000_000
