"""Observed rates from an employer's own movements, with credibility weights.

Input: the `movements` table of an imported scope (one row per year, family, sex and
age reached in the year: `start`, `hires`, `hires_left`, `exits_<reason>`), summed
over the chosen years. Output: every rate with the counts behind it, and a version 2
scenario that uses them (docs/method.md, « Calibrer sur ses propres mouvements »).

A rate observed on few people is pulled toward a reference by a credibility weight:
    rate = (events + k · reference) / (people at risk + k),   k = CREDIBILITY_K,
so that the weight of the observation is z = n / (n + k): 0.5 for 20 people, 0.98
for 1 000. Pure functions over DataFrames: no file, no store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .fields import HIRE_MAX_AGE, HIRE_MIN_AGE, LATEST_SCHEMA_VERSION, MAX_AGE
from .retirement import probability_table
from .scenario import Retirement, Scenario
from .schedules import DEFAULT_SCHEDULE

CREDIBILITY_K = 20
RETIREMENT_AGES = range(55, 71)  # q(a) observed for 55..70; 1 above
EXIT_BANDS = ((18, 29), (30, 39), (40, 49), (50, 54), (55, MAX_AGE))
REASONS = (
    "retirement",
    "resignation",
    "end_of_contract",
    "mutual_termination",
    "dismissal",
    "death",
    "transfer",
    "trial_period",
    "other",
)
EXIT_COLUMNS = tuple(f"exits_{r}" for r in REASONS)
OTHER_EXIT_COLUMNS = tuple(c for c in EXIT_COLUMNS if c != "exits_retirement")
MOVEMENT_COLUMNS = ("ref_year", "family", "sex", "age", "start", "hires", "hires_left", *EXIT_COLUMNS)
REPLACEMENT_BOUNDS = (0.0, 3.0)
LOW_WEIGHT = 0.5  # below this credibility weight a rate is said to rest mostly on its reference
METHOD = f"taux observés, crédibilité k = {CREDIBILITY_K}"
RATE_COLUMNS = (
    "measure",
    "family",
    "age_from",
    "age_to",
    "people_at_risk",
    "events",
    "observed",
    "reference",
    "weight",
    "value",
)


class CalibrationError(ValueError):
    """Movements that cannot be calibrated (no such year, nobody at risk): one French sentence."""


def credible(events: np.ndarray, n: np.ndarray, reference: np.ndarray, k: float = CREDIBILITY_K) -> np.ndarray:
    """(events + k·reference) / (n + k), elementwise."""
    return (np.asarray(events, float) + k * np.asarray(reference, float)) / (np.asarray(n, float) + k)


def weight(n: npt.ArrayLike, k: float = CREDIBILITY_K) -> np.ndarray:
    return np.asarray(n, float) / (np.asarray(n, float) + k)


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.asarray(a, float), np.asarray(b, float)
    ratio: np.ndarray = np.divide(a, b, out=np.full_like(a, np.nan), where=b > 0)
    return ratio


def select_years(movements: pd.DataFrame, years: list[int] | None) -> tuple[pd.DataFrame, list[int]]:
    """The rows of the chosen years (all when None), or CalibrationError naming the
    missing year and the years available."""
    have = sorted(int(y) for y in movements["ref_year"].unique()) if len(movements) else []
    if not have:
        raise CalibrationError("aucun mouvement : le périmètre n'a pas de registre avec dates de sortie")
    chosen = have if not years else sorted(set(int(y) for y in years))
    missing = [y for y in chosen if y not in have]
    if missing:
        raise CalibrationError(
            f"année {', '.join(map(str, missing))} absente des mouvements du périmètre "
            f"(années importées : {', '.join(map(str, have))})"
        )
    return movements[movements["ref_year"].isin(chosen)], chosen


def legal_reference(rows: pd.DataFrame, schedule: str = DEFAULT_SCHEDULE) -> pd.Series:
    """q of the legal schedule at each age 55..70, averaged over the years weighted by
    the people at risk of each year (the reference a thin age is shrunk toward)."""
    ages = np.array(list(RETIREMENT_AGES))
    years = sorted(int(y) for y in rows["ref_year"].unique())
    rule = Retirement("legal_schedule", schedule=schedule, delay_years=0.0)
    table = probability_table(rule, years[0], years[-1] + 1, ages)  # (years, ages)
    pivot = rows.pivot_table(index="ref_year", columns="age", values="start", aggfunc="sum", fill_value=0)
    at_risk = pivot.reindex(index=range(years[0], years[-1] + 1), columns=ages, fill_value=0).to_numpy(float)
    total = at_risk.sum(axis=0)
    mean = np.where(total > 0, (table * at_risk).sum(axis=0) / np.where(total > 0, total, 1), table.mean(axis=0))
    return pd.Series(mean, index=ages)


def retirement_rates(rows: pd.DataFrame, schedule: str = DEFAULT_SCHEDULE) -> pd.DataFrame:
    ages = list(RETIREMENT_AGES)
    g = rows.groupby("age")[["start", "exits_retirement"]].sum().reindex(ages, fill_value=0)
    n, r = g["start"].to_numpy(float), g["exits_retirement"].to_numpy(float)
    ref = legal_reference(rows, schedule).to_numpy()
    return pd.DataFrame(
        {
            "measure": "retirement",
            "family": "TOTAL",
            "age_from": ages,
            "age_to": ages,
            "people_at_risk": n,
            "events": r,
            "observed": _ratio(r, n),
            "reference": ref,
            "weight": weight(n),
            "value": np.clip(credible(r, n, ref), 0.0, 1.0),
        }
    )


def _band(age: pd.Series) -> pd.Series:
    lows = np.array([lo for lo, _ in EXIT_BANDS])
    idx = np.searchsorted(lows, age.to_numpy(), side="right") - 1
    return pd.Series(np.where(age.to_numpy() >= lows[0], idx, -1), index=age.index)


def other_exit_rates(rows: pd.DataFrame) -> pd.DataFrame:
    """Other exits by band, all families (reference: the overall rate) then by family
    (reference: the band's rate over all families)."""
    df = rows.assign(
        band=_band(rows["age"]),
        exposed=rows["start"] - rows["exits_retirement"],
        events=rows[list(OTHER_EXIT_COLUMNS)].sum(axis=1),
    )
    df = df[df["band"] >= 0]
    overall_n, overall_e = float(df["exposed"].sum()), float(df["events"].sum())
    overall = overall_e / overall_n if overall_n > 0 else 0.0
    by_band = df.groupby("band")[["exposed", "events"]].sum().reindex(range(len(EXIT_BANDS)), fill_value=0)
    n, e = by_band["exposed"].to_numpy(float), by_band["events"].to_numpy(float)
    band_value = np.clip(credible(e, n, np.full(len(n), overall)), 0.0, 1.0)
    parts = [
        pd.DataFrame(
            {
                "measure": "other_exit",
                "family": "TOTAL",
                "age_from": [lo for lo, _ in EXIT_BANDS],
                "age_to": [hi for _, hi in EXIT_BANDS],
                "people_at_risk": n,
                "events": e,
                "observed": _ratio(e, n),
                "reference": overall,
                "weight": weight(n),
                "value": band_value,
            }
        )
    ]
    fam = df.groupby(["family", "band"])[["exposed", "events"]].sum().reset_index()
    if len(fam):
        ref = band_value[fam["band"].to_numpy()]
        fn, fe = fam["exposed"].to_numpy(float), fam["events"].to_numpy(float)
        parts.append(
            pd.DataFrame(
                {
                    "measure": "other_exit",
                    "family": fam["family"].astype(str).to_numpy(),
                    "age_from": [EXIT_BANDS[b][0] for b in fam["band"]],
                    "age_to": [EXIT_BANDS[b][1] for b in fam["band"]],
                    "people_at_risk": fn,
                    "events": fe,
                    "observed": _ratio(fe, fn),
                    "reference": ref,
                    "weight": weight(fn),
                    "value": np.clip(credible(fe, fn, ref), 0.0, 1.0),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def replacement_rates(rows: pd.DataFrame) -> pd.DataFrame:
    """Hires still present at 31/12 ÷ exits of the people present on 1 January, by
    family, shrunk toward the overall ratio with k exits, bounded 0..3."""
    df = rows.assign(net_hires=rows["hires"] - rows["hires_left"], exits=rows[list(EXIT_COLUMNS)].sum(axis=1))
    g = df.groupby("family")[["net_hires", "exits"]].sum()
    total_h, total_e = float(g["net_hires"].sum()), float(g["exits"].sum())
    overall = float(np.clip(total_h / total_e, *REPLACEMENT_BOUNDS)) if total_e > 0 else 1.0
    h, e = g["net_hires"].to_numpy(float), g["exits"].to_numpy(float)
    return pd.DataFrame(
        {
            "measure": "replacement",
            "family": g.index.astype(str),
            "age_from": np.nan,
            "age_to": np.nan,
            "people_at_risk": e,
            "events": h,
            "observed": _ratio(h, e),
            "reference": overall,
            "weight": weight(e),
            "value": np.clip(credible(h, e, np.full(len(e), overall)), *REPLACEMENT_BOUNDS),
        }
    )


@dataclass(frozen=True)
class HireProfile:
    hires: int
    mean_age: float  # age reached the year after the hire (the engine's convention)
    age_sd: float
    share_women: float


def hire_profile(rows: pd.DataFrame) -> HireProfile:
    h = rows[rows["hires"] > 0]
    n = float(h["hires"].sum())
    if n <= 0:
        return HireProfile(0, 30.0, 7.0, 0.5)
    mean = float((h["age"] * h["hires"]).sum() / n)
    var = float((h["hires"] * (h["age"] - mean) ** 2).sum() / n)
    women = float(h.loc[h["sex"] == "F", "hires"].sum() / n)
    return HireProfile(
        int(n),
        float(np.clip(mean + 1, HIRE_MIN_AGE, HIRE_MAX_AGE)),
        float(np.clip(np.sqrt(var), 1.0, 20.0)),
        float(np.clip(women, 0.0, 1.0)),
    )


@dataclass(frozen=True)
class Calibrated:
    """Rates observed on a scope's movements, each with its counts."""

    scope: str
    years: tuple[int, ...]
    rates: pd.DataFrame  # RATE_COLUMNS
    hires: HireProfile
    people_at_risk: int
    exits: int
    families: tuple[str, ...]

    @property
    def thin(self) -> pd.DataFrame:
        """Rates resting mostly on their reference (weight below LOW_WEIGHT)."""
        return self.rates[self.rates["weight"] < LOW_WEIGHT]

    def retirement(self) -> Retirement:
        r = self.rates[self.rates["measure"] == "retirement"]
        probs = {int(a): round(float(v), 6) for a, v in zip(r["age_from"], r["value"])}
        return Retirement("age_curve", probabilities=probs)

    def scenario(
        self, base_year: int | None = None, horizon_year: int | None = None, name: str | None = None
    ) -> Scenario:
        base = base_year if base_year is not None else max(self.years) + 1
        horizon = horizon_year if horizon_year is not None else base + 10
        o = self.rates[self.rates["measure"] == "other_exit"]
        common = o[o["family"] == "TOTAL"]
        overall_n = float(common["people_at_risk"].sum())
        default = float(common["events"].sum() / overall_n) if overall_n > 0 else 0.0

        def bands(rows: pd.DataFrame) -> list[dict[str, float]]:
            found: Iterable[Any] = rows.sort_values("age_from").itertuples()  # rows typed by their columns
            return [{"from": int(r.age_from), "to": int(r.age_to), "rate": round(float(r.value), 6)} for r in found]

        by_family_age = {fam: bands(rows) for fam, rows in o[o["family"] != "TOTAL"].groupby("family", sort=True)}
        rep = self.rates[self.rates["measure"] == "replacement"]
        overall_rep = float(rep["reference"].iloc[0]) if len(rep) else 1.0
        years = ", ".join(map(str, self.years))
        data = {
            "schema_version": LATEST_SCHEMA_VERSION,
            "name": name or f"Calibré sur {self.scope} ({years})",
            "description": (
                f"Départs à la retraite par âge, autres départs par tranche d'âge et famille, remplacement "
                f"et profil des embauches observés sur {years} ({METHOD})"
            ),
            "base_year": base,
            "horizon_year": horizon,
            "retirement": self.retirement().to_dict(),
            "other_exit_rate": {
                "default": round(min(max(default, 0.0), 1.0), 6),
                "by_family": {},
                "by_age": bands(common),
                "by_family_age": by_family_age,
            },
            "replacement_rate": {
                "default": round(overall_rep, 6),
                "by_family": {str(f): round(float(v), 6) for f, v in zip(rep["family"], rep["value"])},
            },
            "growth_rate": {"default": 0.0, "by_family": {}},
            "internal_mobility": [],
            "hires": {
                "mean_age": round(self.hires.mean_age, 2),
                "age_sd": round(self.hires.age_sd, 2),
                "share_women": round(self.hires.share_women, 4),
            },
            "monte_carlo": {"draws": 0, "seed": 0},
            "calibration": {
                "scope": self.scope,
                "years": list(self.years),
                "people_at_risk": self.people_at_risk,
                "exits": self.exits,
                "method": METHOD,
            },
        }
        return Scenario.from_dict(data)


def calibrate(
    movements: pd.DataFrame, scope: str, years: list[int] | None = None, schedule: str = DEFAULT_SCHEDULE
) -> Calibrated:
    """Observed rates of `movements` (one scope) over `years` (all when None)."""
    missing = [c for c in MOVEMENT_COLUMNS if c not in movements.columns]
    if missing:
        raise CalibrationError(f"table des mouvements incomplète : colonnes absentes {', '.join(missing)}")
    rows, chosen = select_years(movements, years)
    start = int(rows["start"].sum())
    if start == 0:
        raise CalibrationError(
            f"personne n'était présent au 1er janvier de {', '.join(map(str, chosen))} : aucun taux ne peut être observé"
        )
    rates = pd.concat([retirement_rates(rows, schedule), other_exit_rates(rows), replacement_rates(rows)])
    rates = rates.reset_index(drop=True)[list(RATE_COLUMNS)]
    return Calibrated(
        scope=scope,
        years=tuple(chosen),
        rates=rates,
        hires=hire_profile(rows),
        people_at_risk=start,
        exits=int(rows[list(EXIT_COLUMNS)].sum().sum()),
        families=tuple(sorted(rows.loc[rows["start"] > 0, "family"].astype(str).unique())),
    )


def base_population(movements: pd.DataFrame, year: int) -> pd.DataFrame:
    """The people present on 1 January of `year` (its `start`), as engine cells."""
    rows = movements[(movements["ref_year"] == year) & (movements["start"] > 0)]
    return (
        rows.groupby(["family", "sex", "age"], as_index=False)[["start"]]
        .sum()
        .rename(columns={"start": "headcount"})[["family", "sex", "age", "headcount"]]
    )
