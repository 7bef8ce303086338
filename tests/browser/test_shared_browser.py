"""Shared mode (RELEVE_SHARED=1) in two real browser contexts: visitor A imports a
register and saves a scenario; visitor B never sees, lists or reaches either, and
nothing of A's is written to disk."""

from __future__ import annotations

import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from core import labels
from serve import CHROMIUM, browser, start_app, stop_app  # noqa: F401 (fixture)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from registers import register_csv  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium")]
SCOPE, NAME, PLAN = "mutuelle_exemple", "Mutuelle Exemple", "Plan confidentiel A"


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared")
    env = {"RELEVE_SHARED": "1", "RELEVE_IMPORTS": str(root / "imports"), "RELEVE_SCENARIOS": str(root / "scenarios")}
    proc, url = start_app(env)
    yield url, root
    stop_app(proc)


def visitor(browser):
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True, locale="fr-FR")
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    return ctx, page


def idle(page) -> None:
    page.wait_for_selector("h1", state="attached")
    quiet, end = None, time.time() + 60
    while time.time() < end:
        if page.locator('[data-testid="stStatusWidget"]').count():
            quiet = None
        else:
            quiet = quiet or time.time()
            if time.time() - quiet > 0.8:
                return
        time.sleep(0.1)


def test_visitor_b_never_sees_visitor_a(shared, browser):
    url, root = shared
    ctx_a, a = visitor(browser)
    ctx_b, b = visitor(browser)
    try:
        a.goto(f"{url}/import")
        idle(a)
        a.locator('input[type="file"]').first.set_input_files(
            files=[{"name": "registre_2025.csv", "mimeType": "text/csv", "buffer": register_csv()}]
        )
        idle(a)
        a.get_by_role("textbox", name=labels.IMP_DISPLAY_NAME).fill(NAME)
        a.get_by_role("textbox", name=labels.IMP_DISPLAY_NAME).press("Enter")
        idle(a)
        a.get_by_role("button", name=labels.IMP_SAVE.format(scope=NAME)).click()
        idle(a)
        assert a.get_by_text(labels.IMP_MY_SCOPES_HEADER).count() or a.get_by_text(NAME).count()

        # A sees the register whole (analysis), marked internal; the session lives in the
        # tab, so A follows the page's link (a reload would end the session and its scope)
        a.get_by_role("link", name=labels.IMP_LINKED_PAGES["views/familles.py"]).last.click()
        a.wait_for_selector(f"text={labels.AUDIENCE_INTERNAL_MARK}")
        idle(a)
        body_a = a.inner_text("body")
        assert labels.AUDIENCE_INTERNAL_MARK in body_a and "170" in body_a  # Gestion, whole

        # A saves a scenario (kept in A's session)
        a.get_by_role("link", name="Scénarios GPEC").first.click()
        a.get_by_role("tab", name=labels.SC_SAVE_SHARE).click()
        a.wait_for_selector(f"text={labels.SC_SAVED_LIST}")
        idle(a)
        a.get_by_role("textbox", name=labels.SC_NAME).fill(PLAN)
        a.get_by_role("textbox", name=labels.SC_NAME).press("Enter")
        idle(a)
        a.get_by_role("button", name=f"{labels.SC_SAVE} « {PLAN} »").click()
        idle(a)
        assert a.get_by_text(PLAN).count()

        # B: no trace of A's scope or scenario anywhere
        saved_list = f"scenarios?section={urllib.parse.quote(labels.SC_SAVE_SHARE)}"  # the tab listing saved ones
        for path in ("import", f"familles?perimetre={SCOPE}", f"ages?perimetre={SCOPE}", "egalite", saved_list):
            b.goto(f"{url}/{path}")
            idle(b)
            text = b.inner_text("body")
            assert NAME not in text and SCOPE not in text and PLAN not in text, path
            assert labels.IMP_MY_SCOPES_HEADER not in text
        b.goto(f"{url}/familles")
        idle(b)
        b.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        options = b.locator('[role="option"]').all_inner_texts()
        assert options and not any(NAME in o or SCOPE in o for o in options)

        # nothing of A's written on the server
        written = [p for p in root.rglob("*") if p.is_file()]
        assert written == [], written
        assert not (Path(__file__).resolve().parents[2] / "data" / "imports" / SCOPE).exists()
    finally:
        ctx_a.close()
        ctx_b.close()
