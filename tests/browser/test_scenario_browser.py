"""A real browser opens a share link and downloads the flows CSV: the link must
show exactly its scenario, and the file must be the engine's flows for it."""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

import catalog
import gpec
from studio import link
from serve import CHROMIUM, browser, start_app, stop_app  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    proc, url = start_app({"RELEVE_SCENARIOS": str(tmp_path_factory.mktemp("saved"))})
    yield url
    stop_app(proc)


def test_share_link_opens_its_scenario_and_the_flows_csv_is_the_engines(app, browser):
    from playwright.sync_api import expect

    scenario = gpec.presets()["Mobilité gestion vers relation adhérents"].to_dict()
    scenario = {**scenario, "name": "Lien partagé", "replacement_rate": {"default": 0.8, "by_family": {"si": 1.2}}}
    scenario = gpec.Scenario.from_dict(scenario).to_dict()
    page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page.goto(f"{app}/scenarios?scenario={link.encode(scenario)}")
    page.get_by_role("heading", name="Résultats : Lien partagé").wait_for(timeout=60_000)
    expect(page.get_by_label("Nom du scénario")).to_have_value("Lien partagé", timeout=30_000)

    button = page.get_by_role("button", name="Flux annuels (CSV)")
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "lien-partage-flows.csv"
    got = pd.read_csv(io.BytesIO(Path(download.path()).read_bytes()))
    assert list(got.columns) == ["year", "family", "headcount_start", "retirements", "other_exits", "moves_out",
                                 "moves_in", "external_hires", "headcount_end"]
    expected = gpec.project(catalog.default_population(), scenario).flows
    pd.testing.assert_frame_equal(got, expected.round(6), check_dtype=False, atol=1e-9, rtol=0)
    # the address bar still carries the same scenario
    token = page.url.split("scenario=", 1)[1].split("&", 1)[0]
    assert link.decode(token) == scenario
    page.close()
