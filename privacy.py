"""Statistical confidentiality for the figures of an imported scope.

A scope imported from an HR register describes real, identifiable people: a cell of
three women aged 58 in IT is close to naming them. The rule is the one HR statistics
use: a cell counting fewer than `min_cell` people (5 by default) is never shown, in a
chart, a table or a file; it is displayed as "< 5". That *primary* suppression is not
enough when a total is shown beside the cell: total minus the other cells gives it
back. So every relation "total = sum of parts" that a reader can see is checked, and
where exactly one of its terms is hidden, a second one is hidden too (*secondary*
suppression, shown as "secret"), until every relation hides none or at least two
terms. The relations span the tables of the scope (headcount by family, sex shares by
family, the age pyramid, the breakdowns of `figures`), because the same people appear
in all of them.

This is the usual heuristic of statistical offices for hierarchical tables, not a
full linear-programming audit: it guarantees that no single subtraction reveals a
hidden cell. Published scopes are left untouched (they are aggregates printed by
their publishers).

Pure pandas/numpy (the words shown for a hidden cell come from `labels`); the app,
the command-line export and the import page use it.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

import labels

DEFAULT_MIN_CELL = 5
PROTECTED_TABLES = ("headcount", "gender", "age_pyramid", "figures")
SUPPRESSED = "suppressed"               # bool column added to the protected tables
SUPPRESSED_LABEL = "suppressed_label"   # what to print instead of the number ("" when shown)
SECONDARY_LABEL = labels.PRIVACY_SECONDARY

SHOWN, PRIMARY, SECONDARY = 0, 1, 2

# Value column of each protected table, the number a reader would read.
VALUE_COLUMN = {"headcount": "headcount", "gender": "share", "age_pyramid": "headcount", "figures": "value"}


def small_cell_label(min_cell: int = DEFAULT_MIN_CELL) -> str:
    return labels.PRIVACY_SMALL_CELL.format(min_cell=min_cell)


def label_for(status: int, min_cell: int) -> str:
    return {SHOWN: "", PRIMARY: small_cell_label(min_cell), SECONDARY: SECONDARY_LABEL}[status]


def suppress(values, relations, min_cell: int = DEFAULT_MIN_CELL) -> np.ndarray:
    """Status of each cell (SHOWN, PRIMARY, SECONDARY).

    `values` are whole-person counts; `relations` is a list of index sequences whose
    first element is a total and the others its parts. A cell is primary when
    0 < value < min_cell (an empty cell reveals nobody). Then, while some relation hides
    exactly one term, the smallest positive part still shown is hidden (ties by
    position, so the result is reproducible), or the total when no part can be.
    """
    values = np.asarray(values, dtype=float)
    status = np.where((values > 0) & (values < min_cell), PRIMARY, SHOWN).astype(np.int8)
    relations = [np.asarray(r, dtype=np.int64) for r in relations if len(r) >= 2]
    changed = True
    while changed:
        changed = False
        for rel in relations:
            if np.count_nonzero(status[rel]) != 1:
                continue
            parts = rel[1:]
            candidates = parts[(status[parts] == SHOWN) & (values[parts] > 0)]
            if len(candidates):
                pick = candidates[np.lexsort((candidates, values[candidates]))[0]]
            elif status[rel[0]] == SHOWN:
                pick = rel[0]
            else:
                continue
            status[pick] = SECONDARY
            changed = True
    return status


class _Cells:
    """Registry of the countable cells of one scope and of the relations between them."""

    def __init__(self):
        self.keys: dict[tuple, int] = {}
        self.values: list[float] = []
        self.relations: list[list[int]] = []

    def add(self, key: tuple, value: float) -> int:
        self.keys[key] = len(self.values)
        self.values.append(float(value))
        return self.keys[key]

    def get(self, key: tuple) -> int | None:
        return self.keys.get(key)

    def relate(self, total: tuple, parts: list[tuple]) -> None:
        t = self.get(total)
        ids = [i for i in (self.get(p) for p in parts) if i is not None]
        if t is not None and ids:
            self.relations.append([t, *ids])


def _gender_base(cells: _Cells, year, population, family) -> tuple | None:
    """The count a sex share of `population` is a share of."""
    if population == "ensemble":
        return ("hc", year, family)
    if population == "cadres":
        return ("fig", year, "headcount", "classification", "cadres")
    if population == "recrutements":
        return ("fig", year, "recruitments", "total", "ensemble")
    return None


def scope_status(tables: Mapping[str, pd.DataFrame], min_cell: int = DEFAULT_MIN_CELL) -> dict[str, np.ndarray]:
    """Suppression status of every row of one imported scope's tables (each table
    holding only that scope's rows), in row order."""
    cells = _Cells()
    hc = tables.get("headcount", pd.DataFrame())
    gd = tables.get("gender", pd.DataFrame())
    py = tables.get("age_pyramid", pd.DataFrame())
    fg = tables.get("figures", pd.DataFrame())

    hc_ids = [cells.add(("hc", r.ref_year, r.family), r.headcount) for r in hc.itertuples()]
    fg_counts = fg[fg["unit"] == "count"] if len(fg) else fg
    fg_ids = {i: cells.add(("fig", r.ref_year, r.indicator, r.dimension, r.category), r.value)
              for i, r in zip(fg_counts.index, fg_counts.itertuples())}
    gd_ids, gd_bases = [], []
    for r in gd.itertuples():
        base_key = _gender_base(cells, r.ref_year, r.population, r.family)
        base = cells.get(base_key) if base_key else None
        count = round(r.share * cells.values[base] / 100) if base is not None else 0
        gd_ids.append(cells.add(("g", r.ref_year, r.population, r.family, r.sex), count))
        gd_bases.append(base)
    py_ids = [cells.add(("p", r.ref_year, r.family, r.sex, r.age), r.headcount) for r in py.itertuples()]

    years = set(hc["ref_year"]) if len(hc) else set()
    families = {y: [f for f in hc.loc[hc["ref_year"] == y, "family"] if f != "TOTAL"] for y in years}
    for y in years:
        fams = families[y]
        cells.relate(("hc", y, "TOTAL"), [("hc", y, f) for f in fams])
        for pop in ("ensemble", "cadres", "recrutements"):
            for f in [*fams, "TOTAL"]:
                base = _gender_base(cells, y, pop, f)
                cells.relate(base, [("g", y, pop, f, s) for s in ("F", "H")])
        for s in ("F", "H"):
            cells.relate(("g", y, "ensemble", "TOTAL", s), [("g", y, "ensemble", f, s) for f in fams])
        if len(py):
            sub = py[py["ref_year"] == y]
            for f, fam in sub.groupby("family", sort=False):
                if all(cells.get(("g", y, "ensemble", f, s)) is not None for s in fam["sex"].unique()):
                    for s, grp in fam.groupby("sex", sort=False):
                        cells.relate(("g", y, "ensemble", f, s), [("p", y, f, s, a) for a in grp["age"]])
                else:                            # no sex shares: the ages add up to the family
                    cells.relate(("hc", y, f), [("p", y, f, s, a) for s, a in zip(fam["sex"], fam["age"])])
        if len(fg_counts):
            sub = fg_counts[(fg_counts["ref_year"] == y) & (fg_counts["indicator"] == "headcount")]
            for dim, grp in sub.groupby("dimension", sort=False):
                cells.relate(("hc", y, "TOTAL"), [("fig", y, "headcount", dim, c) for c in grp["category"]])

    status = suppress(cells.values, cells.relations, min_cell)
    out = {"headcount": status[hc_ids] if hc_ids else np.zeros(0, np.int8),
           "age_pyramid": status[py_ids] if py_ids else np.zeros(0, np.int8)}
    g_status = status[gd_ids].copy() if gd_ids else np.zeros(0, np.int8)
    for i, base in enumerate(gd_bases):
        # a share is a ratio: with its base hidden it would give the base back
        if g_status[i] == SHOWN and (base is None or status[base] != SHOWN):
            g_status[i] = SECONDARY
    out["gender"] = g_status
    f_status = np.zeros(len(fg), np.int8)
    for pos, idx in enumerate(fg.index):
        if idx in fg_ids:
            f_status[pos] = status[fg_ids[idx]]
    out["figures"] = f_status
    return out


