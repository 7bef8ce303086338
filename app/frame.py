"""Make sure a page runs inside the frame (dashboard.py).

Streamlit still carries its first multipage mechanism: when a `pages/` folder sits
next to the entry script, the first visitor after a server start who opens a page
by its URL (`/familles`) gets that page script run on its own, without the frame:
no sidebar, no presentation mode, no store check, file names as navigation. The
frame's `st.navigation` switches that mechanism off for the whole process, but only
once it has run. A page that finds the mechanism still on switches it off and asks
for a rerun, which then goes through the frame; the page is found again by its URL
path (Streamlit identifies pages by it), so the visitor lands where they asked.
"""
from __future__ import annotations

import streamlit as st

DEEP_LINK = "_deep_link_params"


def ensure_frame() -> None:
    """Call first thing in the frame and in each page script; a no-op once the old
    mechanism is off. (The frame needs it too: on "/" the old mechanism runs the frame
    as one of its pages and sends its own navigation, made of file names.)"""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the old mechanism
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.session_state[DEEP_LINK] = st.query_params.to_dict()
        st.rerun()


def restore_query_params() -> None:
    """Called by the frame before the page runs: put back the URL parameters of a
    deep link that went through `ensure_frame` (the rerun loses them), so
    `/ages?perimetre=assurance_sante` keeps its filter even for the first visitor."""
    saved = st.session_state.pop(DEEP_LINK, None)
    for key, value in (saved or {}).items():
        if key not in st.query_params:
            try:
                st.query_params[key] = value
            except Exception:  # a parameter bound to a widget is set by the widget itself
                pass
