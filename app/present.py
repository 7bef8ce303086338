"""Presentation mode (`?present=1`): no Streamlit chrome, larger type for a 1920x1080
projector, tables shown whole. The URL parameter is the source of truth so a
bookmarked or shared link opens straight into it; the sidebar toggle only rewrites
the parameter. The sidebar waits as a thin bar on the left edge: the pointer on it
brings the filters over the page; the same filters are URL parameters (perimetre,
annee, familles, regle), so a prepared link opens on the right selection."""

from __future__ import annotations

import streamlit as st

from core import labels

CSS = """
<style>
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
footer, [data-testid="stSidebarNav"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] {display: none !important;}
/* The filters stay at hand: the sidebar waits off-screen as a thin bar on the left edge
   and slides over the page while the pointer (or the keyboard focus) is on it. */
section[data-testid="stSidebar"] {
  display: block !important; position: fixed !important; left: 0; top: 0; height: 100vh !important;
  z-index: 999990; transform: translateX(calc(-100% + 14px)); transition: transform 0.15s ease-out;
  border-right: 14px solid #332288; box-shadow: 2px 0 12px rgba(0, 0, 0, 0.25);
}
section[data-testid="stSidebar"]:hover, section[data-testid="stSidebar"]:focus-within {transform: translateX(0);}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 1.2rem !important; max-width: 100% !important;
  padding-left: 2.5rem !important;}
html, body, [data-testid="stAppViewContainer"] {font-size: 22px;}
h1 {font-size: 2.6rem !important;} h2 {font-size: 2.3rem !important;} h3 {font-size: 1.8rem !important;}
[data-testid="stMetricValue"] {font-size: 3.2rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem !important;}
[data-testid="stTab"] p {font-size: 1.25rem !important;}  /* tab labels, read from the back of the room */
/* captions, sources and badges at projector contrast, not Streamlit's pale grey */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {font-size: 1rem !important;
  color: #333333 !important;}
[data-testid="stCaptionContainer"] span[class*="badge"], [data-testid="stMarkdownContainer"] span[class*="badge"] {
  font-weight: 700 !important; filter: saturate(1.6) brightness(0.8);
}
/* tables whole and large: no inner scrollbar, every row on the page */
[data-testid="stTable"] {overflow: visible !important; max-height: none !important;}
[data-testid="stTable"] table {font-size: 1.05rem !important; width: 100%;}
[data-testid="stTable"] th {font-size: 1.05rem !important; color: #1F2A44 !important; font-weight: 700 !important;}
[data-testid="stTable"] td, [data-testid="stTable"] th {padding: 0.3rem 0.6rem !important;}
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
