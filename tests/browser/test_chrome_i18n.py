"""Streamlit's connection-error dialog reads in Arabic on the Arabic page (js/chrome_i18n.js).

The dialog's markup is Streamlit 1.67's, captured from a real page whose server was stopped
(data-testid stDialog, an h2 title, a div body). The script is loaded first, the dialog
appears afterwards, as it does when the connection drops.
"""

from __future__ import annotations

import pytest

from map_layers.chrome import chrome_script

pytestmark = pytest.mark.browser

DIALOG = """
<div data-testid="stDialog" class="stDialog"><div><section role="dialog">
<button aria-label="Close" type="button"><svg></svg></button>
<h2 slot="title">Connection error</h2>
<div><div>Streamlit server is not responding. Are you connected to the internet?</div></div>
</section></div></div>
"""


def _page(browser, lang: str):
    page = browser.new_page()
    page.set_content("<html><body><div id='root'></div></body></html>")
    page.add_script_tag(content=chrome_script(lang))
    page.evaluate("html => document.getElementById('root').insertAdjacentHTML('beforeend', html)", DIALOG)
    return page


def test_the_dialog_is_translated_when_it_appears(browser):
    page = _page(browser, "ar")
    title = page.locator("[data-testid=stDialog] h2")
    page.wait_for_function("() => document.querySelector('[data-testid=stDialog] h2').textContent === 'خطأ في الاتصال'")
    assert title.get_attribute("dir") == "rtl"
    assert "الخادم لا يستجيب" in page.locator("[data-testid=stDialog] section").inner_text()
    page.close()


def test_english_page_keeps_streamlit_text_and_a_language_switch_updates_the_table(browser):
    page = _page(browser, "en")
    page.wait_for_function("() => window.__rjwChromeI18n !== undefined")
    assert page.locator("[data-testid=stDialog] h2").inner_text() == "Connection error"
    page.add_script_tag(content=chrome_script("ar"))  # the language changed: run again
    page.wait_for_function("() => document.querySelector('[data-testid=stDialog] h2').textContent === 'خطأ في الاتصال'")
    page.close()
