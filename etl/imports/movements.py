"""Who left, why, and who was hired: the `movements` table of an imported register.

A register may carry an exit date and an exit reason. For an import of reference
year N (see docs/import.md, « Sorties et motifs »):

- a row whose exit date falls in N is a *leaver of N*;
- a row with no exit date, or one after 31/12/N, is *present at 31/12/N*;
- a row whose exit date is before 1/1/N is not part of year N: skipped and counted;
- an exit before the entry, or an entry after 31/12/N, is refused (register.py).

Per cell (family, sex, age reached in N): `start` (present on 1 January N), the
exits of those people by reason, `hires` (entered during N) and `hires_left` (hires
who also left during N). The identity `present at 31/12/N = start + hires − exits −
hires_left` is checked for every cell, and across years a scope's 31/12/N − 1 total
must be the next year's 1 January total. Only these counts are kept: no row, no id.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..derive import fmt
from ..problems import Problem

if TYPE_CHECKING:
    from pandera.pandas import DataFrameSchema

# Reason codes, in the contract's order, and the printed values each one covers
# (compared like every coded value: case, accents, punctuation ignored).
REASONS: dict[str, list[str]] = {
    "retirement": [
        "retraite",
        "départ à la retraite",
        "départ en retraite",
        "mise à la retraite",
        "retraite anticipée",
        "carrière longue",
    ],
    "resignation": ["démission"],
    "end_of_contract": [
        "fin de CDD",
        "fin de contrat",
        "fin d'apprentissage",
        "fin de contrat de professionnalisation",
    ],
    "mutual_termination": ["rupture conventionnelle"],
    "dismissal": ["licenciement", "licenciement économique", "licenciement pour inaptitude"],
    "death": ["décès"],
    "transfer": ["mutation", "transfert", "mobilité groupe"],
    "trial_period": ["fin de période d'essai", "rupture de période d'essai"],
    "other": ["autre"],
}
REASON_CODES = tuple(REASONS)
EXIT_COLUMNS = tuple(f"exits_{r}" for r in REASON_CODES)
COUNT_COLUMNS = ("start", "hires", "hires_left", *EXIT_COLUMNS)
KEYS = ("scope", "ref_year", "family", "sex", "age")
COLUMNS = (*KEYS, *COUNT_COLUMNS, "status", "source_id", "method")


@functools.cache
def schema() -> DataFrameSchema:
    """The movements table's schema, built on first use: pandera is imported only by
    the commands that write the table."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "scope": pa.Column(str),
            "ref_year": pa.Column(int, pa.Check.in_range(1900, 2100)),
            "family": pa.Column(str),
            "sex": pa.Column(str, pa.Check.isin(["F", "H"])),
            "age": pa.Column(int, pa.Check.in_range(15, 80)),
            **{c: pa.Column(int, pa.Check.ge(0)) for c in COUNT_COLUMNS},
            "status": pa.Column(str, pa.Check.isin(["derived"])),
            "source_id": pa.Column(str),
            "method": pa.Column(str),
        },
        strict=True,
        ordered=True,
    )


def accepted_reasons() -> str:
    """The accepted printed values, for a refusal (the first of each code, then the others)."""
    return ", ".join(v for values in REASONS.values() for v in values)


@dataclass
class Movements:
    """What a register says about the year's movements, before any table is written."""

    cells: pd.DataFrame  # ref_year, family, sex, age, start, hires, hires_left, exits_<reason>
    skipped: int = 0  # rows that left before 1 January N
    missing_reason: int = 0  # leavers of N without a reason (counted as other)
    reason_without_date: int = 0  # a reason but no exit date: the reason is not used
    present_by_cell: pd.Series = field(default_factory=lambda: pd.Series(dtype=np.int64))

    @property
    def ref_year(self) -> int:
        return int(self.cells["ref_year"].iloc[0]) if len(self.cells) else 0

    def total(self, column: str) -> int:
        return int(self.cells[column].sum()) if len(self.cells) else 0

    @property
    def exits(self) -> int:
        """Every leaver of N: the people of 1 January who left, and the hires who left."""
        return sum(self.total(c) for c in EXIT_COLUMNS) + self.total("hires_left")


