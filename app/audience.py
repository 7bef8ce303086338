"""Who a figure is shown to, per scope: the two audiences of `privacy`.

* A published scope needs no rule: its figures are aggregates printed by others.
* An imported scope is in *analysis* (full figures, marked "Données internes") for
  its owner: on a single-user install (`make run`) whoever runs the app, on a shared
  server (`RELEVE_SHARED=1`) the browser session that imported it. It is in
  *diffusion* in presentation mode, and on a shared server for every scope the
  visitor does not own (the operator's command-line imports).
* Files taken away (CSV, PNG, deck, links) are diffusion, unless the owner ticks the
  explicit, labelled internal export.
"""

from __future__ import annotations

import os

import streamlit as st

from app import present
from core import formats, labels, privacy

SHARED_ENV = "RELEVE_SHARED"
INTERNAL_EXPORT_KEY = "export_interne"


def shared_mode() -> bool:
    """A server shared by several visitors: imports and saved scenarios belong to the
    browser session that made them."""
    return os.environ.get(SHARED_ENV, "").strip().lower() in ("1", "true", "oui", "yes")


def owned(scope: str) -> bool:
    from app import session_scopes

    if session_scopes.has(scope):
        return True
    return not shared_mode() and is_imported(scope)


def is_imported(scope: str | None) -> bool:
    from app.data import min_cells

    return scope is not None and scope in min_cells()


def screen(scope: str | None) -> str:
    """The audience of what the page shows of `scope`."""
    if not is_imported(scope):
        return privacy.ANALYSIS
    if present.is_on() or not owned(scope):
        return privacy.DIFFUSION
    return privacy.ANALYSIS


def export(scope: str | None) -> str:
    """The audience of a file taken away from `scope`'s figures."""
    if not is_imported(scope):
        return privacy.ANALYSIS
    if owned(scope) and not present.is_on() and st.session_state.get(INTERNAL_EXPORT_KEY, False):
        return privacy.ANALYSIS
    return privacy.DIFFUSION


def internal_export_toggle() -> None:
    """The explicit choice of an unprotected export, offered only to the owner of an
    imported scope (sidebar)."""
    from app import session_scopes
    from app.data import min_cells

    if any(owned(s) for s in [*min_cells(), *session_scopes.names()]):
        st.checkbox(
            labels.EXPORT_INTERNAL, key=INTERNAL_EXPORT_KEY, help=labels.EXPORT_INTERNAL_HELP, persist_state="session"
        )


def banner(scope: str | None) -> None:
    """The marker of an imported scope's audience, above its figures."""
    if not is_imported(scope):
        return
    from app.data import min_cells

    name = formats.plain(labels.scope_short(scope))  # a display name is the user's text
    if screen(scope) == privacy.ANALYSIS:
        st.warning(
            labels.AUDIENCE_INTERNAL_NOTE.format(mark=labels.AUDIENCE_INTERNAL_MARK, scope=name), icon=":material/lock:"
        )
    else:
        st.info(
            labels.AUDIENCE_DIFFUSION_NOTE.format(scope=name, min_cell=min_cells()[scope]),
            icon=":material/visibility_off:",
        )
