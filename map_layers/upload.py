"""A teacher's uploaded events CSV: read within the upload budget, and said in the page's language.

Pure (no Streamlit): the app calls :func:`read_upload` once per new file and
:func:`upload_notices` on every rerun (the language may change). A file over a budget of
:mod:`map_layers.limits` gets one error naming the number; rows with problems one warning
whose details list the first problems by line and field, then "… and N more".
"""

from __future__ import annotations

from dataclasses import dataclass

from map_layers.events import COLUMNS, EventTable, read_events
from map_layers.i18n import format_number, t
from map_layers.limits import UPLOAD
from map_layers.problem_text import message_text, problem_text


@dataclass(frozen=True)
class Notice:
    """One message for the page: ``level`` is ``error``, ``warning`` or ``success``.

    ``text`` is in the page's language; ``details`` (may be empty) is the validator's problem
    list, one ``line N, field F: ...`` per line, for a code block. Both contain the file name
    exactly as passed in: escape it for the page before (the app's ``_literal``).
    """

    level: str
    text: str
    details: str = ""


def read_upload(data: bytes) -> EventTable:
    """Validate an uploaded file within :data:`~map_layers.limits.UPLOAD` (milliseconds even for abuse)."""
    return read_events(data, UPLOAD)


def upload_notices(table: EventTable, name: str, lang: str) -> list[Notice]:
    """What to tell the uploader about ``table``, in ``lang``: refusal, skipped rows, rows loaded.

    Parameters
    ----------
    table : EventTable
        From :func:`read_upload`.
    name : str
        The file's name, already escaped for where the text goes.
    lang : str
        ``en`` or ``ar``.
    """
    if table.refusal is not None:
        return [Notice("error", _refusal_text(table, name, lang))]
    notices = []
    file_problems = table.file_problems
    if file_problems:  # unreadable, empty, bad header: about the file, never "rows"
        problem = "; ".join(message_text(p.message, lang) for p in file_problems)
        notices.append(Notice("error", t("upload_unreadable", lang, name=name, problem=problem)))
    if table.skipped_rows:
        notices.append(
            Notice(
                "warning",
                t(
                    "upload_rows_skipped",
                    lang,
                    rows=format_number(table.skipped_rows, lang),
                    count=format_number(table.problem_count or 0, lang),
                    name=name,
                ),
                problem_report(table, lang),
            )
        )
    elif table.problems and not file_problems:  # a parse error that stopped reading, no row skipped
        first = problem_text(table.problems[0], lang)
        notices.append(Notice("warning", t("upload_unreadable", lang, name=name, problem=first)))
    if len(table.events):
        notices.append(
            Notice("success", t("upload_loaded", lang, count=format_number(len(table.events), lang), name=name))
        )
    return notices


def problem_report(table: EventTable, lang: str = "en") -> str:
    """The kept problems, one per line, then "… and N more" if some were only counted."""
    lines = [problem_text(problem, lang) for problem in table.problems if problem not in table.file_problems]
    if table.unreported > 0:
        lines.append(t("problems_more", lang, count=format_number(table.unreported, lang)))
    return "\n".join(lines)


def _refusal_text(table: EventTable, name: str, lang: str) -> str:
    refusal = table.refusal
    assert refusal is not None and refusal.code is not None
    values = dict(refusal.values)
    if refusal.code == "upload_refused_bytes":
        return t(
            refusal.code,
            lang,
            name=name,
            size=format_number(round(values["size"] / 1_000_000, 1), lang),
            bytes=format_number(values["size"], lang),
            mb=format_number(round(values["limit"] / 1_000_000, 1), lang),
            limit=format_number(values["limit"], lang),
        )
    if refusal.code == "upload_refused_columns":
        return t(
            refusal.code,
            lang,
            name=name,
            columns=format_number(values["columns"], lang),
            limit=format_number(values["limit"], lang),
            expected=len(COLUMNS),
        )
    if refusal.code == "upload_refused_rows":
        return t(
            refusal.code,
            lang,
            name=name,
            limit=format_number(values["limit"], lang),
            at_line=format_number(values["at_line"], lang),
        )
    return t("upload_unreadable", lang, name=name, problem=message_text(refusal.message, lang))


def lost_notice(name: str, lang: str) -> Notice:
    """The session's uploaded events are gone (the server restarted): say so, ask for the file again."""
    return Notice("warning", t("upload_lost", lang, name=name))
