"""The bar above the map: title, language, presenter view (layers are chosen in the map's legend)."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TypeVar

import streamlit as st

from map_layers.app import session
from map_layers.i18n import direction, t

T = TypeVar("T")
LANGUAGE_NAMES = {"en": "English", "ar": "العربية"}


def _on_language() -> None:
    session.update(lang=st.session_state.lang)


def _on_presenter() -> None:
    session.update(presenter=bool(st.session_state.presenter))


def toolbar(lang: str, presenter: bool, extra: Callable[[], T]) -> T | None:
    """Title on one line with the page's switches, and ``extra`` (pop-overs) unless presenting.

    Returns what ``extra`` returned (None when presenting).
    """
    with st.container(horizontal=True, vertical_alignment="center", key="rjw-toolbar", gap="small"):
        title = escape(t("app_title", lang))
        st.markdown(
            f"<div class='rjw-title' role='heading' aria-level='1' dir='{direction(lang)}'>{title}</div>",
            unsafe_allow_html=True,
            width="content",
        )
        st.segmented_control(
            t("language", lang),
            ("en", "ar"),
            format_func=LANGUAGE_NAMES.__getitem__,
            key="lang",
            required=True,
            on_change=_on_language,
            label_visibility="collapsed",
        )
        made = None if presenter else extra()
        st.toggle(t("presenter_mode", lang), key="presenter", help=t("presenter_help", lang), on_change=_on_presenter)
    return made
