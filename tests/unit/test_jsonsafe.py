"""JSON inside our generated scripts: round-trips, and no data can end a script or open a Jinja tag."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from map_layers.jsonsafe import script_json

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_any_value_reads_back_and_hides_script_and_template_syntax(value):
    text = script_json(value)
    assert json.loads(text) == value
    for risky in ("<", ">", "&", "'", "{{", "{%", "{#", "\u2028", "\u2029"):
        assert risky not in text


def test_nan_is_refused():
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})
