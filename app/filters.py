"""The shared sidebar filters. Their state lives in the URL (`?perimetre=branche`), so a
bookmarked or shared link, a page opened directly and presentation mode (where the
sidebar is hidden) all show the same selection; a missing or unknown value falls
back to the default. Every widget has a fixed key, which is also its URL name."""

from __future__ import annotations

import streamlit as st

from core import labels
from etl import catalog

SCOPE_KEY = "perimetre"
FAMILIES_KEY = "familles"
SCHEDULE_KEY = "regle"
YEAR_KEY = "annee"
ALL_PUBLISHED = "publies"  # a page that can show every published scope at once


def scope(options: list[str], default: str = catalog.DEFAULT_POPULATION_SCOPE) -> str | None:
    """The périmètre chosen among `options` (the scopes the page can show); None when
    there are none.

    Streamlit writes a bound selectbox's value to the URL as its French label
    (`?perimetre=Branche+Mutualité`); a link written by hand with the code
    (`?perimetre=branche`) is accepted too."""
    if not options:
        return None
    from app.audience import is_imported

    published = [o for o in options if not is_imported(o)]  # ALL_PUBLISHED, when offered, comes first
    mine = [o for o in options if is_imported(o)]
    return select(
        labels.SCOPE_FILTER,
        published + mine,
        key=SCOPE_KEY,
        format_func=scope_option,
        default=default,
        where=st.sidebar,
    )


def scope_option(code: str) -> str:
    """A scope in a choice list: imported scopes under their own heading, "Mes données"."""
    from app.audience import is_imported

    if code == ALL_PUBLISHED:
        return labels.ALL_PUBLISHED_SCOPES
    if is_imported(code):
        return f"{labels.MY_DATA_HEADER} · {labels.scope_short(code)}"
    return labels.scope_short(code)


def select(label: str, options: list, *, key: str, format_func=str, default=None, where=None):
    """A selectbox bound to the URL parameter `key` (in `where`, the main area by
    default), accepting in the URL either the option's label or its code."""
    kwargs = {}
    if _seed_from_code(key, options) is None:
        kwargs["index"] = options.index(default) if default in options else 0
    return (where or st).selectbox(label, options, format_func=format_func, key=key, bind="query-params", **kwargs)


def _seed_from_code(key: str, options: list) -> object | None:
    """When the URL carries an option's code rather than its label, start the widget
    on that option (through session state, the only way to set a bound widget)."""
    code = st.query_params.get(key)
    if code is not None and code in [str(o) for o in options] and st.session_state.get(key) is None:
        value = options[[str(o) for o in options].index(code)]
        st.session_state[key] = value
        return value
    return None


def year(options: list[int]) -> int | None:
    """A reference year, asked only when there is a choice (default: the latest)."""
    if len(options) <= 1:
        return options[0] if options else None
    return st.sidebar.selectbox(labels.YEAR_FILTER, options, index=len(options) - 1, key=YEAR_KEY, bind="query-params")


def families(options: list[str]) -> list[str]:
    """Families chosen among `options`; an empty choice means all of them."""
    picked = st.sidebar.multiselect(
        labels.FAMILY_FILTER,
        options,
        format_func=labels.family_label,
        placeholder=labels.ALL_FAMILIES,
        key=FAMILIES_KEY,
        bind="query-params",
    )
    return [f for f in options if f in picked] or list(options)


def schedule(options: dict[str, str], default: str) -> str:
    """A legal retirement schedule (code -> label)."""
    return select(
        labels.SCHEDULE_FILTER,
        list(options),
        key=SCHEDULE_KEY,
        format_func=options.get,
        default=default,
        where=st.sidebar,
    )
