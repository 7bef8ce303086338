"""Cached access to the store. The cache key includes the store's manifest stamp and
those of the imported scopes, so a rebuilt store, a new import or a deleted one is
picked up without restarting the app.

Tables that count people (privacy.PROTECTED_TABLES) come with the columns
`suppressed` and `suppressed_label`: on the rows of an imported scope, a cell under
the scope's threshold, or one that would give it back by subtraction, has its value
set to NaN and its label ("< 5", "secret") to show instead. Pages never see the raw
small counts; only the projection engine does, through catalog.default_population.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

import catalog
import privacy


def _import_stamps() -> list[tuple[str, int]]:
    stamps = []
    for scope in catalog.imported_scopes():
        try:
            stamps.append((scope, (catalog.imports_dir() / scope / "manifest.json").stat().st_mtime_ns))
        except OSError:      # deleted meanwhile
            continue
    return stamps


def store_stamp() -> int:
    path = catalog.store_dir() / "manifest.json"
    base = path.stat().st_mtime_ns if path.exists() else 0
    imports = _import_stamps()
    if not imports:
        return base
    return int(hashlib.sha256(repr((base, imports)).encode()).hexdigest()[:15], 16)


def min_cells() -> dict[str, int]:
    """Imported scope -> its confidentiality threshold (recorded at import)."""
    from etl.imports.scopes import thresholds
    return thresholds()


@st.cache_data(show_spinner=False)
def _load(name: str, stamp: int) -> pd.DataFrame:
    return catalog.load(name)


@st.cache_data(show_spinner=False)
def _protected(stamp: int) -> dict[str, pd.DataFrame]:
    tables = {name: catalog.load(name) for name in privacy.PROTECTED_TABLES}
    return privacy.protect_tables(tables, min_cells())


def table(name: str) -> pd.DataFrame:
    """A store table; a copy, so a page may filter it without touching the cache.
    Counting tables have small cells of imported scopes hidden (see above)."""
    stamp = store_stamp()
    if name in privacy.PROTECTED_TABLES:
        return _protected(stamp)[name].copy()
    return _load(name, stamp).copy()
