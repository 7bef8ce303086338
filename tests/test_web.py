"""web.py, the web server: every page's address answers Streamlit's page with the
server's address set before Streamlit's scripts run."""

from __future__ import annotations

import web
from core import pages


def test_every_page_address_is_answered():
    expected = {"/"} | {f"/{p.key}" for p in pages.PAGES if p.key != pages.HOME}
    assert set(web.PATHS) == expected and len(web.PATHS) == len(expected)
    assert [r.path for r in web.ROUTES] == web.PATHS


def test_the_page_sets_the_servers_address_before_streamlits_scripts():
    html = web.PAGE_HTML
    assert html.count("window.__streamlit") == 1
    assert html.index("window.__streamlit") < html.index('<script type="module"')
    assert web.index_html("<html><body></body></html>") == "<html><body></body></html>"
