"""Hold a projection against what really happened.

Start from the people present on 1 January of `from_year` (the `start` of that
year's movements), project with a scenario to 1 January of `to_year`, and compare
each year in between and each family: retirements, other exits and hires (observed,
projected and, with Monte Carlo draws, the 10th–90th percentile band), then the
headcount of 1 January `to_year` (docs/method.md, « Back-test »).

Observed hires are the hires of the year still present at 31 December (the engine's
hires enter the next year's stock: a hire who left within the year is in neither);
observed other exits are those of the people present on 1 January.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core import formats

from .api import project
from .calibrate import EXIT_COLUMNS, OTHER_EXIT_COLUMNS, CalibrationError, base_population
from .engine import MEASURES
from .scenario import Scenario

TOTAL = "TOTAL"
FLOW_MEASURES = {"retirements": "retirements", "other_exits": "other_exits", "hires": "external_hires"}
BACKTEST_MEASURES = (*FLOW_MEASURES, "headcount")
COLUMNS = (
    "year",
    "family",
    "measure",
    "observed",
    "projected",
    "projected_p10",
    "projected_p90",
    "within_band",
    "difference",
    "in_sample",
)
IN_SAMPLE = (
    "dans l'échantillon : les années testées ont servi à calibrer le scénario, l'écart mesure l'ajustement, "
    "pas la qualité de la prévision"
)
OUT_OF_SAMPLE = "hors échantillon : les années testées n'ont pas servi à calibrer le scénario"
MEASURE_WORDS = {
    "retirements": "les départs à la retraite",
    "other_exits": "les autres départs",
    "hires": "les embauches",
    "headcount": "l'effectif",
}


@dataclass(frozen=True)
class Backtest:
    table: pd.DataFrame  # COLUMNS, rows family = TOTAL included
    from_year: int
    to_year: int
    draws: int
    in_sample: bool
    headcount_source: str  # "start" of to_year, or the 31/12 presence of to_year − 1

    @property
    def total_abs_error(self) -> float:
        """Σ|projected − observed| ÷ Σ observed over the family rows of the flows, in %."""
        rows = self.table[(self.table["family"] != TOTAL) & (self.table["measure"] != "headcount")]
        obs = float(rows["observed"].sum())
        return 100.0 * float(rows["difference"].abs().sum()) / obs if obs > 0 else float("nan")

    @property
    def share_within_band(self) -> float:
        """Share of the cells (year × family × measure, TOTAL included) whose observed
        value lies in the 10th–90th band; NaN without draws."""
        if not self.draws:
            return float("nan")
        return float(self.table["within_band"].astype(bool).mean())

    @property
    def sample_sentence(self) -> str:
        return IN_SAMPLE if self.in_sample else OUT_OF_SAMPLE

    def sentences(self) -> list[str]:
        """The error in plain French, one sentence per measure and year (totals)."""
        found: Iterable[Any] = self.table[self.table["family"] == TOTAL].itertuples()  # rows typed by their columns
        return [error_sentence(r.measure, int(r.year), float(r.observed), float(r.projected)) for r in found]


def error_sentence(measure: str, year: int, observed: float, projected: float) -> str:
    """« la projection a surestimé les départs à la retraite de 12 % en 2024 »."""
    what = MEASURE_WORDS.get(measure, measure)
    when = f"au 1er janvier {year}" if measure == "headcount" else f"en {year}"
    if observed <= 0:
        if projected <= 0:
            return f"ni la projection ni les données n'ont de mouvement pour {what} {when}"
        return f"la projection attendait {formats.number(projected)} pour {what} {when}, il n'y en a eu aucun"
    gap = 100.0 * (projected - observed) / observed
    shown = f"{abs(gap):.0f}"
    if shown == "0":
        return f"la projection a vu juste pour {what} {when} (écart inférieur à 0,5 %)"
    verb = "surestimé" if gap > 0 else "sous-estimé"
    return f"la projection a {verb} {what} de {shown} % {when}"


def _observed(movements: pd.DataFrame, years: range) -> pd.DataFrame:
    m = movements[movements["ref_year"].isin(list(years))]
    df = m.assign(
        retirements=m["exits_retirement"],
        other_exits=m[list(OTHER_EXIT_COLUMNS)].sum(axis=1),
        hires=m["hires"] - m["hires_left"],
    )
    g = df.groupby(["ref_year", "family"])[list(FLOW_MEASURES)].sum().reset_index().rename(columns={"ref_year": "year"})
    return g.melt(id_vars=["year", "family"], var_name="measure", value_name="observed")


def _observed_headcount(movements: pd.DataFrame, to_year: int) -> tuple[pd.DataFrame, str]:
    have = set(int(y) for y in movements["ref_year"].unique())
    if to_year in have:
        rows = movements[movements["ref_year"] == to_year]
        g = rows.groupby("family")["start"].sum()
        source = f"présents au 1er janvier {to_year} (registre de {to_year})"
    else:
        rows = movements[movements["ref_year"] == to_year - 1]
        present = rows["start"] + rows["hires"] - rows[list(EXIT_COLUMNS)].sum(axis=1) - rows["hires_left"]
        g = rows.assign(present=present).groupby("family")["present"].sum()
        source = f"présents au 31/12/{to_year - 1} (registre de {to_year - 1})"
    return pd.DataFrame(
        {"year": to_year, "family": g.index.astype(str), "measure": "headcount", "observed": g.values}
    ), source


def check_years(movements: pd.DataFrame, from_year: int, to_year: int) -> None:
    have = sorted(int(y) for y in movements["ref_year"].unique()) if len(movements) else []
    if to_year <= from_year:
        raise CalibrationError(f"--to {to_year} doit être postérieure à --from {from_year}")
    missing = [y for y in range(from_year, to_year) if y not in have]
    if missing:
        listed = ", ".join(map(str, have)) or "aucune"
        raise CalibrationError(
            f"année {', '.join(map(str, missing))} absente des mouvements du périmètre : le back-test de "
            f"{from_year} à {to_year} demande les registres de {from_year} à {to_year - 1} (années importées : {listed})"
        )


def backtest(
    movements: pd.DataFrame,
    scenario: Scenario,
    from_year: int,
    to_year: int,
    draws: int = 0,
    seed: int = 0,
    max_cost: int | None = None,
) -> Backtest:
    """Observed against projected, from 1 January `from_year` to 1 January `to_year`."""
    check_years(movements, from_year, to_year)
    population = base_population(movements, from_year)
    if population.empty:
        raise CalibrationError(f"personne n'était présent au 1er janvier {from_year} : rien à projeter")
    moved = Scenario.from_dict(
        scenario.to_dict() | {"base_year": from_year, "horizon_year": to_year, "monte_carlo": {"draws": 0, "seed": 0}}
    )
    proj = project(population, moved, draws=draws, seed=seed, max_cost=max_cost)
    fams = list(proj.families)
    years = list(range(from_year, to_year))
    by_draw = proj.flows_by_draw()  # (D, Y, F, measures)
    idx = {m: MEASURES.index(m) for m in MEASURES}
    rows = []
    for measure, engine_measure in FLOW_MEASURES.items():
        k = idx[engine_measure]
        per_family = by_draw[..., k]  # (D, Y, F)
        totals = per_family.sum(axis=2)  # (D, Y)
        for yi, year in enumerate(years):
            for fi, fam in enumerate([*fams, TOTAL]):
                values = totals[:, yi] if fam == TOTAL else per_family[:, yi, fi]
                rows.append(_projected_row(year, fam, measure, values, draws))
    structure = proj.structure
    last = structure[structure["year"] == to_year].groupby("family")["headcount"].sum()
    end_draws = by_draw[:, -1, :, idx["headcount_end"]]  # (D, F)
    for fi, fam in enumerate(fams):
        rows.append(_projected_row(to_year, fam, "headcount", end_draws[:, fi], draws, mean=float(last.get(fam, 0.0))))
    rows.append(_projected_row(to_year, TOTAL, "headcount", end_draws.sum(axis=1), draws, mean=float(last.sum())))
    projected = pd.DataFrame(rows)

    observed = _observed(movements, range(from_year, to_year))
    head, source = _observed_headcount(movements, to_year)
    observed = pd.concat([observed, head], ignore_index=True)
    obs_tot = observed.groupby(["year", "measure"], as_index=False)["observed"].sum().assign(family=TOTAL)
    observed = pd.concat([observed, obs_tot], ignore_index=True)

    table = projected.merge(observed, on=["year", "family", "measure"], how="outer")
    table["observed"] = table["observed"].fillna(0.0)
    for col in ("projected", "projected_p10", "projected_p90"):
        if col in table:
            table[col] = table[col].fillna(0.0) if draws or col == "projected" else table[col]
    table["difference"] = table["projected"] - table["observed"]
    if draws:
        table["within_band"] = (table["observed"] >= table["projected_p10"]) & (
            table["observed"] <= table["projected_p90"]
        )
    else:
        table["within_band"] = pd.NA
    calibration = scenario.calibration
    in_sample = bool(calibration and set(calibration.years) & set(years))
    table["in_sample"] = in_sample
    order = {m: i for i, m in enumerate(BACKTEST_MEASURES)}
    table = table.assign(_m=table["measure"].map(order), _t=(table["family"] == TOTAL).astype(int)).sort_values(
        ["_m", "year", "_t", "family"], kind="stable"
    )
    table = table.drop(columns=["_m", "_t"]).reset_index(drop=True)[list(COLUMNS)]
    return Backtest(table, from_year, to_year, draws, in_sample, source)


def _projected_row(
    year: int, family: str, measure: str, values: np.ndarray, draws: int, mean: float | None = None
) -> dict[str, Any]:
    values = np.asarray(values, dtype=float)
    row = {
        "year": year,
        "family": family,
        "measure": measure,
        "projected": float(values.mean()) if mean is None else mean,
        "projected_p10": np.nan,
        "projected_p90": np.nan,
    }
    if draws:
        row["projected_p10"] = float(np.percentile(values, 10))
        row["projected_p90"] = float(np.percentile(values, 90))
    return row