def count(
    ref_year: int,
    family: np.ndarray,
    sex: np.ndarray,
    age: np.ndarray,
    entry_ord: np.ndarray | None,
    exit_ord: np.ndarray,
    reason: np.ndarray | None,
    families: tuple[str, ...],
    min_age: int,
    max_age: int,
) -> tuple[Movements, np.ndarray]:
    """Movements of valid rows, and the mask of the rows present at 31/12/N.

    `entry_ord`, `exit_ord`: date ordinals, 0 where not given; `reason`: index in
    REASON_CODES, len(REASON_CODES) where not given. One bincount per column."""
    jan1 = dt.date(ref_year, 1, 1).toordinal()
    dec31 = dt.date(ref_year, 12, 31).toordinal()
    n = len(family)
    given = exit_ord > 0
    skipped = given & (exit_ord < jan1)
    leaver = given & (exit_ord >= jan1) & (exit_ord <= dec31)
    kept = ~skipped
    present = kept & ~leaver
    entered = np.zeros(n, dtype=bool) if entry_ord is None else (entry_ord >= jan1)
    start = kept & ~entered
    hire = kept & entered
    if reason is None:
        reason = np.full(n, len(REASON_CODES), dtype=np.int64)
    missing = leaver & (reason >= len(REASON_CODES))
    reason = np.where(reason >= len(REASON_CODES), REASON_CODES.index("other"), reason)

    nf, na = len(families), max_age - min_age + 1
    size = nf * 2 * na
    key = (family * 2 + sex) * na + (age - min_age)

    def bins(mask: np.ndarray) -> np.ndarray:
        return np.bincount(key[mask], minlength=size)

    counts = {"start": bins(start), "hires": bins(hire), "hires_left": bins(hire & leaver)}
    for i, code in enumerate(REASON_CODES):
        counts[f"exits_{code}"] = bins(start & leaver & (reason == i))
    present_n = bins(present)
    f, s, a = np.unravel_index(np.arange(size), (nf, 2, na))
    occupied = np.zeros(size, dtype=bool)
    for c in counts.values():
        occupied |= c > 0
    occupied |= present_n > 0
    cells = pd.DataFrame(
        {
            "ref_year": ref_year,
            "family": np.array(families)[f[occupied]],
            "sex": np.array(["F", "H"])[s[occupied]],
            "age": a[occupied] + min_age,
            **{c: counts[c][occupied].astype(np.int64) for c in COUNT_COLUMNS},
        }
    )
    present_by_cell = pd.Series(present_n[occupied].astype(np.int64), index=cells.index)
    return (
        Movements(
            cells,
            skipped=int(skipped.sum()),
            missing_reason=int(missing.sum()),
            present_by_cell=present_by_cell,
        ),
        present,
    )


def identity_problems(mv: Movements, filename: str) -> list[Problem]:
    """Cells where present at 31/12/N ≠ start + hires − exits − hires_left."""
    c = mv.cells
    if c.empty:
        return []
    expected = c["start"] + c["hires"] - c[list(EXIT_COLUMNS)].sum(axis=1) - c["hires_left"]
    bad = c[expected.to_numpy() != mv.present_by_cell.to_numpy()]
    return [
        Problem(
            filename,
            None,
            None,
            f"année {r.ref_year}, {r.family}, {r.sex}, {r.age} ans : présents au 31/12 ≠ présents au 1er janvier "
            "+ embauches − sorties (identité de l'année rompue)",
        )
        for r in bad.head(20).itertuples()
    ]


def method_text(rows: int) -> str:
    return f"mouvements agrégés depuis un registre importé ({fmt(rows)} lignes valides)"


