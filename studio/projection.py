"""The one projection service of the dashboard: the ages page, the scenario studio and
the deck run the engine through these functions, so one preset and one legal schedule
give the same retirements everywhere. Pure Python: the app caches these calls, the deck
calls them directly."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pandas as pd

import gpec
from charts.ages import CLAIM_RULES, SCHEDULE_SOURCES, pyramid_cells
from charts.common import SOURCE_SEPARATOR
from core import labels, privacy

DEFAULT_SCHEDULE = gpec.DEFAULT_SCHEDULE


def reference_preset() -> dict | None:
    """The reference scenario: the first preset of the scenarios folder, as a dict
    (None without any preset). Read again only when a preset file changes; raises the
    engine's InputRefused on a damaged file."""
    files = gpec.preset_files()
    if not files:
        return None
    return copy.deepcopy(_load_preset(str(files[0]), files[0].stat().st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _load_preset(path: str, mtime_ns: int) -> dict:
    return gpec.Scenario.load(Path(path)).to_dict()


def claim_shares(cells: pd.DataFrame, preset: dict, claim: pd.Series) -> dict[str, float]:
    """The share of the claim's staff (in percent) who could have retired by its
    horizon, under each of `CLAIM_RULES`."""
    return {
        key: 100 * gpec.claim_check(cells, claim_scenario(preset, claim, rule)).share
        for key, rule in CLAIM_RULES.items()
    }


def retirement_scenario(preset: dict, schedule: str | None = None) -> dict:
    """The preset scenario (as a dict) with its retirement rule set to the legal
    `schedule`: the assumptions the page shows are those of a named preset file, only
    the schedule changes."""
    scn = copy.deepcopy(preset)
    if schedule is not None:
        scn["retirement"] = {
            "rule": "legal_schedule",
            "schedule": schedule,
            "delay_years": float(scn.get("retirement", {}).get("delay_years", 0.0) or 0.0),
        }
    scn["monte_carlo"] = {"draws": 0, "seed": scn.get("monte_carlo", {}).get("seed", 0)}
    return scn


def project_retirements(cells: pd.DataFrame, scenario: dict) -> pd.DataFrame:
    """Run the engine (expected values) and return its `flows` table."""
    return gpec.project(cells, scenario, draws=0).flows


def scope_retirements(
    age_pyramid: pd.DataFrame,
    scope: str,
    ref_year: int,
    families: list[str] | None,
    preset: dict,
    schedule: str,
    min_cell: int | None = None,
    hidden_families=(),
) -> pd.DataFrame:
    """Retirements by year and family of one pyramid under the first preset with the
    chosen legal schedule, moved to start at the pyramid's year: the ages page and the
    deck call this one function. `age_pyramid` must hold whole people (the engine's
    input); with `min_cell` (an imported scope in diffusion), the result is suppressed
    by `privacy.protect_flows` (`hidden_families`: those the scope's diffusion view
    hides). Raises the engine's InputRefused on a damaged preset."""
    scn = retirement_scenario(preset, schedule)
    scn.update(base_year=int(ref_year), horizon_year=int(ref_year) + (scn["horizon_year"] - scn["base_year"]))
    flows = project_retirements(pyramid_cells(age_pyramid, scope, ref_year, families), scn)
    rows = age_pyramid[(age_pyramid["scope"] == scope) & (age_pyramid["ref_year"] == ref_year)]
    totals = flows.groupby("year")["retirements"].sum()
    total_labels = pd.Series("", index=totals.index)
    if min_cell is not None:
        protected = privacy.protect_flows(flows, min_cell, hidden_families)
        t = protected.totals[protected.totals["measure"] == "retirements"].set_index("year")
        totals, total_labels = t["value"], t["label"]
        out = retirements_data(protected.flows, scope, rows["source_id"].iloc[0], schedule)
        lbl = protected.hidden["flows"]["retirements"].to_numpy()
        out["suppressed"] = lbl != ""
        out["suppressed_label"] = lbl
    else:
        out = retirements_data(flows, scope, rows["source_id"].iloc[0], schedule)
    out["year_total"] = out["year"].map(totals)
    out["year_total_label"] = out["year"].map(total_labels).fillna("")
    return out


def retirements_data(flows: pd.DataFrame, scope: str, source_id: str, schedule: str) -> pd.DataFrame:
    """Exactly the stacked bars: retirements by projection year and family, with
    `family_label`, status `projection`, the scope projected and the sources the
    numbers rest on (the estimated pyramid and the legal schedule's table)."""
    if flows.empty:
        return pd.DataFrame(
            columns=["year", "family", "family_label", "retirements", "scope", "ref_year", "status", "source_id"]
        )
    f = flows[["year", "family", "retirements"]].copy()
    f["family_label"] = f["family"].map(labels.family_label)
    sources = SOURCE_SEPARATOR.join([source_id] + [s for s in SCHEDULE_SOURCES.get(schedule, "").split(";") if s])
    f = f.assign(scope=scope, ref_year=f["year"], status="projection", source_id=sources)
    return f[["year", "family", "family_label", "retirements", "scope", "ref_year", "status", "source_id"]].reset_index(
        drop=True
    )


def claim_scenario(preset: dict, claim: pd.Series, rule: dict) -> dict:
    """A scenario over the claim's years (base 2009, horizon 2015) with no exit other
    than retirement: the share it gives is the most the age structure allows."""
    scn = retirement_scenario(preset)
    scn.update(
        base_year=int(claim["base_year"]),
        horizon_year=int(claim["horizon_year"]),
        retirement=dict(rule),
        other_exit_rate={"default": 0.0, "by_family": {}},
    )
    return scn
