"""JSON for inside a ``<script>`` element of a page we generate.

One home for the escaping that both the live map (folium elements) and the standalone HTML
export need, so that no data can end the script, confuse the HTML parser, or, on the live
map, open a Jinja tag (branca compiles rendered element output as a template).
"""

from __future__ import annotations

import json
import re
from typing import Any

# Characters that could end the script element or read as HTML, and line separators that
# older JavaScript engines reject inside string literals.
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_RISKY = re.compile("[<>&'\u2028\u2029]")
# A "{" that would open a Jinja tag: "{{", "{%" or "{#". Structural JSON never has these, so
# every match is inside a string, where "\\u007b" reads back as "{".
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def script_json(value: Any) -> str:
    """``value`` as compact JSON that is safe inside ``<script>`` and inside a Jinja template.

    NaN and infinities are refused (``ValueError``): JavaScript's JSON has no such values.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _RISKY.sub(lambda match: _ESCAPES[match.group()], text)
    return _JINJA_OPENER.sub(r"\\u007b", text)
