"""Statistical confidentiality for the figures of an imported scope, and the two
audiences every figure is shown to.

Two audiences:

* **analysis**: the team that owns the data, on its own screen. Every figure is
  computed from the full counts and shown whole; pages mark the scope "Données
  internes — ne pas diffuser".
* **diffusion**: whatever leaves the team (presentation mode, the deck, downloads,
  share links, `python -m etl export`). Figures are still *computed* from the full
  counts; suppression is the last step, applied to what is shown.

The rule of diffusion is the one HR statistics use: a cell counting fewer than
`min_cell` people (5 by default) is never shown; it reads "< 5". That *primary*
suppression is not enough when a total is shown beside the cell: total minus the
other cells gives it back. So every linear relation between shown figures that a
reader can see ("total = sum of parts", the yearly identity of a projection, the
same headcount at the end of a year and the start of the next) is checked, and
where exactly one of its terms is hidden, a second one is hidden too (*secondary*
suppression, shown as "secret"), until every relation hides none or at least two
terms. Before suppressing, counts are aggregated to what a reader needs, so that
few cells are small: the age pyramid goes to 5-year bands over all families.

This is the usual heuristic of statistical offices for hierarchical tables, not a
full linear-programming audit: it guarantees that no single subtraction between
shown figures reveals a hidden cell. Published scopes are left untouched (they are
aggregates printed by their publishers).

A hidden cell is NaN in the protected frames, never 0, and carries its label
("< 5" or "secret"): `SUPPRESSED` / `SUPPRESSED_LABEL` columns on the store's
tables, a companion frame of labels for a projection's tables.

Pure pandas/numpy (the words shown for a hidden cell come from `labels`); the app,
the deck, the command-line export and the import page use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from core import labels, limits

ANALYSIS, DIFFUSION = "analysis", "diffusion"
AUDIENCES = (ANALYSIS, DIFFUSION)

DEFAULT_MIN_CELL = limits.DEFAULT_MIN_CELL
PROTECTED_TABLES = ("headcount", "gender", "age_pyramid", "figures")
SUPPRESSED = "suppressed"  # bool column added to the protected tables
SUPPRESSED_LABEL = "suppressed_label"  # what to print instead of the number ("" when shown)
SECONDARY_LABEL = labels.PRIVACY_SECONDARY
AGE_BAND = "age_band"  # label column of a pyramid in 5-year bands

SHOWN, PRIMARY, SECONDARY = 0, 1, 2

CellKey = tuple[Any, ...]  # a cell of a view: a kind tag, then year, family, sex... as the kind needs

# Value column of each protected table, the number a reader would read.
VALUE_COLUMN = {"headcount": "headcount", "gender": "share", "age_pyramid": "headcount", "figures": "value"}

# 5-year age bands of a pyramid in diffusion: "moins de 25 ans", 25-29, ..., 60-64, "65 ans et plus".
BAND_FIRST, BAND_LAST, BAND_WIDTH = 25, 65, 5
SENIOR_AGE = 55  # the "55 ans et plus" share shown under a pyramid


def small_cell_label(min_cell: int = DEFAULT_MIN_CELL) -> str:
    return labels.PRIVACY_SMALL_CELL.format(min_cell=min_cell)


def label_for(status: int, min_cell: int) -> str:
    return {SHOWN: "", PRIMARY: small_cell_label(min_cell), SECONDARY: SECONDARY_LABEL}[int(status)]


def age_band(age: npt.ArrayLike) -> npt.NDArray[np.int_]:
    """First age of the band of each age (the lowest band starts at 0)."""
    a = np.asarray(age, dtype=int)
    return np.where(a < BAND_FIRST, 0, np.minimum(a // BAND_WIDTH * BAND_WIDTH, BAND_LAST))


def band_label(start: int) -> str:
    if start < BAND_FIRST:
        return labels.AGE_BAND_UNDER.format(age=BAND_FIRST)
    if start >= BAND_LAST:
        return labels.AGE_BAND_OVER.format(age=BAND_LAST)
    return labels.AGE_BAND.format(low=start, high=start + BAND_WIDTH - 1)


# ---- the rule -----------------------------------------------------------------------------


def suppress(
    values: npt.ArrayLike,
    relations: Iterable[Sequence[int]],
    min_cell: int = DEFAULT_MIN_CELL,
    forced: Mapping[int, int] | None = None,
    pinned: Iterable[int] = (),
) -> npt.NDArray[np.int8]:
    """Status of each cell (SHOWN, PRIMARY, SECONDARY).

    `values` are counts; `relations` is a list of index sequences, each a linear
    relation between the cells it names (its first element is taken as the total,
    hidden only when no other term can be). A cell is primary when
    0.5 <= value < min_cell (an empty cell reveals nobody); `forced` (index -> status)
    starts some cells hidden, for consistency with another view of the same people;
    `pinned` cells are shown elsewhere already and are never picked as secondary.
    Then, while some relation hides exactly one term, the smallest positive term
    still shown is hidden (ties by position, so the result is reproducible).
    """
    values = np.asarray(values, dtype=float)
    # under half a person (an expected value of a projection) rounds to nobody
    status = np.where((np.abs(values) >= 0.5) & (values < min_cell), PRIMARY, SHOWN).astype(np.int8)
    for i, s in (forced or {}).items():
        status[i] = max(status[i], s)
    free = np.ones(len(values), dtype=bool)
    free[list(pinned)] = False
    # Plain lists and a work list: relations are small, and only those touching a cell
    # that just changed need another look (numpy per relation costs more than it saves).
    st, val, ok = status.tolist(), np.abs(values).tolist(), free.tolist()
    rels = [list(r) for r in relations if len(r) >= 2]
    member: dict[int, list[int]] = {}
    for k, rel in enumerate(rels):
        for i in rel:
            member.setdefault(i, []).append(k)
    todo, queued = list(range(len(rels))), [True] * len(rels)
    while todo:
        k = todo.pop()
        queued[k] = False
        rel = rels[k]
        if sum(1 for i in rel if st[i]) != 1:
            continue
        candidates = [i for i in rel[1:] if not st[i] and val[i] >= 0.5 and ok[i]]
        if candidates:
            pick = min(candidates, key=lambda i: (val[i], i))
        elif not st[rel[0]] and ok[rel[0]]:
            pick = rel[0]
        else:
            shown = [i for i in rel if not st[i] and ok[i]]
            if not shown:
                continue
            pick = shown[0]
        st[pick] = SECONDARY
        for j in member.get(pick, ()):
            if not queued[j]:
                queued[j] = True
                todo.append(j)
    status = np.asarray(st, dtype=np.int8)
    return status


class Cells:
    """Registry of the countable cells of one view and of the relations between them."""

    def __init__(self) -> None:
        self.keys: dict[CellKey, int] = {}
        self.values: list[float] = []
        self.relations: list[list[int]] = []
        self.forced: dict[int, int] = {}
        self.pinned: set[int] = set()

    def add(self, key: CellKey, value: Any) -> int:
        """Register a cell with its count (a value read from a frame; NaN counts as 0)."""
        if key in self.keys:
            return self.keys[key]
        self.keys[key] = len(self.values)
        self.values.append(float(value) if pd.notna(value) else 0.0)
        return self.keys[key]

    def get(self, key: CellKey) -> int | None:
        return self.keys.get(key)

    def value(self, key: CellKey) -> float:
        """The count of a registered cell."""
        return self.values[self.keys[key]]

    def relate(self, total: CellKey, parts: Iterable[CellKey]) -> None:
        t = self.get(total)
        ids = [i for i in (self.get(p) for p in parts) if i is not None and i != t]
        if t is not None and ids:
            self.relations.append([t, *ids])

    def force(self, key: CellKey, status: int = SECONDARY) -> None:
        i = self.get(key)
        if i is not None:
            self.forced[i] = max(self.forced.get(i, SHOWN), status)

    def pin(self, key: CellKey) -> None:
        """A cell another view shows already: never hidden to protect this one's."""
        i = self.get(key)
        if i is not None:
            self.pinned.add(i)

    def solve(self, min_cell: int) -> dict[CellKey, int]:
        status = suppress(self.values, self.relations, min_cell, self.forced, sorted(self.pinned))
        return {k: int(status[i]) for k, i in self.keys.items()}


