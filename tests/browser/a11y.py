"""Accessibility checks for the browser tests: an axe-core audit and a scan for English words.

axe-core (vendored under ``vendor/axe-core``, MPL-2.0) runs inside the page or frame under test;
we keep its *serious* and *critical* violations, the ones WCAG 2 A/AA conformance cannot live with.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from map_layers.i18n import CATALOGUE, PLURALS

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SEVERE = ("serious", "critical")

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false,
                                          resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}));
}"""


def audit(page_or_frame: Any, tags: tuple[str, ...] = ("wcag2a", "wcag2aa")) -> list[dict[str, Any]]:
    """The serious and critical axe violations of a Playwright page or frame (iframes audited apart).

    Each violation is ``{id, impact, help, nodes: [{target, summary}]}``: enough for a failing
    assertion to say what is wrong and where.
    """
    if not page_or_frame.evaluate("() => typeof window.axe !== 'undefined'"):
        page_or_frame.add_script_tag(path=str(AXE))
    violations = page_or_frame.evaluate(_RUN, list(tags))
    return [v for v in violations if v["impact"] in SEVERE]


def describe(violations: list[dict[str, Any]]) -> str:
    """A short readable list of violations for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']} {v['id']}: {v['help']}")
        lines += [f"    {n['target']}: {n['summary'][:200]}" for n in v["nodes"][:5]]
    return "\n".join(lines)


# Words that may stay Latin in an Arabic page: file formats, the language switch, keyboard keys,
# proper names of sources and software credited on the page.
ALLOWED = {
    "png", "svg", "pdf", "gif", "mp4", "csv", "geojson", "html", "json", "utf", "http", "https",
    "english", "shift", "pagedown", "pageup", "esc", "escape", "home", "end", "space",
    "natural", "earth", "leaflet", "openstreetmap", "streamlit", "vega", "lite", "meiji",
}  # fmt: skip
# Streamlit's and Leaflet's own English, as they print it.
FOREIGN_UI = {
    "upload", "browse", "files", "drag", "drop", "skip", "main", "content", "connection", "error",
    "zoom", "full", "screen", "exit", "km", "mi", "decrement", "increment", "choose", "selected",
    "date", "year", "month", "day", "help", "menu", "running", "stop", "rerun", "connecting",
    "show", "data", "download", "copy", "fullscreen", "close", "file", "limit", "per", "remove", "add",
    "icon", "kb", "mb", "bytes", "byte", "press", "enter", "apply", "clear", "settings", "print",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
}  # fmt: skip


def _words(text: str) -> set[str]:
    """Latin words of ``text``, less placeholders and isolated quotations (FSI … PDI: data as written)."""
    text = re.sub(r"{\w+}|\u2068[^\u2069]*\u2069", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]{2,}", text)}


def ui_english_words() -> set[str]:
    """The English words of the UI: the catalogue's English, less what its Arabic also writes."""
    english, arabic = set(), set()
    for entry in CATALOGUE.values():
        english |= _words(entry["en"])
        arabic |= _words(entry["ar"])
    for forms in PLURALS.values():
        english |= set().union(*(_words(text) for text in forms["en"].values()))
        arabic |= set().union(*(_words(text) for text in forms["ar"].values()))
    return (english - arabic | FOREIGN_UI) - ALLOWED


_TEXTS = """() => {
  const out = [document.title];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, noscript, [aria-hidden="true"], .rjw-source, bdi') || !visible(el)) continue;
    if (n.nodeValue.trim()) out.push(n.nodeValue.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [aria-valuetext]')) {
    if (el.closest('[aria-hidden="true"]')) continue;
    for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext']) {
      const v = el.getAttribute(a); if (v) out.push(v);
    }
  }
  return out;
}"""


def english_left(page_or_frame: Any, words: set[str] | None = None) -> dict[str, list[str]]:
    """UI English words found in what a reader sees or hears (text, names, descriptions) -> texts.

    Skipped: hidden elements, ``aria-hidden`` parts, citations (``.rjw-source``) and isolated
    quotations (``<bdi>``, or FSI … PDI marks: a CSV's values and column names), which keep
    their original language.
    """
    words = ui_english_words() if words is None else words
    found: dict[str, list[str]] = {}
    for text in page_or_frame.evaluate(_TEXTS):
        for word in _words(text) & words:
            found.setdefault(word, []).append(text[:120])
    return found


def english_left_once_relabelled(page_or_frame: Any, timeout_s: float = 10.0) -> dict[str, list[str]]:
    """:func:`english_left` once the page has had time to relabel what it just rendered.

    The relabeller (map_layers/app/localise.js) works one animation frame after Streamlit renders,
    and opening or closing the export pop-over reruns the page: poll until no English is left or
    the time is up, and return what is left then.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        found = english_left(page_or_frame)
        if not found or time.monotonic() > deadline:
            return found
        page_or_frame.wait_for_timeout(100)  # the next poll: a condition, not a fixed wait
