"""Presentation mode on a 1920x1080 projector, in Chromium: tables whole and large
(no inner scrollbar, every family and the total row on the page), the filters within
reach on the left edge, the yearly departures' running total. Screenshots of what was
checked are written to a temporary folder (PRESENT_SHOTS names one to keep them)."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_browser import settle, sidebar_tucked  # noqa: E402

from core import labels  # noqa: E402
from serve import CHROMIUM, browser, start_app, stop_app  # noqa: E402, F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]

SHOTS = Path(os.environ.get("PRESENT_SHOTS") or tempfile.mkdtemp(prefix="present-"))


@pytest.fixture(scope="module")
def app():
    proc, url = start_app()
    yield url
    stop_app(proc)


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    p = ctx.new_page()
    p.set_default_timeout(60_000)
    yield p
    ctx.close()


TABLES = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')).map(t => ({
  scroll: t.scrollHeight, client: t.clientHeight, wide: t.scrollWidth, width: t.clientWidth,
  font: parseFloat(getComputedStyle(t.querySelector('td')).fontSize), text: t.innerText}))"""
TUCKED_AGAIN = """() => document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect().right <= 20"""
GRIDS = """() => Array.from(document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]'))
  .filter(e => e.getBoundingClientRect().height > 0).length"""


def test_the_studio_shows_every_table_whole_on_a_projector(app, page):
    needs_tab = urllib.parse.quote(labels.SC_CHART_TABS["needs"])  # the table is under its chart
    page.goto(f"{app}/scenarios?present=1&graphique={needs_tab}")
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stTable"]')
    settle(page, chart=False)
    tables = page.evaluate(TABLES)
    assert tables, "no table in presentation mode"
    assert page.evaluate(GRIDS) == 0  # no scrolling grid: plain tables only
    for t in tables:
        assert t["scroll"] <= t["client"] + 1 and t["wide"] <= t["width"] + 1, "an inner scrollbar"
        assert t["font"] >= 20, "table text too small for a projector"
    needs = next(t["text"] for t in tables if labels.family_label("petite_enfance") in t["text"])
    for family in ("petite_enfance", "moteurs_changement", "TOTAL"):
        assert labels.family_label(family) in needs
    table = page.locator('[data-testid="stTable"]').first
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box["height"] <= 1080 and box["x"] >= 0 and box["x"] + box["width"] <= 1920
    table.screenshot(path=str(SHOTS / "besoins.png"))


def test_filters_are_within_reach_and_departures_have_a_running_total(app, page):
    page.goto(f"{app}/ages?present=1")
    settle(page)
    assert sidebar_tucked(page)
    running = page.get_by_text(re.compile(r"^Départs \d{4}–\d{4} : \d"))
    running.first.wait_for(state="visible")
    page.mouse.move(5, 540)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stSidebar"]').getBoundingClientRect().left >= 0"""
    )
    page.wait_for_timeout(400)
    assert page.get_by_text(labels.SCHEDULE_FILTER).first.is_visible()
    page.screenshot(path=str(SHOTS / "filtres.png"))
    page.mouse.move(1500, 540)
    page.wait_for_function(TUCKED_AGAIN)