# ---- the store's tables of one scope --------------------------------------------------------


def _gender_base(year: object, population: object, family: object) -> CellKey | None:
    """The count a sex share of `population` is a share of."""
    if population == "ensemble":
        return ("hc", year, family)
    if population == "cadres":
        return ("fig", year, "headcount", "classification", "cadres")
    if population == "recrutements":
        return ("fig", year, "recruitments", "total", "ensemble")
    return None


def banded_pyramid(pyramid: pd.DataFrame) -> pd.DataFrame:
    """An age pyramid summed over families into 5-year bands: `ref_year, sex, age`
    (first age of the band), `age_band` (its label), `headcount`, with the
    provenance of the first row of each year."""
    cols = ["scope", "family", "sex", "age", AGE_BAND, "ref_year", "headcount", "status", "source_id", "method"]
    if pyramid.empty:
        return pd.DataFrame(columns=cols)
    p = pyramid.assign(age=age_band(pyramid["age"]))
    out = p.groupby(["ref_year", "sex", "age"], as_index=False, sort=True)[["headcount"]].sum()
    first = p.groupby("ref_year", as_index=False).first()[["ref_year", "scope", "status", "source_id", "method"]]
    out = out.merge(first, on="ref_year", how="left")
    out["family"] = "TOTAL"
    out[AGE_BAND] = [band_label(a) for a in out["age"]]
    return out[cols]


