"""In a real browser: the studio calibrates on an imported scope with leavers in one
click, and the ages page explains the back-test's error in a sentence."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from serve import CHROMIUM, browser, save_registers, start_app, stop_app  # noqa: F401 (fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from registers import movement_registers, register_bytes  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]
SCOPE = "mutuelle_durand"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    registers, _ = movement_registers(n=2000, seed=21)
    imports = save_registers(
        tmp_path_factory.mktemp("imports"),
        [(register_bytes(frame), f"registre_{year}.csv", SCOPE, year) for year, frame in registers.items()],
    )
    proc, url = start_app({"RELEVE_IMPORTS": str(imports), "RELEVE_SCENARIOS": str(tmp_path_factory.mktemp("saved"))})
    yield url
    stop_app(proc)


def test_calibrate_button_and_backtest_view(app, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{app}/scenarios?perimetre={SCOPE}")
    button = page.get_by_role("button", name="Calibrer sur les données de ce périmètre")
    button.wait_for(timeout=60_000)
    button.click()
    expect(page.get_by_text("Scénario calibré sur les mouvements observés (2023, 2024).")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Calibré sur les mouvements du périmètre").first).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Probabilités par âge")).to_be_checked(timeout=30_000)
    page.screenshot(path=str(tmp_path / "studio.png"), full_page=False)

    page.goto(f"{app}/ages?perimetre={SCOPE}")
    heading = page.get_by_role("heading", name="La projection face à ce qui s'est passé")
    heading.wait_for(timeout=60_000)
    heading.scroll_into_view_if_needed()
    expect(page.get_by_text("Hors échantillon").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("La projection a").first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("départs à la retraite de").first).to_be_visible(timeout=30_000)
    page.close()
