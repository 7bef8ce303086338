"""Presentation mode (`?present=1`): no sidebar, no Streamlit chrome, larger type for a
1920x1080 projector. The URL parameter is the source of truth so a bookmarked or
shared link opens straight into it; the sidebar toggle only rewrites the parameter."""

from __future__ import annotations

import streamlit as st

from core import labels

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer,
[data-testid="stSidebarNav"], [data-testid="collapsedControl"] {display: none !important;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 1.2rem !important; max-width: 100% !important;}
html, body, [data-testid="stAppViewContainer"] {font-size: 22px;}
h1 {font-size: 2.6rem !important;} h2 {font-size: 2.3rem !important;} h3 {font-size: 1.8rem !important;}
[data-testid="stMetricValue"] {font-size: 3.2rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem !important;}
[data-testid="stCaptionContainer"] {font-size: 1rem !important;}
</style>
"""


def is_on() -> bool:
    return st.query_params.get("present", "0") in ("1", "true", "oui")


def set_mode(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]


def apply() -> bool:
    """Inject the presentation CSS when the mode is on; returns whether it is."""
    on = is_on()
    if on:
        # st.html, not st.markdown: markdown drops <style> tags in current Streamlit,
        # while a style-only st.html goes to the event container and takes no space.
        st.html(CSS)
    return on


def toggle() -> None:
    st.toggle(
        labels.PRESENT_TOGGLE,
        value=is_on(),
        key="present_toggle",
        on_change=lambda: set_mode(st.session_state["present_toggle"]),
    )


def exit_button() -> None:
    if is_on():
        st.button(labels.PRESENT_EXIT, key="present_exit", on_click=lambda: set_mode(False))


def page_links(pages: list, current) -> None:
    """Previous / next page links for a presenter (the navigation is hidden): they keep
    `present=1` in the URL, so the next page opens in presentation mode too."""
    paths = [p.url_path for p in pages]
    if current.url_path not in paths:
        return
    i = paths.index(current.url_path)
    left, _, right = st.columns([2, 3, 2])
    if i > 0:
        left.page_link(
            pages[i - 1],
            label=f"{labels.PRESENT_PREVIOUS} : {pages[i - 1].title}",
            icon=":material/arrow_back:",
            query_params={"present": "1"},
        )
    if i < len(pages) - 1:
        right.page_link(
            pages[i + 1],
            label=f"{labels.PRESENT_NEXT} : {pages[i + 1].title}",
            icon=":material/arrow_forward:",
            query_params={"present": "1"},
        )
