"""One import, in the three parts of every ETL step: load (read and check the
file), process (count), save (swap the scope in). The command line and the upload
page run exactly this code; the page stops after `prepare` until the user chooses
to save, so an uploaded file never leaves the session before that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from core import formats, limits, privacy
from etl import catalog

from ..problems import Problem
from . import aggregate, readers
from . import movements as mv
from .aggregate import Counts
from .mapping import Mapping, parse_mapping
from .register import check_register
from .scopes import SCOPE_PATTERN, ScopeChanged, check_display_name, check_scope, version, write_scope
from .table import check_table
from .wording import CLI, Wording

KINDS = ("register", "table")
MIN_REF_YEAR, MAX_REF_YEAR = limits.MIN_REF_YEAR, limits.MAX_REF_YEAR


@dataclass
class Prepared:
    """Everything known about a file before it is saved."""

    filename: str
    kind: str
    scope: str
    ref_year: int
    min_cell: int
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: list[dict[str, str]] = field(default_factory=list)  # preview: each column and what it was taken for
    info: dict[str, Any] = field(default_factory=dict)  # detected format, encoding, separator, header line
    rows: int = 0
    counts: Counts | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    display_name: str = ""  # the scope's name in the pages ("" : its id)
    unknown: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # field -> (value, rows) to map
    base: tuple[str, str] | None = None  # (imports folder, scope version) when the import began: see save
    years: list[int] = field(default_factory=list)  # every year the scope will hold once saved
    movements_summary: str = ""  # « 412 sorties en 2024 dont 96 départs à la retraite ; … »

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.tables)

    def problems_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {"fichier": p.file, "ligne": p.line, "colonne": p.column or "", "problème": p.message}
                for p in self.problems
            ],
            columns=["fichier", "ligne", "colonne", "problème"],
        )

    def ignored(self) -> list[str]:
        return [c["colonne"] for c in self.columns if c["traitement"].startswith("ignorée") and c["colonne"]]

    def protected(self) -> dict[str, pd.DataFrame]:
        """The scope's tables as a reader may see them (small cells hidden)."""
        return privacy.protect_tables(
            {k: v for k, v in self.tables.items() if k in privacy.PROTECTED_TABLES}, {self.scope: self.min_cell}
        )

    def summary(self) -> str:
        fams = self.tables["headcount"]["family"].nunique() - 1 if self.tables else 0
        years = ", ".join(str(y) for y in self.counts.years) if self.counts else str(self.ref_year)
        text = f"{formats.number(self.rows)} ligne(s) valide(s), {fams} famille(s), année {years}"
        if self.movements_summary:
            text += " ; " + self.movements_summary
        others = [y for y in self.years if self.counts and y not in self.counts.years]
        if others:
            text += " ; le périmètre garde aussi l'année " + ", ".join(str(y) for y in others)
        return text


def check_options(
    kind: str, scope: str, ref_year: object, min_cell: object, display_name: str = "", wording: Wording = CLI
) -> list[Problem]:
    """Problems of the settings, reported under the option's name (command line) or
    the field's label (page)."""
    problems = []
    if kind not in KINDS:
        problems.append(Problem(wording.option("--kind"), None, None, f"« {kind} » : register ou table"))
    problems += check_scope(scope, wording)
    problems += check_display_name(display_name, scope, wording)
    if not isinstance(ref_year, int) or not MIN_REF_YEAR <= ref_year <= MAX_REF_YEAR:
        problems.append(
            Problem(
                wording.option("--ref-year"),
                None,
                None,
                f"« {ref_year} » : une année entre {MIN_REF_YEAR} et {MAX_REF_YEAR} est attendue",
            )
        )
    if not isinstance(min_cell, int) or not 1 <= min_cell <= 1000:
        problems.append(
            Problem(
                wording.option("--min-cell"),
                None,
                None,
                f"« {min_cell} » : un nombre de personnes entre 1 et 1000 est attendu",
            )
        )
    return problems


