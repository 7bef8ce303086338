"""Scopes and scenarios that belong to one browser session, on a shared server.

In shared mode (`RELEVE_SHARED=1`) a visitor's import never touches the disk: its
counts (never a row of the file) live in this session's state, with the scenarios
it saves, and go with the session. No other session can list, open, download,
replace or delete them; the visitor can download the scope's counts as a file and
import it again in a later visit. Scopes imported by the server's operator on the
command line are the shared ones (catalog.imports_dir()).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

KEY = "releve.session_scopes"  # {scope: {"tables": {name: DataFrame}, "manifest": dict}}
SCENARIOS_KEY = "releve.session_scenarios"


def _held() -> dict:
    return st.session_state.setdefault(KEY, {})


def names() -> list[str]:
    return sorted(_held())


def publish_names() -> None:
    """Let `labels.scope_label` name this session's scopes, for this run only."""
    from core import labels

    labels.SESSION_SCOPE_NAMES.set(
        {s: h["manifest"].get("display_name", "") for s, h in st.session_state.get(KEY, {}).items()}
    )


def has(scope: str | None) -> bool:
    return scope is not None and scope in st.session_state.get(KEY, {})


def put(scope: str, tables: dict[str, pd.DataFrame], manifest: dict) -> None:
    _held()[scope] = {"tables": {k: v.copy() for k, v in tables.items()}, "manifest": dict(manifest)}
    st.session_state["releve.session_stamp"] = st.session_state.get("releve.session_stamp", 0) + 1


def drop(scope: str) -> bool:
    found = _held().pop(scope, None) is not None
    st.session_state["releve.session_stamp"] = st.session_state.get("releve.session_stamp", 0) + 1
    return found


def manifest(scope: str) -> dict:
    return _held()[scope]["manifest"]


def rows(name: str) -> list[pd.DataFrame]:
    """This session's rows of a store table, one frame per scope holding it."""
    return [held["tables"][name] for held in _held().values() if name in held["tables"]]


def stamp() -> int:
    """Changes whenever this session's scopes do (part of the cache keys)."""
    return int(st.session_state.get("releve.session_stamp", 0))


def thresholds() -> dict[str, int]:
    return {s: int(h["manifest"].get("min_cell", 5)) for s, h in _held().items()}


def scenario_store():
    """This session's saved scenarios (shared mode): the same interface as the folder
    of `studio.store.ScenarioStore`, kept in memory."""
    from studio.store import MemoryScenarioStore

    return st.session_state.setdefault(SCENARIOS_KEY, MemoryScenarioStore())


def rows_of(scope: str, name: str) -> pd.DataFrame:
    """One of this session's scope tables."""
    return _held()[scope]["tables"].get(name, pd.DataFrame())
