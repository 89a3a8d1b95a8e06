"""Process trees, memory and CPU time from /proc, for the benchmarks (Linux only)."""

from __future__ import annotations

import os


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def tree(pids: list[int]) -> list[int]:
    """The pids and all their descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat_fields(int(entry))) is not None:
            children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], list(pids)
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def status_field(pid: int, name: str) -> int:
    """An integer field of /proc/PID/status ("VmRSS" in KiB, "Threads"), 0 if the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(f"{name}:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pids: list[int]) -> int:
    """Resident memory of the pids and their descendants, in KiB."""
    return sum(status_field(p, "VmRSS") for p in tree(pids))


def cpu_ticks(pids: list[int], *, waited_children: bool = False) -> int:
    """CPU time (utime + stime, plus cutime + cstime if asked) of the pids and their descendants, in ticks."""
    last = 15 if waited_children else 13
    total = 0
    for pid in tree(pids):
        fields = _stat_fields(pid)
        if fields is not None:
            total += sum(int(x) for x in fields[11:last])
    return total
