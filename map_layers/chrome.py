"""Streamlit's own English chrome (the "Connection error" dialog) in the page's language.

Streamlit 1.67 has no setting, theme option or API for the text of its connection-error
dialog: the strings are compiled into its frontend bundle. What works is a script in the page
(``js/chrome_i18n.js``) that replaces the known texts when Streamlit shows them, and keeps
working while the server is away, which is when the dialog appears. The app's bridge component
appends :func:`chrome_source` to its module and calls ``rjwChromeI18n(data.chrome, data.dir)``
with :func:`chrome_strings` and the page's direction on every update.
"""

from __future__ import annotations

from map_layers.i18n import direction, t
from map_layers.jsonsafe import script_json
from map_layers.paths import JS_DIR

# Streamlit's English texts (streamlit/static/static/js/index.*.js, 1.67.0) -> our catalogue keys.
STREAMLIT_TEXTS = {
    "Connection error": "st_connection_error",
    "Streamlit server is not responding. Are you connected to the internet?": "st_server_not_responding",
    "Is Streamlit still running? If you accidentally stopped Streamlit, just restart it in your terminal:": (
        "st_server_stopped"
    ),
    "Close": "st_close",
    "Try again": "st_try_again",
}


def chrome_strings(lang: str) -> dict[str, str]:
    """Streamlit's English text -> the ``lang`` text (empty for English: nothing to replace)."""
    if lang == "en":
        return {}
    return {english: t(key, lang) for english, key in STREAMLIT_TEXTS.items()}


def chrome_source() -> str:
    """The JavaScript that defines ``rjwChromeI18n(strings, direction)`` (for a component's module)."""
    return (JS_DIR / "chrome_i18n.js").read_text(encoding="utf-8")


def chrome_script(lang: str) -> str:
    """A script that translates Streamlit's dialogs into ``lang`` (safe to run again)."""
    return f"{chrome_source()}\nrjwChromeI18n({script_json(chrome_strings(lang))}, {script_json(direction(lang))});\n"
