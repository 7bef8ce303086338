"""The store as an Excel workbook: `python -m etl export all --out releve.xlsx` (every
table) or `python -m etl export TABLE --out FILE.xlsx` (one table).

A workbook leaves the team like any export: imported scopes are in diffusion (cells
under their threshold read "< 5", those that would give them away "secret"), computed
from the full counts by core.privacy, exactly as the CSV export does.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from core import labels, privacy, workbook
from etl import catalog


def protected_tables(names: list[str], min_cell: int | None = None) -> dict[str, pd.DataFrame]:
    """The tables `names` as a diffusion view shows them (the protected tables are
    computed together: secondary suppression looks across them)."""
    from etl.imports.scopes import thresholds

    wanted = set(names) | (set(privacy.PROTECTED_TABLES) if set(names) & set(privacy.PROTECTED_TABLES) else set())
    tables = {name: catalog.load(name) for name in sorted(wanted)}
    protected = privacy.protect_tables(tables, thresholds(min_cell))
    return {name: privacy.with_labels(protected[name]) for name in names}


def _privacy_text(min_cells: dict[str, int]) -> str:
    if not min_cells:
        return labels.WORKBOOK_ABOUT_PRIVACY_NONE
    return labels.WORKBOOK_ABOUT_PRIVACY_TEXT.format(min_cell=min(min_cells.values()))


def store_workbook(
    names: list[str], scope: str | None = None, min_cell: int | None = None, today: dt.date | None = None
) -> tuple[bytes, dict[str, int]]:
    """(XLSX bytes, rows per sheet) of the tables `names`, one sheet each, then Sources,
    after a "Lisez-moi" sheet. `scope` keeps one scope's rows in tables that have one."""
    from etl.imports.scopes import thresholds

    frames = protected_tables(names, min_cell)
    if scope is not None:
        frames = {n: (f[f["scope"] == scope] if "scope" in f.columns else f) for n, f in frames.items()}
    sheets = [
        workbook.Sheet(
            labels.WORKBOOK_SHEETS.get(n, labels.TABLE_LABELS.get(n, n)),
            f.reset_index(drop=True),
            labels.TABLE_LABELS.get(n, n),
        )
        for n, f in frames.items()
        if n != "sources"
    ]
    imported = thresholds(min_cell)
    names_imported = [labels.scope_label(s) for s in imported]
    scope_note = (
        labels.scope_label(scope)
        if scope
        else labels.WORKBOOK_ABOUT_SCOPE_ALL.format(
            imported=labels.WORKBOOK_ABOUT_SCOPE_IMPORTED.format(names=", ".join(names_imported))
            if names_imported
            else ""
        )
    )
    day = (today or dt.date.today()).isoformat()
    about = workbook.about_lines(scope_note, day, _privacy_text(imported))
    data = workbook.workbook_bytes(sheets, catalog.load("sources"), about)
    return data, {s.name: len(s.frame) for s in sheets}
