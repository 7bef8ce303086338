"""A real browser opens a share link and downloads the flows CSV: the link must
show exactly its scenario, and the file must be the engine's flows for it."""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import catalog
import gpec
from studio import link

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no system Chromium")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    port = free_port()
    env = {**os.environ, "RELEVE_SCENARIOS": str(tmp_path_factory.mktemp("saved"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    pytest.fail("the app did not start")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


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