def _scope_cells(tables: Mapping[str, pd.DataFrame]) -> tuple[Cells, dict[str, Any]]:
    """Every cell a diffusion view of one imported scope may show, and the relations
    between them (headcount by family, sex shares, the pyramid in bands and its
    55+ share, the breakdowns of `figures`)."""
    cells = Cells()
    hc = tables.get("headcount", pd.DataFrame())
    gd = tables.get("gender", pd.DataFrame())
    py = banded_pyramid(tables.get("age_pyramid", pd.DataFrame()))
    fg = tables.get("figures", pd.DataFrame())

    hc_keys: list[CellKey] = [("hc", r.ref_year, r.family) for r in hc.itertuples()]
    r: Any  # a row: its fields have the frame's column types, which the stubs do not know
    for k, r in zip(hc_keys, hc.itertuples()):
        cells.add(k, r.headcount)
    fg_counts = fg[fg["unit"] == "count"] if len(fg) else fg
    fg_keys = {
        i: ("fig", r.ref_year, r.indicator, r.dimension, r.category)
        for i, r in zip(fg_counts.index, fg_counts.itertuples())
    }
    for i, r in zip(fg_counts.index, fg_counts.itertuples()):
        cells.add(fg_keys[i], r.value)
    gd_keys: list[CellKey] = []
    gd_bases: list[CellKey | None] = []
    for r in gd.itertuples():
        base = _gender_base(r.ref_year, r.population, r.family)
        base = base if base is not None and cells.get(base) is not None else None
        count = round(r.share * cells.value(base) / 100) if base is not None else 0
        key = ("g", r.ref_year, r.population, r.family, r.sex)
        cells.add(key, count)
        gd_keys.append(key)
        gd_bases.append(base)
    py_keys = [("pb", r.ref_year, r.sex, r.age) for r in py.itertuples()]
    for k, r in zip(py_keys, py.itertuples()):
        cells.add(k, r.headcount)

    years = set(hc["ref_year"]) if len(hc) else set()
    for y in years:
        fams = [f for f in hc.loc[hc["ref_year"] == y, "family"] if f != "TOTAL"]
        cells.relate(("hc", y, "TOTAL"), [("hc", y, f) for f in fams])
        for pop in ("ensemble", "cadres", "recrutements"):
            for f in [*fams, "TOTAL"]:
                base = _gender_base(y, pop, f)
                if base is not None:
                    cells.relate(base, [("g", y, pop, f, s) for s in ("F", "H")])
        for s in ("F", "H"):
            cells.relate(("g", y, "ensemble", "TOTAL", s), [("g", y, "ensemble", f, s) for f in fams])
        sub = py[py["ref_year"] == y]
        if len(sub):
            for s, grp in sub.groupby("sex", sort=False):
                parts = [("pb", y, s, a) for a in grp["age"]]
                if cells.get(("g", y, "ensemble", "TOTAL", s)) is not None:
                    cells.relate(("g", y, "ensemble", "TOTAL", s), parts)
            every = [("pb", y, s, a) for s, a in zip(sub["sex"], sub["age"])]
            cells.relate(("hc", y, "TOTAL"), every)
            senior = sub[sub["age"] >= SENIOR_AGE]
            cells.add(("m55", y), senior["headcount"].sum())
            cells.relate(("m55", y), [("pb", y, s, a) for s, a in zip(senior["sex"], senior["age"])])
            junior = sub[sub["age"] < SENIOR_AGE]
            cells.relate(
                ("hc", y, "TOTAL"), [("m55", y)] + [("pb", y, s, a) for s, a in zip(junior["sex"], junior["age"])]
            )
        if len(fg_counts):
            sub = fg_counts[(fg_counts["ref_year"] == y) & (fg_counts["indicator"] == "headcount")]
            for dim, grp in sub.groupby("dimension", sort=False):
                cells.relate(("hc", y, "TOTAL"), [("fig", y, "headcount", dim, c) for c in grp["category"]])
    keys = dict(hc=hc_keys, fg=fg_keys, gd=gd_keys, gd_bases=gd_bases, py=py_keys, pyramid=py, years=sorted(years))
    return cells, keys


@dataclass
class ScopeView:
    """What a diffusion view of one imported scope shows: the protected tables (the
    pyramid in bands) and, for each year, the status of the pyramid's metrics."""

    tables: dict[str, pd.DataFrame]
    metrics: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> metric -> status
    status: dict[CellKey, int] = field(default_factory=dict)  # cell key -> status


