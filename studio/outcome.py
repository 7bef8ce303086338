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
    hidden: dict | None = None  # diffusion: labels of the hidden cells, table -> frame ("" shown)
    totals: pd.DataFrame | None = None  # diffusion: totals over families from the full counts (NaN hidden)
    min_cell: int | None = None

    @property
    def diffusion(self) -> bool:
        return self.hidden is not None

    def hidden_count(self) -> int:
        if not self.hidden:
            return 0
        return int(sum((h != "").to_numpy().sum() for name, h in self.hidden.items() if name != "structure"))

    def for_file(self, name: str) -> pd.DataFrame:
        """A table fit for a file: hidden cells read their label ("< 5", "secret")."""
        frame = getattr(self, name)
        if not self.hidden:
            return frame
        from core import privacy

        return privacy.with_labels(frame, self.hidden[name])


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
        "headcount": np.concatenate([draws[:, :, idx["headcount_start"]], draws[:, -1:, idx["headcount_end"]]], axis=1),
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
    return Outcome(
        flows=projection.flows,
        structure=projection.structure,
        summary=projection.summary,
        band=total_band(projection),
        draws=projection.draws,
        seed=projection.seed,
        notes=tuple(projection.notes),
    )


def csv_bytes(frame: pd.DataFrame, dialect: str = "standard") -> bytes:
    """A result table as the command line writes it (`csv` = the standard dialect,
    `csv-fr` = excel-fr): same rounding, same dialects, so a standard CSV downloaded
    from the page and one written by `python -m gpec run` are the same bytes (the
    page's Excel (FR) files are written for people: studio.files)."""
    from gpec.results import csv_bytes as result_csv

    return result_csv(frame, dialect)


def protect(result: Outcome, rule: dict | None) -> Outcome:
    """The outcome as a diffusion view shows it. `rule` is None in analysis (the
    outcome is returned as it is); otherwise `{"min_cell", "hidden_families",
    "hidden_bands"}` of the imported scope, and the flows, structure, summary and band
    come from `privacy.protect_projection`, with the labels of their hidden cells."""
    import dataclasses

    from core import privacy

    if rule is None:
        return result
    min_cell = rule["min_cell"]
    p = privacy.protect_projection(
        result.flows,
        result.structure,
        result.summary,
        min_cell,
        rule.get("hidden_families", ()),
        rule.get("hidden_bands", ()),
    )
    band = result.band
    if band is not None:  # percentiles of totals: a small one is hidden like a count
        band = band.copy()
        for col in ("p10", "p50", "p90"):
            small = (band[col] >= 0.5) & (band[col] < min_cell)
            band.loc[small, col] = float("nan")
    return dataclasses.replace(
        result,
        flows=p.flows,
        structure=p.structure,
        summary=p.summary,
        band=band,
        hidden=p.hidden,
        totals=p.totals,
        min_cell=min_cell,
        notes=result.notes + (privacy_note(min_cell),),
    )


def privacy_note(min_cell: int) -> str:
    from core import labels

    return labels.PRIVACY_PROJECTION_NOTE.format(min_cell=min_cell)
