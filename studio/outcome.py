"""What the studio keeps of a projection: the engine's three tables as they are, plus
the percentile band of the *whole* workforce in Monte Carlo mode.

The flows table gives percentiles family by family; the percentiles of a total are
not the sum of the families' percentiles, so the band of the total is computed here
from the draws themselves, once, while they are at hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gpec import MEASURES, PERCENTILES, Projection

BAND_COLUMNS = ["year", "measure", "p10", "p50", "p90"]
# Measures of the band: yearly flows (years base..horizon-1) and the headcount on
# 1 January (years base..horizon).
BAND_FLOWS = ("retirements", "other_exits", "external_hires")


@dataclass(frozen=True)
class Outcome:
    """A projection reduced to what the page draws and exports; small and picklable,
    so that it can sit in Streamlit's data cache."""

    flows: pd.DataFrame
    structure: pd.DataFrame
    summary: pd.DataFrame
    band: pd.DataFrame | None = None
    draws: int = 0
    seed: int | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def total_band(projection: Projection) -> pd.DataFrame | None:
    """p10/p50/p90 over draws of the all-families totals: `headcount` for every year
    base..horizon, `retirements`, `other_exits`, `departures` (their sum) and
    `external_hires` for every year base..horizon-1. None for an expected projection."""
    if not projection.draws:
        return None
    draws = projection.flows_by_draw().sum(axis=2)  # (draws, year, measure)
    years = np.array(projection.years)
    idx = {m: k for k, m in enumerate(MEASURES)}
    series = {
        "headcount": np.concatenate([draws[:, :, idx["headcount_start"]], draws[:, -1:, idx["headcount_end"]]],
                                    axis=1),
        "departures": draws[:, :, idx["retirements"]] + draws[:, :, idx["other_exits"]],
    }
    for m in BAND_FLOWS:
        series[m] = draws[:, :, idx[m]]
    parts = []
    for measure, values in series.items():
        p = np.percentile(values, PERCENTILES, axis=0)
        n = values.shape[1]
        parts.append(pd.DataFrame({"year": years[:n], "measure": measure, "p10": p[0], "p50": p[1], "p90": p[2]}))
    return pd.concat(parts, ignore_index=True)[BAND_COLUMNS]


def outcome(projection: Projection) -> Outcome:
    return Outcome(flows=projection.flows, structure=projection.structure, summary=projection.summary,
                   band=total_band(projection), draws=projection.draws, seed=projection.seed,
                   notes=tuple(projection.notes))


def csv_bytes(frame: pd.DataFrame, dialect: str = "standard") -> bytes:
    """A result table as the command line writes it (`csv` = the standard dialect,
    `csv-fr` = excel-fr): same rounding, same dialects, so a file downloaded from the
    page and a file written by `python -m gpec run` are the same bytes."""
    import exports
    from gpec.cli import CSV_DECIMALS

    return exports.to_csv_bytes(frame.round(CSV_DECIMALS), dialect)


def protect(result: Outcome, scope: str) -> Outcome:
    """The outcome as it may be shown: unchanged for the published scopes; for an
    imported scope, small counts hidden by `privacy.protect_projection` at the
    threshold recorded when the scope was imported."""
    import dataclasses

    import privacy
    from etl.imports.scopes import thresholds

    min_cell = thresholds().get(scope)
    if min_cell is None:
        return result
    flows, structure, summary = privacy.protect_projection(result.flows, result.structure, result.summary, min_cell)
    return dataclasses.replace(result, flows=flows, structure=structure, summary=summary,
                               notes=result.notes + (privacy_note(min_cell),))


def privacy_note(min_cell: int) -> str:
    import labels
    return labels.PRIVACY_PROJECTION_NOTE.format(min_cell=min_cell)
