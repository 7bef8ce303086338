"""Cached access to the store. The cache key includes the store's manifest stamp,
so a rebuilt or re-imported store is picked up without restarting the app."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import catalog


def store_stamp() -> int:
    path = catalog.store_dir() / "manifest.json"
    return path.stat().st_mtime_ns if path.exists() else 0


@st.cache_data(show_spinner=False)
def _load(name: str, stamp: int) -> pd.DataFrame:
    return catalog.load(name)


def table(name: str) -> pd.DataFrame:
    """A store table; a copy, so a page may filter it without touching the cache."""
    return _load(name, store_stamp()).copy()
