"""The validator's problems in the reader's language, keeping their line and field.

:mod:`map_layers.events` words each problem in English (the CLI, logs and tests read it so).
Here each English template has its Arabic counterpart; a problem's message is matched against
the English templates (their ``{placeholders}`` capture the quoted values, which stay as the
user wrote them) and said again in the reader's language. A problem that carries a catalogue
``code`` (a whole-file refusal, see ``Problem.code``) is said from the catalogue instead.
A message no template matches stays English: ``tests/unit/test_problem_text.py`` produces every
problem the validator can report and checks that none is left so.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from map_layers.i18n import CATALOGUE, t

# English template (exactly as events.py writes it) -> Arabic. Placeholders match anything.
MESSAGES: dict[str, str] = {
    "is empty; it is required": "فارغ، وهو مطلوب",
    "is {n} characters long; at most {most} allowed": "طوله {n} حرفًا، والحد الأقصى {most}",
    "{value} is not a slug: use lowercase letters, digits, '_' or '-'": (
        "{value} ليس معرّفًا صالحًا: استعمل حروفًا لاتينية صغيرة وأرقامًا و'_' أو '-'"
    ),
    "{end} is before start {start}; expected end >= start": (
        "{end} يسبق تاريخ البداية {start}؛ يجب ألا تسبق النهاية البداية"
    ),
    "{value} is not a kind; expected one of {allowed}": "{value} ليس نوعًا معروفًا؛ المتوقع أحد: {allowed}",
    "{value} is not a side; expected one of {allowed} or empty": (
        "{value} ليس طرفًا معروفًا؛ المتوقع أحد: {allowed} أو خانة فارغة"
    ),
    "{value}; expected one of {allowed} or empty": "{value}؛ المتوقع أحد: {allowed} أو خانة فارغة",
    "{value}; expected one of {allowed}": "{value}؛ المتوقع أحد: {allowed}",
    "{value}; expected 1 (a key moment), 0 or empty": "{value}؛ المتوقع 1 (لحظة حاسمة) أو 0 أو خانة فارغة",
    "{value} is not a whole number; expected digits only, e.g. 71000": (
        "{value} ليس عددًا صحيحًا؛ المتوقع أرقام فقط، مثل 71000"
    ),
    "link scheme {scheme}: only http(s) links are allowed": ("بروتوكول الرابط {scheme}: لا تُقبل إلا روابط http(s)"),
    "{value} is not a date; expected a real Gregorian date YYYY-MM-DD": (
        "{value} ليس تاريخًا؛ المتوقع تاريخ ميلادي حقيقي بالصيغة YYYY-MM-DD"
    ),
    "{value}; expected exactly YYYY-MM-DD": "{value}؛ المتوقع الصيغة YYYY-MM-DD تمامًا",
    "{value} is outside the map's period; expected {first} to {last}": (
        "{value} خارج فترة الخريطة؛ المتوقع من {first} إلى {last}"
    ),
    "{value} is not a number; expected decimal degrees like 41.79": ("{value} ليس عددًا؛ المتوقع درجات عشرية مثل 41.79"),
    "{value} is out of range; expected {low} to {high} decimal degrees": (
        "{value} خارج النطاق؛ المتوقع من {low} إلى {high} درجة عشرية"
    ),
    "{value} is not a date; expected the Old Style date as YYYY-MM-DD": (
        "{value} ليس تاريخًا؛ المتوقع التاريخ بالتقويم القديم بالصيغة YYYY-MM-DD"
    ),
    "{value} does not match start {start}: its Old Style date is {expected}": (
        "{value} لا يوافق تاريخ البداية {start}: تاريخه بالتقويم القديم هو {expected}"
    ),
    "duplicate id {value}, first used on line {first}; ids must be unique": (
        "المعرّف {value} مكرر، استُعمل أولًا في السطر {first}؛ يجب أن يكون كل معرّف فريدًا"
    ),
    "has {n} fields, the header has {m}: check commas and quotes": (
        "فيه {n} خانات، وفي سطر العناوين {m}: تحقق من الفواصل وعلامات الاقتباس"
    ),
    "file holds NUL bytes: expected a UTF-8 text CSV, not a binary file": (
        "في الملف بايتات NUL: المتوقع ملف CSV نصي بترميز UTF-8، لا ملف ثنائي"
    ),
    "not UTF-8 (byte {n}): save the file as UTF-8 CSV and try again": (
        "الترميز ليس UTF-8 (البايت {n}): احفظ الملف بصيغة CSV بترميز UTF-8 وأعد المحاولة"
    ),
    "file is empty: expected a header row and at least one event": (
        "الملف فارغ: المتوقع سطر عناوين وحدث واحد على الأقل"
    ),
    "cannot parse CSV ({reason}); rows from here on were not read": (
        "تعذّر تحليل ملف CSV ({reason})؛ لم تُقرأ الصفوف من هنا فصاعدًا"
    ),
    "no event rows after the header": "لا صفوف أحداث بعد سطر العناوين",
    "cannot parse the header ({reason})": "تعذّر تحليل سطر العناوين ({reason})",
    "header has a single column: the file looks ';'/tab separated, expected commas": (
        "في سطر العناوين عمود واحد: يبدو أن الملف مفصول بـ';' أو بمسافات جدولة، والمتوقع الفاصلة"
    ),
    "missing required column(s); expected {allowed}": "أعمدة مطلوبة ناقصة؛ المتوقع: {allowed}",
    "column appears more than once in the header": "العمود مكرر في سطر العناوين",
    "file is {size} bytes; at most {limit} bytes are accepted": (
        "حجم الملف {size} بايت؛ والحد الأقصى المقبول {limit} بايت"
    ),
    "more than {limit} event rows (stopped at line {line}): split the file": (
        "أكثر من {limit} صف أحداث (توقفت القراءة عند السطر {line}): قسّم الملف"
    ),
    "the header has {n} columns; at most {limit} are accepted": (
        "في سطر العناوين {n} عمودًا؛ والحد الأقصى المقبول {limit}"
    ),
    "cannot read {path}: it is a folder, expected a CSV file": "تعذّرت قراءة {path}: إنه مجلد، والمتوقع ملف CSV",
    "cannot read {path}: not a regular file (a pipe or device?)": (
        "تعذّرت قراءة {path}: ليس ملفًا عاديًا (أهو أنبوب أو جهاز؟)"
    ),
    "cannot read {path}: {reason}": "تعذّرت قراءة {path}: {reason}",
}
WHERE = {
    "en": {"line": "line {line}", "field": "field {field}", "file": "file", "join": ", "},
    "ar": {"line": "السطر {line}", "field": "الحقل {field}", "file": "الملف", "join": "، "},
}


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Templates as regular expressions, the most specific (longest fixed text) first."""

    def fixed(template: str) -> int:
        return len(re.sub(r"{\w+}", "", template))

    out = []
    for english in sorted(MESSAGES, key=fixed, reverse=True):
        parts = re.split(r"{(\w+)}", english)
        pattern = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        out.append((re.compile(f"^{pattern}$", re.DOTALL), english))
    return tuple(out)