def prepare(
    data: bytes,
    filename: str,
    *,
    kind: str,
    scope: str,
    ref_year: int | None = None,
    mapping: bytes | str | dict[str, Any] | None = None,
    mapping_name: str = "mapping.json",
    sheet: str | None = None,
    min_cell: int = privacy.DEFAULT_MIN_CELL,
    display_name: str | None = None,
    wording: Wording = CLI,
) -> Prepared:
    """Read, check and count a file; nothing is written. Problems are in the result,
    worded for the command line or for the page (`wording`)."""
    ref_year = dt.date.today().year if ref_year is None else ref_year
    display_name = (display_name or "").strip()
    out = Prepared(filename, kind, scope, ref_year, min_cell, display_name=display_name)
    if isinstance(scope, str) and SCOPE_PATTERN.match(scope):
        root = catalog.imports_dir()
        out.base = (str(root), version(scope, root))  # before reading: what this import will replace
    out.problems += check_options(kind, scope, ref_year, min_cell, display_name, wording)
    if kind not in KINDS:
        return out
    mp, mp_problems = parse_mapping(mapping, mapping_name, kind, wording) if mapping is not None else (Mapping(), [])
    out.problems += mp_problems
    sheet_data, problems = readers.read(data, filename, kind, mp.columns, sheet, wording)
    out.problems += problems
    if sheet_data is None:
        return out
    out.columns = sheet_data.resolution.columns_table(kind)
    out.info = sheet_data.info
    if problems:
        return out
    check = check_register if kind == "register" else check_table
    counts, collected = check(sheet_data, ref_year, mp, wording)
    out.problems += collected.sorted()
    out.warnings += collected.warnings
    out.unknown = collected.unknown
    if counts is None or out.problems:
        return out
    out.counts, out.rows = counts, counts.rows
    out.tables = aggregate.store_tables(counts, scope, Path(filename).name, min_cell, display_name=display_name)
    out.years = counts.years
    if counts.movements is not None:
        out.movements_summary = mv.summary(counts.movements)
        _add_to_scope(out)
    return out


def _add_to_scope(out: Prepared) -> None:
    """A register with exit dates adds its year to a scope of yearly registers with
    exit dates (replacing that year if the scope has it); the years must follow each
    other (the 31/12 presence of one is the 1 January presence of the next)."""
    if not SCOPE_PATTERN.match(out.scope) or out.scope not in catalog.imported_scopes():
        return
    old_moves = catalog.movements(out.scope)
    if old_moves is None:
        return  # a scope without movements is replaced whole, as before
    problems = mv.chain_problems(old_moves, out.tables["movements"], Path(out.filename).name)
    if problems:
        out.problems += problems
        out.tables = {}
        return
    try:
        held = list(catalog.import_manifest(out.scope).get("tables", {}))
    except (OSError, ValueError):
        held = []
    for name in dict.fromkeys([*out.tables, *held]):
        old = catalog.imported_table(out.scope, name)
        if name == "sources" or old is None or "ref_year" not in old:
            continue
        new = out.tables.get(name)
        if new is None:  # a table the new file does not give (no contract column...): the other years keep theirs
            kept = old[~old["ref_year"].astype(int).isin(out.counts.years if out.counts else [])]
            if len(kept):
                out.tables[name] = kept.reset_index(drop=True)
            continue
        out.tables[name] = mv.merge_years(catalog.conform(old, new) if name != "movements" else old, new)
    out.years = mv.years_of(out.tables["movements"])


def save(prepared: Prepared, root: Path | None = None) -> Path:
    """Swap the scope in (the only write of an import).

    Refused with ScopeChanged (a StoreLocked: the command line exits 2, the page
    shows the sentence) when another import or a deletion changed the scope since
    `prepare` read it, so that two imports of one scope never overwrite each other
    silently; with StoreLocked when another save of the scope holds its lock past
    the timeout. After ScopeChanged the import takes the scope as it now is: saving
    the same Prepared again (the page's button, clicked once more) replaces it."""
    if not prepared.ok:
        raise ValueError("refused imports are never saved")
    extra = {
        "scope": prepared.scope,
        "kind": prepared.kind,
        "ref_years": prepared.years or (prepared.counts.years if prepared.counts else []),
        "rows_valid": prepared.rows,
        "min_cell": prepared.min_cell,
        "file": Path(prepared.filename).name,
    }
    if prepared.display_name:
        extra["display_name"] = prepared.display_name
    if "movements" in prepared.tables:
        extra["movements"] = True
    folder = Path(root or catalog.imports_dir())
    expected = prepared.base[1] if prepared.base and Path(prepared.base[0]) == folder else None
    try:
        return write_scope(prepared.scope, prepared.tables, extra, folder, expected=expected)
    except ScopeChanged as err:
        prepared.base = (str(folder), err.current)
        raise
