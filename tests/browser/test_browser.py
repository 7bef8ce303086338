"""The dashboard in a real Chromium: every page opens without an error box, a CSV
download holds the drawn figures in the chosen dialect, presentation mode hides the
sidebar and survives page changes, and a deep link opened first after a server start
still runs inside the frame."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pandas as pd
import pytest

from core import exports, labels, pages
from serve import CHROMIUM, browser, start_app, stop_app  # noqa: F401 (fixture)

ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]


@pytest.fixture(scope="module")
def app():
    proc, url = start_app()
    yield url
    stop_app(proc)


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="fr-FR")
    p = ctx.new_page()
    p.set_default_timeout(30_000)
    yield p
    ctx.close()


# Presentation mode tucks the sidebar away as a thin bar on the left edge (its filters
# slide over the page on hover): at most its 14-pixel edge is on screen.
TUCKED = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
  return !!s && s.getBoundingClientRect().right <= 20; }"""


def sidebar_tucked(page) -> bool:
    return page.evaluate(TUCKED)


def settle(page, chart: bool = True) -> None:
    """Wait until the page has a title (and a chart), and Streamlit has stopped running
    for a moment."""
    page.wait_for_selector("h1", state="attached")
    if chart:
        page.wait_for_selector(".js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stTable']")
    quiet = None
    end = time.time() + 30
    while time.time() < end:
        if page.locator('[data-testid="stStatusWidget"]').count():
            quiet = None
        else:
            quiet = quiet or time.time()
            if time.time() - quiet > 0.5:
                return
        time.sleep(0.1)


def test_deep_link_opened_first_runs_inside_the_frame(app, page):
    """The first visitor after the start (this test comes first in the module) lands
    on /familles?present=1: the frame must run (presentation mode on, French
    navigation). Page scripts live in views/, which Streamlit does not scan by itself,
    so no bare page script and no navigation of file names can run before the frame."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(app + "/familles?present=1")
    settle(page)
    assert page.locator("h1").first.inner_text() == labels.PAGE_TITLES["familles"]
    assert sidebar_tucked(page)
    assert page.locator('[data-testid="stPageLink"]').count() == 2
    assert page.locator(ERROR_BOXES).count() == 0
    # web.py told the browser where the server is: one probe, at the root (Streamlit's
    # own page first tried /familles/_stcore/health, then the root 100 ms later)
    assert [u for u in requests if u.endswith("/_stcore/health")] == [app + "/_stcore/health"]
    # nothing asked of anyone but the server (the page icon came from fonts.gstatic.com)
    assert [u for u in requests if not u.startswith((app + "/", "data:", "blob:"))] == []


# The navigation's chart pages, from the one page registry (the studio and the import
# page have their own browser tests).
PAGES = {p.nav_title: p.key for p in pages.PAGES if p.key not in ("scenarios", "import")}


def test_every_page_opens_without_error_box(app, page):
    """Through the sidebar navigation, as a user would: each page shows its title, its
    first chart (or table) and no error box."""
    page.goto(app + "/")
    settle(page)
    nav = page.locator('[data-testid="stSidebarNav"] a')
    assert "Familles et métiers" in " ".join(nav.all_inner_texts())  # the frame's navigation, not file names
    for link_text, name in PAGES.items():
        nav.filter(has_text=link_text).first.click()
        page.wait_for_function(
            "t => document.querySelector('h1') && document.querySelector('h1').innerText === t",
            arg=labels.PAGE_TITLES[name],
        )
        settle(page)
        assert page.locator(ERROR_BOXES).count() == 0, name
        if name != "donnees":
            assert page.locator(".js-plotly-plot").count() >= 1, name


def _download(page, button_text: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:  # a loaded machine: the file is built on click
        page.get_by_role("button", name=button_text).first.click()
    return Path(info.value.path()).read_bytes()


def test_csv_download_holds_the_drawn_figures_in_both_dialects(app, page):
    page.goto(f"{app}/familles?perimetre=assurance_sante")
    settle(page)
    raw = _download(page, f"{labels.DOWNLOAD_CSV} · {labels.EXPORT_DIALECTS['standard']}")
    df = pd.read_csv(io.BytesIO(raw))
    assert dict(zip(df["family"], df["headcount"])) == {
        "gestion": 36950,
        "commercial": 18475,
        "support": 14780,
        "autres": 3695,
    }
    assert set(df["qualifier"]) == {"at_least", "exact", "at_most"} and set(df["ref_year"]) == {2009}

    page.get_by_text(labels.EXPORT_DIALECTS["excel-fr"]).click()
    settle(page)
    raw = _download(page, f"{labels.DOWNLOAD_CSV} · {labels.EXPORT_DIALECTS['excel-fr']}")
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[1]
    fr = exports.read_people_csv(raw)  # for people: the selection first, French headers and labels
    assert fr["Effectif"].sum() == 36950 + 18475 + 14780 + 3695
    assert labels.family_label("gestion") in set(fr["Famille"])


def test_presentation_mode_hides_the_sidebar_and_survives_page_changes(app, page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{app}/ages?present=1")
    settle(page)
    assert sidebar_tucked(page)
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert page.locator(".js-plotly-plot").first.is_visible()
    assert page.get_by_role("button", name=labels.DOWNLOAD_CSV).count() == 0
    page.get_by_text(labels.PRESENT_NEXT).click()
    page.wait_for_url("**/livre3?present=1")
    settle(page)
    assert page.locator("h1").first.inner_text() == labels.PAGE_TITLES["livre3"]
    assert sidebar_tucked(page)


def test_sidebar_toggle_enters_and_leaves_presentation_mode(app, page):
    page.goto(f"{app}/livre3")
    settle(page)
    page.get_by_text(labels.PRESENT_TOGGLE).click()
    page.wait_for_url("**present=1")
    page.mouse.move(1200, 450)  # the pointer leaves the sidebar, which tucks itself away
    page.wait_for_function(TUCKED)
    page.get_by_role("button", name=labels.PRESENT_EXIT).click()
    page.wait_for_function("() => !location.search.includes('present')")
    page.wait_for_function(f"() => !({TUCKED})()")  # the sidebar back in its place
    assert "present" not in page.url