def _mark(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out[SUPPRESSED] = False
    out[SUPPRESSED_LABEL] = ""
    return out


def protect_tables(tables: Mapping[str, pd.DataFrame], min_cells: Mapping[str, int]) -> dict[str, pd.DataFrame]:
    """The protected tables among `tables`, each with the columns `suppressed` and
    `suppressed_label` added (False / "" on published rows); on the rows of the scopes
    of `min_cells` (imported scope -> its threshold), hidden values are NaN and their
    label says why. Other tables are returned as they are."""
    out = {name: (_mark(df) if name in PROTECTED_TABLES else df) for name, df in tables.items()}
    for scope, min_cell in min_cells.items():
        rows = {name: out[name][out[name]["scope"] == scope] for name in PROTECTED_TABLES if name in out}
        plain = {name: df.drop(columns=[SUPPRESSED, SUPPRESSED_LABEL]) for name, df in rows.items()}
        status = scope_status(plain, min_cell)
        for name, df in rows.items():
            if df.empty:
                continue
            st = status[name]
            hidden = st != SHOWN
            idx = df.index[hidden]
            value = VALUE_COLUMN[name]
            out[name].loc[idx, value] = np.nan
            out[name].loc[df.index, SUPPRESSED] = hidden
            out[name].loc[df.index, SUPPRESSED_LABEL] = [label_for(int(s), min_cell) for s in st]
            if name == "figures":
                out[name].loc[idx, "value_as_printed"] = [label_for(int(s), min_cell) for s in st[hidden]]
    return out


def displayed(value, suppressed: bool, label: str, formatter=str) -> str:
    """What a chart label or a table cell shows: the label of a hidden cell, never its number."""
    return label if suppressed else formatter(value)


def protected_loader(load, min_cells: Mapping[str, int]):
    """A table loader like `catalog.load` whose counting tables come protected, for the
    exports that do not go through the app (the meeting pack's command line)."""
    def protected(name: str) -> pd.DataFrame:
        if name not in PROTECTED_TABLES or not min_cells:
            return load(name)
        return protect_tables({n: load(n) for n in PROTECTED_TABLES}, min_cells)[name]
    return protected


# Projection outputs of an imported scope: what a page, a CSV or a slide may show.
PROJECTION_COUNTS = ("headcount_start", "retirements", "other_exits", "moves_out", "moves_in",
                     "external_hires", "headcount_end")


def _hide_small(df: pd.DataFrame, columns, min_cell: int) -> pd.DataFrame:
    out = df.copy()
    for col in columns:
        small = out[col].notna() & (out[col] > 0) & (out[col] < min_cell)
        out.loc[small, col] = np.nan
    return out


def protect_flows(flows: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """Flows by family and year with every count under `min_cell` (above zero) hidden,
    percentile columns included."""
    return _hide_small(flows, [c for c in flows.columns if c.split("_p")[0] in PROJECTION_COUNTS], min_cell)


def protect_projection(flows: pd.DataFrame, structure: pd.DataFrame, summary: pd.DataFrame,
                       min_cell: int = DEFAULT_MIN_CELL) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A projection of an imported scope, fit to be shown: its base year is the
    register itself, so the same threshold applies to what it outputs.

    - flows: every count under `min_cell` (and above zero) by family and year is hidden
      (NaN), percentile columns included;
    - structure: summed over families (no one needs family x sex x age on screen), then
      cells under `min_cell` hidden; family is "TOTAL";
    - summary: the rows of families whose base headcount is under `min_cell` are
      hidden entirely (their mean age or share of women would describe a few people).
    Totals across families are left to the engine's own TOTAL rows: charts that sum
    visible cells undercount, they never reveal a hidden one."""
    flows = protect_flows(flows, min_cell)
    structure = (structure.groupby(["year", "sex", "age"], as_index=False)["headcount"].sum()
                 .assign(family="TOTAL")[["year", "family", "sex", "age", "headcount"]])
    structure = _hide_small(structure, ["headcount"], min_cell)
    summary = summary.copy()
    small = (summary["family"] != "TOTAL") & (summary["base_headcount"] < min_cell)
    numeric = [c for c in summary.columns if c != "family" and pd.api.types.is_numeric_dtype(summary[c])]
    summary.loc[small, numeric] = np.nan
    return flows, structure, summary