def _isolate(text: str) -> str:
    """``text`` between Unicode first-strong isolate marks (FSI … PDI): Latin inside Arabic keeps its order."""
    return f"\u2068{text}\u2069"


def message_text(message: str, lang: str) -> str:
    """One validator message in ``lang`` (unchanged for English or when no template matches)."""
    if lang == "en":
        return message
    for pattern, english in _compiled():
        match = pattern.match(message)
        if match:
            # Values and column names stay as written, isolated so Arabic text does not reorder them.
            return MESSAGES[english].format(**{k: _isolate(v) for k, v in match.groupdict().items()})
    return message


def problem_text(problem: Any, lang: str) -> str:
    """``line N, field F: message`` in ``lang``; a problem with a catalogue ``code`` is said from it."""
    words = WHERE.get(lang, WHERE["en"])
    where = []
    if problem.line is not None:
        where.append(words["line"].format(line=problem.line))
    if problem.field:
        where.append(words["field"].format(field=problem.field if lang == "en" else _isolate(problem.field)))
    code = getattr(problem, "code", None)
    if code in CATALOGUE and lang != "en":
        values = dict(getattr(problem, "values", ()))
        try:
            message = t(code, lang, **values)
        except KeyError:  # the catalogue text wants values this problem does not carry
            message = message_text(problem.message, lang)
    else:
        message = message_text(problem.message, lang)
    return f"{words['join'].join(where) or words['file']}: {message}"
