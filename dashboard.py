"""Relève: the frame of the app. Page config, the store built on first start, the
navigation (URL paths are part of the product: people bookmark them), the shared
sidebar and presentation mode. Pages live in views/ (a folder Streamlit does not scan by itself, so the only navigation is this frame's) and only lay things out."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app import audience, data, present, session_scopes
from core import labels
from core.pages import PAGES
from etl import catalog
from etl.problems import InputError

HERE = Path(__file__).parent


def ensure_store() -> bool:
    if catalog.store_ready():
        return True
    try:
        with st.spinner(labels.STORE_BUILDING):
            catalog.ensure_store()
        return True
    except InputError as err:
        st.error(labels.STORE_FAILED + "\n\n" + "\n".join(f"- `{p}`" for p in err.problems))
        return False


def sidebar() -> None:
    with st.sidebar:
        st.radio(
            labels.DIALECT_CHOICE,
            list(labels.EXPORT_DIALECTS),
            format_func=labels.EXPORT_DIALECTS.get,
            key="csv_dialect",
            horizontal=True,
            persist_state="session",
        )
        audience.internal_export_toggle()
        present.toggle()


def main() -> None:
    # an emoji, drawn by the browser itself: a ":material/…:" icon made every visitor's
    # browser fetch it from fonts.gstatic.com (a third party, and nothing on a closed network)
    st.set_page_config(page_title=labels.APP_TITLE, page_icon="👥", layout="wide")
    session_scopes.publish_names()
    on = present.apply()
    pages = [
        st.Page(
            HERE / "views" / p.script,
            title=p.nav_title,
            url_path=p.url_path or None,
            icon=p.icon,
            default=not p.url_path,
        )
        for p in PAGES
    ]
    # The navigation is declared the same way in both modes (presentation mode hides
    # the sidebar with CSS), so pages and their URLs never depend on the mode.
    nav = st.navigation(pages, position="sidebar")
    if not ensure_store():
        st.stop()
    with data.run_scope():  # the store's files looked at once in this run
        if not on:
            sidebar()
        nav.run()
        if not on:
            # After the page, so the meeting pack sees this run's filters and scenario.
            from app import deck

            deck.sidebar_button()
        if on:
            present.page_links(pages, nav)
    present.exit_button()


main()
