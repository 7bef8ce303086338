"""The one place that knows where data lives and how to load it.

Pages, the projection engine, the exports and the deck ask for a table by name;
none of them builds a path. The store's location can be moved with the
environment variable RELEVE_STORE (tests use this to work on a copy).

Scopes imported by users (`python -m etl import`, the import page) live apart, in
`imports_dir()`, one folder per scope; `load` returns the published rows followed by
the imported scopes' rows, so an imported scope is read like a published one. These
rows are raw counts: screens and exports go through `privacy` (app.data does).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core import labels

if TYPE_CHECKING:  # pandas is imported by the functions that read tables, not by a command's --help
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = ROOT / "data" / "raw"
SCENARIO_DIR = ROOT / "scenarios"
DOCS_DIR = ROOT / "docs"
DATA_DICTIONARY = ROOT / "data" / "README.md"

TABLES = (
    "sources",
    "figures",
    "families",
    "headcount",
    "gender",
    "age_pyramid",
    "retirements",
    "establishments",
    "establishment_types",
    "jobs",
    "certificate_blocks",
)

DEFAULT_POPULATION_SCOPE = "branche"


class StoreMissing(RuntimeError):
    """The store has not been built; `ensure_store()` builds it."""


def store_dir() -> Path:
    return Path(os.environ.get("RELEVE_STORE", ROOT / "data" / "parquet"))


def imports_dir() -> Path:
    """Imported scopes: beside the store (so a test's copy of the store has its own),
    or where RELEVE_IMPORTS says."""
    return Path(os.environ.get("RELEVE_IMPORTS", store_dir().parent / "imports"))


def imported_scopes() -> list[str]:
    """Names of the imported scopes, sorted (folders with a manifest; work folders of
    an import in progress start with a dot and are not scopes). An import killed in
    the middle of its replace is put right first: its scope's old version comes back."""
    root = imports_dir()
    if not root.is_dir():
        return []
    from etl.store import recover_all

    recover_all(root)
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").exists()
    )


def import_manifest(scope: str) -> dict[str, Any]:
    """What an import recorded about a scope: kind, reference years, rows, date, threshold."""
    manifest: dict[str, Any] = json.loads((imports_dir() / scope / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def imported_table(scope: str, name: str) -> pd.DataFrame | None:
    """One table of one imported scope as stored (raw counts), None when the scope
    has no such table. `movements` lives only here: the published store has none."""
    import pandas as pd

    try:
        return pd.read_parquet(imports_dir() / scope / f"{name}.parquet")
    except OSError:
        return None


def movements(scope: str) -> pd.DataFrame | None:
    """The yearly movements of an imported scope (raw counts; screens and exports go
    through privacy), None when its registers carried no exit dates."""
    return imported_table(scope, "movements")


def scopes_with_movements() -> list[str]:
    """Imported scopes whose registers carried exit dates, sorted."""
    return [s for s in imported_scopes() if (imports_dir() / s / "movements.parquet").exists()]


def display_name(scope: str) -> str | None:
    """The display name given to an imported scope ("" without one), None when no such
    scope exists. One file check; the manifest is read again only when it changes."""
    path = imports_dir() / scope / "manifest.json"
    try:
        stamp = path.stat()
    except OSError:
        return None
    return _display_name(str(path), stamp.st_mtime_ns, stamp.st_size)


@functools.lru_cache(maxsize=256)
def _display_name(path: str, mtime_ns: int, size: int) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            name = json.load(fh).get("display_name", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return name.strip() if isinstance(name, str) else ""


labels.set_imported_name_lookup(display_name)


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
    """A store table: the published rows, then those of every imported scope."""
    path = table_path(name)
    if not path.exists():
        raise StoreMissing(f"la table « {name} » n'existe pas encore : lancer `python -m etl`")
    import pandas as pd

    published = pd.read_parquet(path)
    extra = []
    for scope in imported_scopes():
        try:
            df = pd.read_parquet(imports_dir() / scope / f"{name}.parquet")
        except OSError:  # no such table for this scope, or the scope is being replaced
            continue
        if len(df):
            extra.append(df)
    if not extra:
        return published
    return pd.concat([published, *(conform(df, published) for df in extra)], ignore_index=True)


# Columns the store gained after a scope may have been imported, with the value an old
# scope's rows mean: a year given exactly, a figure not classed by theme or confidence.
LATER_COLUMNS: dict[str, bool | str] = {"ref_year_approx": False, "theme": "effectifs", "confidence": ""}


def conform(rows: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """An imported scope's rows in the columns and types of the published table: a
    column added to the store since the import gets its default, so an old scope still
    reads without being imported again."""
    import pandas as pd

    missing = [c for c in like.columns if c not in rows]
    if missing:
        # ignore: pd.NA is a valid scalar for `assign`, the stubs leave NAType out
        rows = rows.assign(**{c: LATER_COLUMNS.get(c, pd.NA) for c in missing})  # type: ignore[arg-type]
    return rows[like.columns].astype(like.dtypes.to_dict())


def default_population(scope: str = DEFAULT_POPULATION_SCOPE) -> pd.DataFrame:
    """The base population of the projection engine: the latest estimated pyramid of
    `scope` as cells (family, sex, age, headcount). Builds the store if needed."""
    ensure_store()
    pyr = load("age_pyramid")
    pyr = pyr[pyr["scope"] == scope]
    if pyr.empty:
        raise StoreMissing(f"aucune pyramide des âges pour le périmètre « {scope} »")
    latest: pd.DataFrame = pyr[pyr["ref_year"] == pyr["ref_year"].max()]
    return latest[["family", "sex", "age", "headcount"]].reset_index(drop=True)
