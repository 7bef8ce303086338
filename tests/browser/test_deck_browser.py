"""The sidebar's meeting pack in Chromium: one click builds the deck behind a
progress bar and the file downloads by itself."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pptx import Presentation

sys.path.insert(0, str(Path(__file__).parent))

from test_browser import settle  # noqa: E402

from core import labels  # noqa: E402
from serve import CHROMIUM, browser, start_app, stop_app  # noqa: E402, F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]


@pytest.fixture(scope="module")
def app():
    proc, url = start_app()
    yield url
    stop_app(proc)


def test_one_click_builds_with_a_progress_bar_and_downloads(app, browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="fr-FR")
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{app}/familles")
        settle(page)
        with page.expect_download() as info:
            page.get_by_role("button", name=labels.DECK_PREPARE).click()
            page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stProgress"]')
        download = info.value
        assert download.suggested_filename.startswith("releve-presentation-branche-")
        prs = Presentation(io.BytesIO(Path(download.path()).read_bytes()))
        assert prs.slides[0].shapes.title.text_frame.text == labels.DECK_TITLE
        assert any(sh.has_chart for s in prs.slides for sh in s.shapes)  # native charts
        # the file stays at hand for a second download
        assert page.get_by_role("button", name=labels.DECK_BUTTON).is_visible()
    finally:
        ctx.close()
