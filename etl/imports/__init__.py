"""Bring your own data: a personnel register or an aggregate table, imported as a
scope of its own beside the published store.

    readers   bytes of a CSV / XLSX / Parquet file -> text columns, header found
    headers   which column is which field (documented aliases, --mapping)
    values    what a cell may say, field by field
    checks    vectorised checking, problems collected with their lines
    register  one row per employee -> counts
    table     an aggregate table -> counts
    aggregate counts -> the store's tables for the scope
    movements exits, hires and the people of 1 January, year by year (exit date and reason)
    scopes    where imported scopes live, atomic replacement
    pipeline  prepare (read, check, count) then save
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import KINDS, Prepared, prepare, save

__all__ = ["KINDS", "Prepared", "prepare", "save"]


def __getattr__(name: str) -> Any:
    """The pipeline (pandas, pyarrow, pandera) is imported on first use, so that a
    command needing only `scopes` (export, imports, delete-import) does not pay for it."""
    if name not in __all__:
        raise AttributeError(f"module 'etl.imports' has no attribute {name!r}")
    from . import pipeline

    return getattr(pipeline, name)
