"""Browser tier: a real ``streamlit run app.py`` on a free port, driven by headless Chromium.

Every request that does not go to this machine is blocked and recorded, so a test
can assert that the page works offline and that nothing tried to leave. The server and
the page live in :mod:`tests.browser.harness`, shared with ``benchmarks/``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.harness import (  # re-exported: tests import StreamlitServer from here
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_HOSTS,
    ROOT,
    OfflinePage,
    StreamlitServer,
    free_port,
    launch_chromium,
    wait_until_healthy,
)

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "LOCAL_HOSTS",
    "ROOT",
    "OfflinePage",
    "StreamlitServer",
    "free_port",
    "map_frame",
    "wait_for_map_date",
    "wait_until_healthy",
]


@pytest.fixture(scope="session")
def app_server() -> Iterator[StreamlitServer]:
    server = StreamlitServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser) -> Iterator[OfflinePage]:
    page = OfflinePage(browser)
    yield page
    page.close()


MAP_FRAME = "iframe.rjw-map-frame"


def map_frame(page):
    """The map's iframe (the player document), once its map shows a day."""
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("[data-map-date]").first.wait_for(timeout=60_000)
    return frame


def player(page):
    """The map's document as a Frame, for asking ``window.RJWPlayer``."""
    page.wait_for_function(
        "(s) => { const f = document.querySelector(s); return f && f.contentWindow && f.contentWindow.RJWPlayer; }",
        arg=MAP_FRAME,
        timeout=60_000,
    )
    return page.query_selector(MAP_FRAME).content_frame()


def wait_for_map_date(frame, day: str, timeout: float = 30_000) -> None:
    frame.locator(f"[data-map-date='{day}']").first.wait_for(timeout=timeout)
