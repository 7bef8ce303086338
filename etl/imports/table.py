"""An aggregate table (OEMM style: family x sex x age band, or less), checked and
turned into counts.

One row per cell with its headcount. Family, sex, age (or age band) and year are
each optional: a table without families is counted under "autres" (not broken
down), without sex or age it feeds only the tables it can. Bands are spread evenly
over their ages for the pyramid, which then says it is an estimate. Total rows are
refused rather than guessed at, since adding them would double the counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from core import limits

from ..pyramid import largest_remainder
from . import values as v
from .aggregate import Counts
from .checks import Collector, Column, read_column
from .mapping import Mapping
from .readers import Sheet
from .wording import CLI, Wording


def check_table(
    sheet: Sheet, ref_year: int, mapping: Mapping, wording: Wording = CLI
) -> tuple[Counts | None, Collector]:
    out = Collector(sheet)
    res = sheet.resolution
    if "headcount" not in res.fields:
        out.add(
            sheet.header_line or None,
            None,
            "colonne obligatoire absente : effectif (en-têtes lus : "
            f"{limits.some(h for h in res.headers if h) or 'aucun'} ; {wording.missing_column_hint})",
        )
        return None, out
    n = sheet.n_rows

    refused: list[npt.NDArray[np.int64]] = []

    def column(fld: str, reader: Callable[[str], object]) -> Column:
        skip = out.formulas(fld, res.header(fld))
        col = read_column(sheet.columns[fld], reader)
        refused.extend([skip, out.column(res.header(fld), col, skip)])
        out.unknown_values(fld, col)
        return col

    count = column("headcount", v.read_count).per_row()
    if "family" in res.fields:
        fam_col = column("family", v.family_reader(mapping.families, wording))
        family = np.array([r or "" for r in fam_col.results], dtype=object)[fam_col.idx]
    else:
        family = np.full(n, v.UNSPLIT_FAMILY, dtype=object)
    if "sex" in res.fields:
        sc = column("sex", v.sex_reader(mapping.values.get("sex"), wording))
        sex = np.array([r or "" for r in sc.results], dtype=object)[sc.idx]
    else:
        sex = np.full(n, "", dtype=object)
    lo = np.full(n, -1)
    hi = np.full(n, -1)
    band_field = "age_band" if "age_band" in res.fields else ("age" if "age" in res.fields else None)
    if band_field:
        bc = column(band_field, v.read_age_band)
        lo = bc.per_row(lambda r: r[0])
        hi = bc.per_row(lambda r: r[1])
    if "year" in res.fields:
        year = column("year", v.read_year).per_row()
    else:
        year = np.full(n, ref_year)
    cells = pd.DataFrame(
        {"row": np.arange(n), "ref_year": year, "family": family, "sex": sex, "lo": lo, "hi": hi, "headcount": count}
    )
    bad = np.unique(np.concatenate(refused)) if refused else np.zeros(0, np.int64)
    # overlaps are looked for among the other rows too, so that every problem shows at once
    _check_overlaps(
        cells.drop(index=pd.Index(bad)), sheet, out, band_field and res.header(band_field), band_field == "age_band"
    )
    if out.problems:
        return None, out
    return Counts("table", n, _spread(cells)), out


def _check_overlaps(cells: pd.DataFrame, sheet: Sheet, out: Collector, band_header: str | None, bands: bool) -> None:
    """A cell given twice, or two bands sharing ages, would count people twice."""
    cells = cells.sort_values(["ref_year", "family", "sex", "lo", "row"], kind="stable")
    same = (
        (cells["ref_year"] == cells["ref_year"].shift())
        & (cells["family"] == cells["family"].shift())
        & (cells["sex"] == cells["sex"].shift())
    )
    prev_hi = cells["hi"].shift()
    clash = same & (cells["lo"] <= prev_hi)
    if not clash.any():
        return
    prev_row = cells["row"].shift()
    rows = cells.loc[clash, "row"].to_numpy()
    firsts = prev_row[clash].astype(int).to_numpy()
    first_lines = dict(zip(rows.tolist(), sheet.lines(firsts).tolist()))
    what = "cette tranche d'âge chevauche celle de la ligne" if bands else "cette cellule est déjà donnée ligne"
    out.rows(
        band_header or "effectif",
        np.sort(rows),
        lambda r: [f"{what} {first_lines[i]} (même famille, même sexe, même année)" for i in r],
    )


def _spread(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per single age; a band's people spread evenly (largest remainders, so
    whole people that add up to the band). Tables are small: a loop per row is fine."""
    out: list[tuple[Any, ...]] = []
    r: Any  # a row: its fields have the frame's column types, which the stubs do not know
    for r in cells.itertuples():
        if r.lo < 0:
            out.append((r.ref_year, r.family, r.sex, -1, r.headcount, False))
            continue
        ages = np.arange(r.lo, r.hi + 1)
        parts = largest_remainder(int(r.headcount), np.ones(len(ages))) if r.headcount else np.zeros(len(ages), int)
        for a, p in zip(ages, parts):
            out.append((r.ref_year, r.family, r.sex, int(a), int(p), len(ages) > 1))
    df = pd.DataFrame(out, columns=["ref_year", "family", "sex", "age", "headcount", "spread"])
    return df.astype({"ref_year": int, "age": int, "headcount": np.int64})
