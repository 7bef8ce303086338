"""Bring your own data: a personnel register or an aggregate table, imported as a
scope of its own beside the published store.

    readers   bytes of a CSV / XLSX / Parquet file -> text columns, header found
    headers   which column is which field (documented aliases, --mapping)
    values    what a cell may say, field by field
    checks    vectorised checking, problems collected with their lines
    register  one row per employee -> counts
    table     an aggregate table -> counts
    aggregate counts -> the store's tables for the scope
    scopes    where imported scopes live, atomic replacement
    pipeline  prepare (read, check, count) then save
"""

from .pipeline import KINDS, Prepared, prepare, save  # noqa: F401
