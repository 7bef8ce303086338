"""A projection's results: the arrays of the run and the three tables built from them.

The tables are built on first use and kept: the app often needs only one of them,
and a benchmark of the engine should time the engine.

Monte Carlo results: every measure column without suffix is the *mean* over draws
(means add up, so the yearly identity holds on them exactly and the families add up
to the total); `<measure>_p10`, `_p50`, `_p90` are the percentiles over draws. The
structure table and the summary are computed from the mean structure and flows.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from .engine import MEASURES, Floats, Model, RunOutput, base_retirements, simulate
from .fields import MIN_AGE
from .population import SEXES
from .sampling import People
from .scenario import Scenario

PERCENTILES = (10, 50, 90)
# Fractional people are exact in the arrays; in a CSV, six decimals are plenty and
# spare the reader float noise such as 7.000000000000001.
CSV_DECIMALS = 6


def csv_bytes(frame: pd.DataFrame, dialect: str = "standard") -> bytes:
    """A result table as a CSV (`standard` or `excel-fr`), numbers rounded to
    CSV_DECIMALS: the command line and the studio's downloads write the same bytes."""
    from core import exports  # one definition of the CSV dialects for the whole product

    numeric = frame.select_dtypes("number").columns
    return exports.to_csv_bytes(frame.round({c: CSV_DECIMALS for c in numeric}), dialect)


SUMMARY_COLUMNS = (
    "family",
    "base_headcount",
    "horizon_headcount",
    "retirements_total",
    "external_hires_total",
    "share_retiring_by_horizon",
    "mean_age_base",
    "mean_age_horizon",
    "share_55_plus_base",
    "share_55_plus_horizon",
    "share_women_base",
    "share_women_horizon",
)
FLOWS_COLUMNS = ("year", "family") + MEASURES
STRUCTURE_COLUMNS = ("year", "family", "sex", "age", "headcount")
TOTAL = "TOTAL"


def flows_columns(monte_carlo: bool) -> tuple[str, ...]:
    if not monte_carlo:
        return FLOWS_COLUMNS
    extra = tuple(f"{m}_p{p}" for m in MEASURES for p in PERCENTILES)
    return FLOWS_COLUMNS + extra


class Projection:
    """The result of `gpec.project`.

    Attributes: `scenario`, `families`, `years` (base..horizon), `draws` (0 for the
    expected projection), `seed`, `notes` (French sentences to show with the
    results), `structure_array` (year, family, sex, age), `flows_mean` and, with
    Monte Carlo, `flows_percentiles` (10/50/90, year, family, measure).
    Tables: `flows`, `structure`, `summary`; `share_retiring_by_horizon`.
    """

    def __init__(
        self,
        scenario: Scenario,
        model: Model,
        out: RunOutput,
        draws: int,
        seed: int | None,
        notes: tuple[str, ...] = (),
    ):
        self.scenario = scenario
        self.model = model
        self.families = model.families
        self.years = tuple(range(model.base_year, model.horizon_year + 1))
        self.draws = draws
        self.seed = seed
        self.notes = notes
        self.structure_array = out.structure
        self._flows_by_draw = out.flows
        self.flows_mean = out.flows.mean(axis=0) if draws else out.flows[0].astype(float)
        self.flows_percentiles = np.percentile(out.flows, PERCENTILES, axis=0) if draws else None
        self._fractions = out.move_fractions if not draws else None

    # ---- the base population ----------------------------------------------------

    @cached_property
    def base_retirements(self) -> Floats:
        """Expected retirements by horizon of each family's base-year staff. Always the
        expected value: it does not depend on hires, and the claim check must not move
        with the draws."""
        fractions = self._fractions
        if fractions is None:
            fractions = simulate(self.model, 0).move_fractions
        return base_retirements(self.model, fractions)

    @property
    def share_retiring_by_horizon(self) -> float:
        base = self.model.stock.sum()
        return float(self.base_retirements.sum() / base) if base > 0 else float("nan")

    # ---- tables -------------------------------------------------------------------

    @cached_property
    def flows(self) -> pd.DataFrame:
        Y, F = self.flows_mean.shape[:2]
        out = {
            "year": np.repeat(np.arange(self.years[0], self.years[-1]), F),
            "family": np.tile(np.array(self.families, dtype=object), Y),
        }
        for k, m in enumerate(MEASURES):
            out[m] = self.flows_mean[:, :, k].ravel()
        if self.flows_percentiles is not None:
            for k, m in enumerate(MEASURES):
                for j, p in enumerate(PERCENTILES):
                    out[f"{m}_p{p}"] = self.flows_percentiles[j, :, :, k].ravel()
        return pd.DataFrame(out)

    @cached_property
    def structure(self) -> pd.DataFrame:
        T, F, S, A = self.structure_array.shape
        return pd.DataFrame(
            {
                "year": np.repeat(np.array(self.years), F * S * A),
                "family": np.tile(np.repeat(np.array(self.families, dtype=object), S * A), T),
                "sex": np.tile(np.repeat(np.array(SEXES, dtype=object), A), T * F),
                "age": np.tile(np.arange(MIN_AGE, MIN_AGE + A), T * F * S),
                "headcount": self.structure_array.ravel(),
            }
        )

    @cached_property
    def summary(self) -> pd.DataFrame:
        base = self.structure_array[0]
        horizon = self.structure_array[-1]
        ret = self.flows_mean[:, :, MEASURES.index("retirements")].sum(axis=0)
        hires = self.flows_mean[:, :, MEASURES.index("external_hires")].sum(axis=0)
        base_ret = self.base_retirements
        rows = []
        names = list(self.families) + [TOTAL]
        for f, name in enumerate(names):
            sel = slice(None) if name == TOTAL else slice(f, f + 1)
            b, h = base[sel], horizon[sel]
            nb, nh = b.sum(), h.sum()
            rows.append(
                {
                    "family": name,
                    "base_headcount": nb,
                    "horizon_headcount": nh,
                    "retirements_total": ret[sel].sum(),
                    "external_hires_total": hires[sel].sum(),
                    "share_retiring_by_horizon": _ratio(base_ret[sel].sum(), nb),
                    "mean_age_base": _mean_age(b),
                    "mean_age_horizon": _mean_age(h),
                    "share_55_plus_base": _ratio(b[..., 55 - MIN_AGE :].sum(), nb),
                    "share_55_plus_horizon": _ratio(h[..., 55 - MIN_AGE :].sum(), nh),
                    "share_women_base": _ratio(b[:, 0].sum(), nb),
                    "share_women_horizon": _ratio(h[:, 0].sum(), nh),
                }
            )
        return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"flows": self.flows, "structure": self.structure, "summary": self.summary}

    def flows_by_draw(self) -> People:
        """(draws, year, family, measure): every draw, for charts of the spread."""
        return self._flows_by_draw


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def _mean_age(cells: Floats) -> float:
    by_age = cells.reshape(-1, cells.shape[-1]).sum(axis=0)
    ages = np.arange(MIN_AGE, MIN_AGE + by_age.size)
    return _ratio((by_age * ages).sum(), by_age.sum())
