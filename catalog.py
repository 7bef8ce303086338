"""The one place that knows where data lives and how to load it.

Pages, the projection engine, the exports and the deck ask for a table by name;
none of them builds a path. The store's location can be moved with the
environment variable RELEVE_STORE (tests use this to work on a copy).
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent
RAW_DIR = ROOT / "data" / "raw"
SCENARIO_DIR = ROOT / "scenarios"
DOCS_DIR = ROOT / "docs"
DATA_DICTIONARY = ROOT / "data" / "README.md"

TABLES = ("sources", "figures", "families", "headcount", "gender", "age_pyramid", "retirements",
          "establishments", "jobs", "certificate_blocks")

DEFAULT_POPULATION_SCOPE = "branche"


class StoreMissing(RuntimeError):
    """The store has not been built; `ensure_store()` builds it."""


def store_dir() -> Path:
    return Path(os.environ.get("RELEVE_STORE", ROOT / "data" / "parquet"))


def table_path(name: str) -> Path:
    if name not in TABLES:
        raise KeyError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
    return store_dir() / f"{name}.parquet"


def store_ready() -> bool:
    return all(table_path(t).exists() for t in TABLES) and (store_dir() / "manifest.json").exists()


def ensure_store() -> bool:
    """Build the store from data/raw if it is missing. Returns True if it was built."""
    if store_ready():
        return False
    from etl.build import build
    build(RAW_DIR, store_dir())
    return True


def load(name: str) -> pd.DataFrame:
    path = table_path(name)
    if not path.exists():
        raise StoreMissing(f"la table « {name} » n'existe pas encore : lancer `python -m etl`")
    return pd.read_parquet(path)


def default_population(scope: str = DEFAULT_POPULATION_SCOPE) -> pd.DataFrame:
    """The base population of the projection engine: the latest estimated pyramid of
    `scope` as cells (family, sex, age, headcount). Builds the store if needed."""
    ensure_store()
    pyr = load("age_pyramid")
    pyr = pyr[pyr["scope"] == scope]
    if pyr.empty:
        raise StoreMissing(f"aucune pyramide des âges pour le périmètre « {scope} »")
    latest = pyr[pyr["ref_year"] == pyr["ref_year"].max()]
    return latest[["family", "sex", "age", "headcount"]].reset_index(drop=True)