def movements_table(mv: Movements, scope: str, source_id: str, rows: int) -> pd.DataFrame:
    c = mv.cells
    df = pd.DataFrame(
        {
            "scope": scope,
            "ref_year": c["ref_year"].astype(int),
            "family": c["family"].astype(str),
            "sex": c["sex"].astype(str),
            "age": c["age"].astype(int),
            **{col: c[col].astype(int) for col in COUNT_COLUMNS},
            "status": "derived",
            "source_id": source_id,
            "method": method_text(rows),
        },
        columns=list(COLUMNS),
    )
    checked: pd.DataFrame = schema().validate(df.reset_index(drop=True), lazy=True)
    return checked


def summary(mv: Movements) -> str:
    """« 412 sorties en 2024 dont 96 départs à la retraite », and what else there is to say."""
    year = mv.ref_year
    retired = mv.total("exits_retirement")
    parts = [
        f"{fmt(mv.exits)} sortie(s) en {year} dont {fmt(retired)} départ(s) à la retraite",
        f"{fmt(mv.total('hires'))} embauche(s) en {year} (dont {fmt(mv.total('hires_left'))} déjà reparties)",
        f"{fmt(mv.total('start'))} personne(s) présente(s) au 1er janvier {year}",
    ]
    if mv.missing_reason:
        parts.append(f"{fmt(mv.missing_reason)} sortie(s) sans motif, comptée(s) « autre »")
    if mv.skipped:
        parts.append(f"{fmt(mv.skipped)} ligne(s) sorties avant le 1er janvier {year}, hors de l'année, écartées")
    return " ; ".join(parts)


LIMITS = (
    "Les colonnes de sortie donnent les sorties de l'année par motif, âge, sexe et famille, les embauches "
    "de l'année et les présents au 1er janvier ; elles ne donnent pas les sorties des années précédentes "
    "(un registre n'en garde pas trace), ni les mobilités entre familles (la famille lue est celle de la ligne), "
    "ni les absences longues ou les temps partiels."
)


def years_of(table: pd.DataFrame | None) -> list[int]:
    if table is None or table.empty:
        return []
    return sorted(int(y) for y in table["ref_year"].unique())


def merge_years(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """A scope's table with the new import's years put in place of the same years."""
    years = set(years_of(new))
    kept = old[~old["ref_year"].astype(int).isin(years)] if "ref_year" in old else old.iloc[0:0]
    out = pd.concat([kept, new], ignore_index=True)
    sort = [c for c in ("ref_year", "family", "sex", "age") if c in out]
    return out.sort_values(sort, kind="stable").reset_index(drop=True) if sort else out


def present_total(table: pd.DataFrame, year: int) -> int:
    """People present at 31/12 of `year` according to that year's movements."""
    rows = table[table["ref_year"] == year]
    return int((rows["start"] + rows["hires"] - rows[list(EXIT_COLUMNS)].sum(axis=1) - rows["hires_left"]).sum())


def chain_problems(old: pd.DataFrame, new: pd.DataFrame, filename: str) -> list[Problem]:
    """Consecutive years must follow each other: the people present at 31/12/N − 1 are
    those present on 1/1/N (a year that breaks this identity is refused)."""
    merged = merge_years(old, new)
    years = years_of(merged)
    new_years = set(years_of(new))
    problems = []
    for prev, nxt in zip(years, years[1:]):
        if nxt != prev + 1 or not ({prev, nxt} & new_years):
            continue
        end_prev = present_total(merged, prev)
        start_next = int(merged.loc[merged["ref_year"] == nxt, "start"].sum())
        if end_prev != start_next:
            problems.append(
                Problem(
                    filename,
                    None,
                    None,
                    f"années {prev} et {nxt} : {fmt(end_prev)} personnes présentes au 31/12/{prev} d'après le "
                    f"registre de {prev}, {fmt(start_next)} présentes au 1er janvier {nxt} d'après celui de {nxt} : "
                    "les deux registres ne se suivent pas (les présents du 31/12 sont ceux du 1er janvier suivant ; "
                    "vérifier les dates d'entrée et de sortie)",
                )
            )
    return problems
