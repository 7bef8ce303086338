"""A real browser opens a share link and downloads the flows CSV: the link must
show exactly its scenario, and the file must be the engine's flows for it."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from test_browser import settle

import gpec
from etl import catalog
from serve import CHROMIUM, browser, start_app, stop_app  # noqa: F401 (fixture)
from studio import link

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    proc, url = start_app({"RELEVE_SCENARIOS": str(tmp_path_factory.mktemp("saved"))})
    yield url
    stop_app(proc)


def open_tab(page, name: str) -> None:
    """Click a tab and wait for the page's rerun to draw it (only the open tab is drawn)."""
    from playwright.sync_api import expect

    tab = page.get_by_role("tab", name=name)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true", timeout=30_000)
    settle(page, chart=False)


def test_share_link_opens_its_scenario_and_the_flows_csv_is_the_engines(app, browser):
    from playwright.sync_api import expect

    scenario = gpec.presets()["Mobilité gestion vers relation adhérents"].to_dict()
    scenario = {**scenario, "name": "Lien partagé", "replacement_rate": {"default": 0.8, "by_family": {"si": 1.2}}}
    scenario = gpec.Scenario.from_dict(scenario).to_dict()
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.goto(f"{app}/scenarios?scenario={link.encode(scenario)}")
    page.get_by_role("heading", name="Résultats : Lien partagé").wait_for(timeout=60_000)
    expect(page.get_by_label("Nom du scénario")).to_have_value("Lien partagé", timeout=30_000)

    open_tab(page, "Exporter les résultats")
    button = page.get_by_role("button", name="Flux annuels (CSV)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "lien-partage-flows.csv"
    got = pd.read_csv(io.BytesIO(Path(download.path()).read_bytes()))
    assert list(got.columns) == [
        "year",
        "family",
        "headcount_start",
        "retirements",
        "other_exits",
        "moves_out",
        "moves_in",
        "external_hires",
        "headcount_end",
    ]
    expected = gpec.project(catalog.default_population(), scenario).flows
    pd.testing.assert_frame_equal(got, expected.round(6), check_dtype=False, atol=1e-9, rtol=0)
    # the address bar still carries the same scenario
    token = page.url.split("scenario=", 1)[1].split("&", 1)[0]
    assert link.decode(token) == scenario
    page.close()


HOSTILE_NAME = (
    "[cliquez ici](http://evil.example/x) ![x](http://evil.example/track.png) :red[alerte] **gras** <b>html</b> $x^2$"
)
HOSTILE_DESCRIPTION = (
    '<a href="http://evil.example/a">lien</a> :smile: :streamlit: http://evil.example/nu nom@evil.example'
)
# Every link and picture on the page, HTML or SVG (plotly's legends), with its address.
LINKS_AND_PICTURES = """() => [...document.querySelectorAll('a, img, image')].map(e => [e.tagName.toLowerCase(),
    e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('xlink:href') || ''])"""


def test_a_hostile_scenario_name_is_shown_as_text(app, browser):
    """Saved, pinned and shown in the header, the sidebar, the list of saved scenarios
    and the comparison chart, a name made of Markdown and HTML stays those characters."""
    import re

    from playwright.sync_api import expect

    reference = gpec.presets()["Référence"].to_dict()
    scenario = gpec.Scenario.from_dict(
        {**reference, "name": HOSTILE_NAME, "description": HOSTILE_DESCRIPTION, "monte_carlo": {"draws": 20, "seed": 1}}
    ).to_dict()  # a band: a legend
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(f"{app}/scenarios?scenario={link.encode(scenario)}")
    heading = page.get_by_role("heading", name=re.compile("^Résultats"))
    heading.wait_for(timeout=60_000)

    def text(locator) -> str:
        return locator.inner_text().replace("\u2060", "")  # the escaping's invisible word joiners

    open_tab(page, "Enregistrer et partager")
    page.get_by_role("button", name=re.compile("^Enregistrer «")).click()
    page.get_by_text(re.compile("^Scénario « .* » enregistré")).wait_for(timeout=30_000)
    saved = page.locator('[data-testid="stMarkdownContainer"]', has_text="cliquez ici").filter(has_text="lien")
    assert HOSTILE_DESCRIPTION in text(saved.first)
    open_tab(page, "Comparer des scénarios")
    page.get_by_role("button", name="Épingler ce scénario").click()
    expect(page.get_by_role("button", name=re.compile("^Retirer «"))).to_be_visible(timeout=30_000)
    legend_texts = "() => [...document.querySelectorAll('.js-plotly-plot .legendtext')].map(t => t.textContent)"
    # the comparison chart comes after the pin button: wait for its legend, not any chart's
    page.wait_for_function(f"n => ({legend_texts})().includes(n)", arg=HOSTILE_NAME, timeout=30_000)

    assert text(heading) == f"Résultats : {HOSTILE_NAME}"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert f"«\u00a0{HOSTILE_NAME}\u00a0»" in text(sidebar)
    legends = page.evaluate(legend_texts)
    assert HOSTILE_NAME in legends, legends

    found = page.evaluate(LINKS_AND_PICTURES)
    assert not [f for f in found if "evil.example" in f[1] and not f[1].startswith("#")], found
    assert page.locator(".katex, .stMarkdownColoredText, .stMarkdownBadge").filter(has_text="alerte").count() == 0
    assert page.locator(".katex").count() == 0
    assert page.locator("strong, b, em").filter(has_text=re.compile("^(gras|html)$")).count() == 0
    assert page.locator('[role="img"]').filter(has_text="😄").count() == 0  # no emoji for :smile:
    page.close()
