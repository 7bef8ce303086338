"""The web server: Streamlit's own, serving dashboard.py, with one change to the page
every address answers (`streamlit run web.py`, what `make run` and `make serve` do).

A browser opening a page's address ("/ages", a bookmark, a shared link, a reload)
does not know where the Streamlit server lives: its first try is "/ages/_stcore/...",
a 404, and the second, "/", comes 100 ms later. The page sent here for the home page
and every page of core.pages tells it first (window.__streamlit.BACKEND_BASE_URL: the
folder of the page's address), so a page opens with a single try, as the home page
does. Any other address gets Streamlit's own page, which still finds the server."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from core.pages import PAGES

ROOT = Path(__file__).resolve().parent
STREAMLIT_INDEX = Path(st.__file__).resolve().parent / "static" / "index.html"
# the folder of the page's address: "/" for "/ages?present=1", "/releve/" behind a prefix
WHERE = '<script>window.__streamlit = {BACKEND_BASE_URL: new URL(".", window.location.href).href};</script>'


def index_html(streamlit_index: str) -> str:
    """Streamlit's page with the server's address set before its scripts run (an
    inline script in <head> runs before the deferred module scripts); unchanged if
    it has no <head>."""
    return streamlit_index.replace("<head>", "<head>" + WHERE, 1)


PAGE_HTML = index_html(STREAMLIT_INDEX.read_text(encoding="utf-8"))


async def page(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE_HTML, headers={"Cache-Control": "no-cache"})  # as Streamlit serves it


PATHS = ["/" + p.url_path for p in PAGES]
ROUTES = [Route(path, page) for path in PATHS]
app = st.App(ROOT / "dashboard.py", routes=ROUTES)