def _mark(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out[SUPPRESSED] = False
    out[SUPPRESSED_LABEL] = ""
    return out


def _apply(df: pd.DataFrame, value: str, statuses: list[int], min_cell: int) -> pd.DataFrame:
    out = _mark(df)
    st = np.asarray(statuses, dtype=np.int8) if len(statuses) else np.zeros(len(df), np.int8)
    hidden = st != SHOWN
    out[value] = out[value].astype(float)
    out.loc[hidden, value] = np.nan
    out[SUPPRESSED] = hidden
    out[SUPPRESSED_LABEL] = [label_for(s, min_cell) for s in st]
    return out


def diffuse_scope(tables: Mapping[str, pd.DataFrame], min_cell: int = DEFAULT_MIN_CELL) -> ScopeView:
    """The diffusion view of one imported scope's tables (each holding only that
    scope's rows): hidden values NaN with their label, the pyramid in 5-year bands
    over all families."""
    cells, keys = _scope_cells(tables)
    status = cells.solve(min_cell)
    out = {}
    if "headcount" in tables:
        out["headcount"] = _apply(tables["headcount"], "headcount", [status[k] for k in keys["hc"]], min_cell)
    if "gender" in tables:
        g = []
        for k, base in zip(keys["gd"], keys["gd_bases"]):
            s = status[k]
            if s == SHOWN and (base is None or status[base] != SHOWN):
                s = SECONDARY  # a share is a ratio: with its base hidden it would give the base back
            g.append(s)
        out["gender"] = _apply(tables["gender"], "share", g, min_cell)
    if "age_pyramid" in tables:
        out["age_pyramid"] = _apply(keys["pyramid"], "headcount", [status[k] for k in keys["py"]], min_cell)
    if "figures" in tables:
        fg = tables["figures"]
        f_status = [status.get(keys["fg"][i], SHOWN) if i in keys["fg"] else SHOWN for i in fg.index]
        f = _apply(fg, "value", f_status, min_cell)
        hidden = f[SUPPRESSED].to_numpy()
        f.loc[hidden, "value_as_printed"] = f.loc[hidden, SUPPRESSED_LABEL]
        out["figures"] = f
    metrics = {}
    for y in keys["years"]:
        total = status.get(("hc", y, "TOTAL"), SHOWN)
        women = status.get(("g", y, "ensemble", "TOTAL", "F"), SHOWN)
        metrics[int(y)] = {
            "total": total,
            "mean_age": total,
            "share_55_plus": max(total, status.get(("m55", y), 0)),
            "share_women": max(total, women),
        }
    return ScopeView(out, metrics, status)


def scope_status(
    tables: Mapping[str, pd.DataFrame], min_cell: int = DEFAULT_MIN_CELL
) -> dict[str, npt.NDArray[np.int8]]:
    """Suppression status of every row of one imported scope's tables in diffusion
    (the pyramid's rows are those of its 5-year bands)."""
    view = diffuse_scope(tables, min_cell)
    out = {}
    for name, df in view.tables.items():
        st = np.where(df[SUPPRESSED].to_numpy(), SECONDARY, SHOWN).astype(np.int8)
        st[(df[SUPPRESSED_LABEL] == small_cell_label(min_cell)).to_numpy()] = PRIMARY
        out[name] = st
    return out


def protect_tables(tables: Mapping[str, pd.DataFrame], min_cells: Mapping[str, int]) -> dict[str, pd.DataFrame]:
    """The tables as a diffusion view shows them: the protected tables among `tables`
    get the columns `suppressed` and `suppressed_label` (False / "" on published
    rows and on scopes not in `min_cells`); the rows of the scopes of `min_cells`
    (imported scope -> its threshold) are replaced by their diffusion view (hidden
    values NaN, the pyramid in 5-year bands with an `age_band` label). Other tables
    are returned as they are."""
    out = {name: (_mark(df) if name in PROTECTED_TABLES else df) for name, df in tables.items()}
    if "age_pyramid" in out and AGE_BAND not in out["age_pyramid"]:
        out["age_pyramid"][AGE_BAND] = None
    for scope, min_cell in min_cells.items():
        rows = {name: tables[name][tables[name]["scope"] == scope] for name in PROTECTED_TABLES if name in tables}
        if not any(len(df) for df in rows.values()):
            continue
        view = diffuse_scope({n: df for n, df in rows.items() if len(df)}, min_cell)
        for name, df in view.tables.items():
            kept = out[name][out[name]["scope"] != scope]
            out[name] = (
                pd.concat([kept, df[[c for c in out[name].columns if c in df.columns]]], ignore_index=True)
                if len(kept)
                else df.reset_index(drop=True)
            )
    return out


def pyramid_metric_status(tables: Mapping[str, pd.DataFrame], scope: str, year: int, min_cell: int) -> dict[str, int]:
    """Status of each metric under a scope's pyramid in diffusion (total, mean age,
    share 55+, share of women)."""
    rows = {name: tables[name][tables[name]["scope"] == scope] for name in PROTECTED_TABLES if name in tables}
    view = diffuse_scope({n: df for n, df in rows.items() if len(df)}, min_cell)
    return view.metrics.get(int(year), {})


def pyramid_hidden_metrics(tables: Mapping[str, pd.DataFrame], scope: str, year: int, min_cell: int) -> dict[str, str]:
    """The metrics under a scope's pyramid that diffusion hides: metric -> label."""
    status = pyramid_metric_status(tables, scope, year, min_cell)
    return {k: label_for(v, min_cell) for k, v in status.items() if v}


def projection_rule(
    protected_headcount: pd.DataFrame, protected_pyramid: pd.DataFrame, scope: str, ref_year: int, min_cell: int
) -> dict[str, Any]:
    """What a diffusion view of a projection of `scope` needs from the scope's own
    diffusion view (the argument of `studio.outcome.protect`): its threshold, the
    families and the (sex, band) cells of the base year it hides."""
    return {
        "min_cell": min_cell,
        "hidden_families": sorted(hidden_families(protected_headcount, scope, ref_year)),
        "hidden_bands": sorted(hidden_bands(protected_pyramid, scope, ref_year)),
    }


def displayed(value: object, suppressed: bool, label: str, formatter: Callable[[Any], str] = str) -> str:
    """What a chart label or a table cell shows: the label of a hidden cell, never its number."""
    return label if suppressed else formatter(value)


def protected_loader(
    load: Callable[[str], pd.DataFrame], min_cells: Mapping[str, int]
) -> Callable[[str], pd.DataFrame]:
    """A table loader like `catalog.load` whose counting tables come protected, for the
    exports that do not go through the app (the meeting pack's command line)."""

    def protected(name: str) -> pd.DataFrame:
        if name not in PROTECTED_TABLES or not min_cells:
            return load(name)
        return protect_tables({n: load(n) for n in PROTECTED_TABLES}, min_cells)[name]

    return protected


def with_labels(df: pd.DataFrame, hidden: pd.DataFrame | None = None) -> pd.DataFrame:
    """A frame fit for a file: every hidden cell reads its label ("< 5", "secret")
    instead of an empty cell. `hidden` is a frame of labels of the same shape ("" when
    shown); without it, the row's `suppressed_label` fills the row's NaN values."""
    out = df.copy()
    if hidden is not None:
        for col in hidden.columns:
            if col in out and (hidden[col] != "").any():
                mask = (hidden[col] != "").to_numpy()
                out[col] = out[col].astype(object)
                out.loc[mask, col] = hidden.loc[mask, col].to_numpy()
        return out
    if SUPPRESSED not in out:
        return out
    rows = out[SUPPRESSED].fillna(False).astype(bool).to_numpy()
    if not rows.any():
        return out
    for col in out.columns:
        if col in (SUPPRESSED, SUPPRESSED_LABEL) or not pd.api.types.is_numeric_dtype(out[col]):
            continue
        mask = rows & out[col].isna().to_numpy()
        if mask.any():
            out[col] = out[col].astype(object)
            out.loc[mask, col] = out.loc[mask, SUPPRESSED_LABEL].to_numpy()
    return out


# ---- projections ------------------------------------------------------------------------------

PROJECTION_COUNTS = (
    "headcount_start",
    "retirements",
    "other_exits",
    "moves_out",
    "moves_in",
    "external_hires",
    "headcount_end",
)
FLOW_MEASURES = ("retirements", "other_exits", "moves_out", "moves_in", "external_hires")
PERIOD_TOTALS = {"retirements_total": "retirements", "external_hires_total": "external_hires"}


@dataclass
class ProtectedProjection:
    """A projection as a diffusion view shows it: hidden cells NaN in `flows`,
    `structure` (all families together, 5-year bands, base and horizon years) and
    `summary`, and their labels in frames of the same shape ("" where shown)."""

    flows: pd.DataFrame
    structure: pd.DataFrame
    summary: pd.DataFrame
    hidden: dict[str, pd.DataFrame]
    totals: pd.DataFrame = field(default_factory=pd.DataFrame)  # year, measure, value (NaN hidden), label

    @property
    def count(self) -> int:
        """How many figures are hidden (flows and summary)."""
        return int(sum((h != "").to_numpy().sum() for name, h in self.hidden.items() if name != "structure"))


def _flow_key(measure: str, year: int, family: str, years: list[int]) -> CellKey:
    """The cell of a flows value: the headcount at the end of a year is the one at
    the start of the next."""
    if measure == "headcount_end":
        nxt = year + 1
        return ("start", nxt, family) if nxt in years else ("end", year, family)
    if measure == "headcount_start":
        return ("start", year, family)
    return (measure, year, family)


def _base_family_sex(structure: pd.DataFrame, year: int) -> pd.DataFrame:
    s = structure[structure["year"] == year]
    return s.assign(senior=s["age"] >= SENIOR_AGE)


def protect_projection(
    flows: pd.DataFrame,
    structure: pd.DataFrame,
    summary: pd.DataFrame,
    min_cell: int = DEFAULT_MIN_CELL,
    hidden_families: Iterable[str] = (),
    hidden_bands: Iterable[tuple[str, int]] = (),
) -> ProtectedProjection:
    """A projection of an imported scope, fit for diffusion. Its base year is the
    register itself, so the same threshold applies to what it outputs:

    - every family whose base count is hidden in the scope's diffusion view
      (`hidden_families`) is hidden whole, whatever the assumptions (growth applied to
      a hidden count gives it back);
    - flows by family and year, their totals over families and over the period, the
      yearly identity (start - exits + entries = end) and the structure by 5-year band
      and sex (all families) are suppressed together, so no shown total minus shown
      parts gives a hidden one; `hidden_bands` ((sex, band) of the base year hidden
      in the scope's own pyramid) start hidden, so the two views agree;
    - the summary's counts follow the cells they total; its shares and mean ages are
      hidden with their family, and a share is hidden when its count would be.
    """
    years = sorted(int(y) for y in flows["year"].unique())
    families = [f for f in dict.fromkeys(flows["family"]) if f != "TOTAL"]
    measures = [m for m in PROJECTION_COUNTS if m in flows]
    cells = Cells()
    values = {(int(y), f): row for y, f, *row in flows[["year", "family", *measures]].itertuples(index=False)}
    total_by = flows.groupby("year")[measures].sum()
    for y in years:
        for j, m in enumerate(measures):
            for f in families:
                cells.add(_flow_key(m, y, f, years), values[(y, f)][j])
            cells.add(_flow_key(m, y, "TOTAL", years), total_by.at[y, m])
    horizon = years[-1] + 1 if years else None
    # the period totals a needs table and the summary show
    for m in FLOW_MEASURES:
        if m not in measures:
            continue
        for f in [*families, "TOTAL"]:
            vals = [cells.value(_flow_key(m, y, f, years)) for y in years]
            cells.add(("period", m, f), sum(vals))
            cells.relate(("period", m, f), [_flow_key(m, y, f, years) for y in years])
        cells.relate(("period", m, "TOTAL"), [("period", m, f) for f in families])
    for y in years:
        for m in measures:
            cells.relate(_flow_key(m, y, "TOTAL", years), [_flow_key(m, y, f, years) for f in families])
        for f in [*families, "TOTAL"]:
            cells.relate(
                _flow_key("headcount_end", y, f, years),
                [_flow_key(m, y, f, years) for m in ("headcount_start", *FLOW_MEASURES) if m in measures],
            )
    # structure: all families, bands x sex, base and horizon years; plus each
    # family's women and 55+ counts behind the summary's shares
    s_years = [y for y in (years[0] if years else None, horizon) if y is not None]
    sy = structure[structure["year"].isin(s_years)]
    hc = sy["headcount"].to_numpy(dtype=float)
    sy = pd.DataFrame(
        {
            "year": sy["year"].to_numpy(),
            "family": sy["family"].astype(str).to_numpy(),
            "sex": sy["sex"].astype(str).to_numpy(),
            "band": age_band(sy["age"]),
            "headcount": hc,
            "women": np.where(sy["sex"].to_numpy() == "F", hc, 0.0),
            "senior": np.where(sy["age"].to_numpy() >= SENIOR_AGE, hc, 0.0),
        }
    )
    bands = sy.groupby(["year", "sex", "band"], as_index=False)[["headcount"]].sum()
    band_rows: list[Any] = list(bands.itertuples(index=False))  # rows typed by their columns
    for r in band_rows:
        cells.add(("sb", r.year, r.sex, r.band), r.headcount)
    by_fam = sy.groupby(["year", "family"])[["headcount", "women", "senior"]].sum()
    by_year = sy.groupby("year")[["headcount", "women", "senior"]].sum()
    counts = {(int(y), f): (n, w, s_) for (y, f), (n, w, s_) in zip(by_fam.index, by_fam.to_numpy())}
    counts.update({(int(y), "TOTAL"): tuple(v) for y, v in zip(by_year.index, by_year.to_numpy())})
    for y in s_years:
        head = ("start", y, "TOTAL") if y != horizon else ("end", years[-1], "TOTAL")
        b = [r for r in band_rows if r.year == y]
        cells.relate(head, [("sb", y, r.sex, r.band) for r in b])
        for f in [*families, "TOTAL"]:
            n, w, s_ = counts.get((y, f), (0.0, 0.0, 0.0))
            fhead = ("start", y, f) if y != horizon else ("end", years[-1], f)
            for part, value in (("women", w), ("men", n - w), ("55+", s_), ("-55", n - s_)):
                cells.add((part, y, f), value)
            cells.relate(fhead, [("women", y, f), ("men", y, f)])
            cells.relate(fhead, [("55+", y, f), ("-55", y, f)])
            if f == "TOTAL":
                cells.relate(("women", y, f), [("sb", y, "F", r.band) for r in b if r.sex == "F"])
                cells.relate(("55+", y, f), [("sb", y, r.sex, r.band) for r in b if r.band >= SENIOR_AGE])
    hidden_families = set(hidden_families)
    for key in list(cells.keys):
        if len(key) == 3 and key[2] in hidden_families:
            cells.force(key)
    if years:  # the base headcounts the scope's own view shows stay shown: hiding them here protects nothing
        for f in [*families, "TOTAL"]:
            if f not in hidden_families:
                cells.pin(("start", years[0], f))
    if years:
        for sex, band in hidden_bands:
            cells.force(("sb", years[0], sex, band))
    status = cells.solve(min_cell)

    def look(key: CellKey) -> int:
        return status.get(key, SHOWN)

    out_flows = flows.copy()
    flow_labels = pd.DataFrame("", index=flows.index, columns=flows.columns)
    for col in flows.columns:
        base = col.split("_p")[0]
        if base not in measures:
            continue
        st_col = np.array(
            [look(_flow_key(base, int(y), f, years)) for y, f in zip(flows["year"], flows["family"])], dtype=np.int8
        )
        if col != base:  # a percentile: hidden with its mean, or when small itself
            v = flows[col].to_numpy(dtype=float)
            st_col = np.where((st_col == SHOWN) & (v >= 0.5) & (v < min_cell), PRIMARY, st_col)
        hide = st_col != SHOWN
        out_flows[col] = out_flows[col].astype(float)
        out_flows.loc[hide, col] = np.nan
        flow_labels.loc[hide, col] = [label_for(s, min_cell) for s in st_col[hide]]

    # structure as shown: bands, base and horizon years, all families
    out_struct = bands.rename(columns={"band": "age"}).astype({"age": int})
    out_struct.insert(1, "family", "TOTAL")
    out_struct[AGE_BAND] = [band_label(a) for a in out_struct["age"]]
    s_status = np.array([look(("sb", r.year, r.sex, r.age)) for r in out_struct.itertuples()], dtype=np.int8)
    out_struct["headcount"] = out_struct["headcount"].astype(float)
    out_struct.loc[s_status != SHOWN, "headcount"] = np.nan
    out_struct = out_struct[["year", "family", "sex", "age", AGE_BAND, "headcount"]]
    struct_labels = pd.DataFrame("", index=out_struct.index, columns=out_struct.columns)
    struct_labels.loc[s_status != SHOWN, "headcount"] = [label_for(s, min_cell) for s in s_status[s_status != SHOWN]]

    out_sum = summary.copy()
    sum_labels = pd.DataFrame("", index=summary.index, columns=summary.columns)
    base_y = years[0] if years else None
    last = years[-1] if years else None
    rules: dict[str, Callable[[str], list[CellKey]]] = {  # summary column -> the cells whose status it follows
        "base_headcount": lambda f: [("start", base_y, f)],
        "horizon_headcount": lambda f: [("end", last, f)],
        "retirements_total": lambda f: [("period", "retirements", f)],
        "external_hires_total": lambda f: [("period", "external_hires", f)],
        "share_retiring_by_horizon": lambda f: [("start", base_y, f), ("period", "retirements", f)],
        "mean_age_base": lambda f: [("start", base_y, f)],
        "mean_age_horizon": lambda f: [("end", last, f)],
        "share_55_plus_base": lambda f: [("start", base_y, f), ("55+", base_y, f)],
        "share_55_plus_horizon": lambda f: [("end", last, f), ("55+", horizon, f)],
        "share_women_base": lambda f: [("start", base_y, f), ("women", base_y, f)],
        "share_women_horizon": lambda f: [("end", last, f), ("women", horizon, f)],
    }
    fams = summary["family"].astype(str).tolist()
    for col, keys in rules.items():
        if col not in out_sum or not years:
            continue
        st_col = np.array([max(look(k) for k in keys(f)) for f in fams], dtype=np.int8)
        hide = st_col != SHOWN
        if hide.any():
            out_sum[col] = out_sum[col].astype(float)
            out_sum.loc[hide, col] = np.nan
            sum_labels.loc[hide, col] = [label_for(v, min_cell) for v in st_col[hide]]
    total_rows = []
    for y in years:
        for m in measures:
            key = _flow_key(m, y, "TOTAL", years)
            s_ = look(key)
            total_rows.append(
                dict(
                    year=y,
                    measure=m,
                    value=np.nan if s_ else cells.value(key),
                    label=label_for(s_, min_cell),
                )
            )
    totals = pd.DataFrame(total_rows, columns=["year", "measure", "value", "label"])
    return ProtectedProjection(
        out_flows,
        out_struct,
        out_sum,
        {"flows": flow_labels, "structure": struct_labels, "summary": sum_labels},
        totals,
    )


def protect_flows(
    flows: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL, hidden_families: Iterable[str] = ()
) -> ProtectedProjection:
    """Flows by family and year fit for diffusion (the rules of `protect_projection`,
    for a page that shows only flows): flows with hidden cells NaN, their labels,
    and the totals over families."""
    empty = pd.DataFrame(columns=["year", "family", "sex", "age", "headcount"])
    return protect_projection(flows, empty, pd.DataFrame(columns=["family"]), min_cell, hidden_families)


def hidden_families(protected_headcount: pd.DataFrame, scope: str, ref_year: int | None = None) -> set[str]:
    """Families of `scope` whose headcount a diffusion view hides (latest year by default)."""
    hc = protected_headcount[(protected_headcount["scope"] == scope) & (protected_headcount["family"] != "TOTAL")]
    if hc.empty or SUPPRESSED not in hc:
        return set()
    year = int(hc["ref_year"].max()) if ref_year is None else ref_year
    hc = hc[hc["ref_year"] == year]
    return set(hc.loc[hc[SUPPRESSED].astype(bool), "family"])


def hidden_bands(protected_pyramid: pd.DataFrame, scope: str, ref_year: int) -> set[tuple[str, int]]:
    """(sex, band) cells of a scope's banded pyramid that a diffusion view hides."""
    p = protected_pyramid[(protected_pyramid["scope"] == scope) & (protected_pyramid["ref_year"] == ref_year)]
    if p.empty or SUPPRESSED not in p:
        return set()
    p = p[p[SUPPRESSED].astype(bool)]
    return {(s, int(a)) for s, a in zip(p["sex"], p["age"])}


# ---- movements (exits and hires of an imported register) -------------------------------------

MOVEMENT_TOTAL = "TOTAL"
# What a page, the deck or an export shows of a scope's movements: counts by year, family
# and measure, and exits by year, 5-year age band and reason. Rates are shown only with
# their counts, and never from a hidden count (`rate_hidden`).
MOVEMENT_MEASURES = ("start", "hires", "retirements", "other_exits")


def movement_counts(movements: pd.DataFrame) -> pd.DataFrame:
    """year, family, measure, value: people present on 1 January, hires still there at
    31/12, retirements and other exits of a scope's movements, with TOTAL families."""
    exits = [c for c in movements.columns if c.startswith("exits_")]
    others = [c for c in exits if c != "exits_retirement"]
    m = movements.assign(
        hires=movements["hires"] - movements["hires_left"],
        retirements=movements["exits_retirement"],
        other_exits=movements[others].sum(axis=1),
    )
    g = m.groupby(["ref_year", "family"])[list(MOVEMENT_MEASURES)].sum().reset_index()
    total = g.groupby("ref_year")[list(MOVEMENT_MEASURES)].sum().reset_index().assign(family=MOVEMENT_TOTAL)
    out = pd.concat([g, total], ignore_index=True).rename(columns={"ref_year": "year"})
    long = out.melt(id_vars=["year", "family"], var_name="measure", value_name="value")
    return long.sort_values(["year", "measure", "family"], kind="stable").reset_index(drop=True)


def exits_by_age(movements: pd.DataFrame) -> pd.DataFrame:
    """year, age_band (first age of the 5-year band), reason, value: every exit of the
    people present on 1 January, by band and reason, with reason TOTAL per band and
    band -1 (all ages) per reason."""
    exits = [c for c in movements.columns if c.startswith("exits_")]
    m = movements.assign(age_band=age_band(movements["age"]))
    g = m.groupby(["ref_year", "age_band"])[exits].sum().reset_index()
    long = g.melt(id_vars=["ref_year", "age_band"], var_name="reason", value_name="value")
    long["reason"] = long["reason"].str.removeprefix("exits_")
    by_band = long.groupby(["ref_year", "age_band"], as_index=False)[["value"]].sum().assign(reason=MOVEMENT_TOTAL)
    by_reason = long.groupby(["ref_year", "reason"], as_index=False)[["value"]].sum().assign(age_band=-1)
    every = long.groupby("ref_year", as_index=False)[["value"]].sum().assign(age_band=-1, reason=MOVEMENT_TOTAL)
    out = pd.concat([long, by_band, by_reason, every], ignore_index=True).rename(columns={"ref_year": "year"})
    return out.sort_values(["year", "age_band", "reason"], kind="stable").reset_index(drop=True)[
        ["year", "age_band", "reason", "value"]
    ]


def _relations(df: pd.DataFrame, group: list[str], key: str, total: Any) -> list[list[int]]:
    rels = []
    for _, rows in df.groupby(group, sort=False):
        tot = rows.index[rows[key] == total].tolist()
        parts = rows.index[rows[key] != total].tolist()
        if tot and parts:
            rels.append([tot[0], *parts])
    return rels


def _protected(df: pd.DataFrame, relations: list[list[int]], min_cell: int) -> pd.DataFrame:
    status = suppress(df["value"].to_numpy(dtype=float), relations, min_cell)
    hidden = status != SHOWN
    out = df.assign(**{SUPPRESSED: hidden, SUPPRESSED_LABEL: [label_for(int(s), min_cell) for s in status]})
    out["value"] = out["value"].astype(float).where(~hidden)
    return out


def diffuse_movement_counts(movements: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """`movement_counts` fit for diffusion: small counts and those a subtraction would
    give back hidden, NaN with their label. Relations: each measure's family total, and
    for each family the next year's start = start + hires − retirements − other exits."""
    df = movement_counts(movements)
    rels = _relations(df, ["year", "measure"], "family", MOVEMENT_TOTAL)
    at = {(int(y), str(f), str(m)): i for i, (y, f, m) in enumerate(zip(df["year"], df["family"], df["measure"]))}
    for (year, family, measure), i in at.items():
        following = at.get((year + 1, family, "start"))
        if measure == "start" and following is not None:
            flows = [at.get((year, family, m)) for m in MOVEMENT_MEASURES[1:]]
            rels.append([following, i, *[j for j in flows if j is not None]])
    return _protected(df, rels, min_cell)


def diffuse_exits_by_age(movements: pd.DataFrame, min_cell: int = DEFAULT_MIN_CELL) -> pd.DataFrame:
    """`exits_by_age` fit for diffusion: bands × reasons with their totals both ways."""
    df = exits_by_age(movements)
    rels = _relations(df, ["year", "age_band"], "reason", MOVEMENT_TOTAL)
    rels += _relations(df, ["year", "reason"], "age_band", -1)
    return _protected(df, rels, min_cell)


def rate_hidden(people_at_risk: npt.ArrayLike, events: npt.ArrayLike, min_cell: int = DEFAULT_MIN_CELL) -> np.ndarray:
    """A rate computed from fewer than `min_cell` people at risk, or from a number of
    events that would itself be hidden (0 < events < min_cell), is not shown alone."""
    n, e = np.asarray(people_at_risk, dtype=float), np.asarray(events, dtype=float)
    return np.asarray((n < min_cell) | ((e >= 0.5) & (e < min_cell)), dtype=bool)
