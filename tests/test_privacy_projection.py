"""Projections of an imported scope show no count under the threshold: the base year
of such a projection is the register itself."""

import numpy as np
import pandas as pd

import gpec
from core import privacy


def small_population():
    rows = [("gestion", "F", 40, 30), ("gestion", "H", 61, 3), ("si", "F", 62, 2), ("si", "H", 30, 2)]
    return pd.DataFrame(rows, columns=["family", "sex", "age", "headcount"])


def scenario():
    return {
        "name": "t",
        "base_year": 2025,
        "horizon_year": 2028,
        "retirement": {"rule": "fixed_age", "age": 62},
        "other_exit_rate": {"default": 0.05},
        "replacement_rate": {"default": 1.0},
        "growth_rate": {"default": 0.0},
        "internal_mobility": [],
        "hires": {"mean_age": 30, "age_sd": 5, "share_women": 0.7},
        "monte_carlo": {"draws": 0, "seed": 1},
    }


def test_no_small_count_survives():
    res = gpec.project(small_population(), scenario())
    p = privacy.protect_projection(res.flows, res.structure, res.summary, 5, hidden_families={"si"})
    flows, structure, summary = p.flows, p.structure, p.summary
    for col in privacy.PROJECTION_COUNTS:
        v = flows[col].dropna()
        assert ((v < 0.5) | (v >= 5)).all(), col
    v = structure["headcount"].dropna()
    assert ((v < 0.5) | (v >= 5)).all()
    assert set(structure["family"]) == {"TOTAL"} and structure["age_band"].notna().all()
    si = summary[summary["family"] == "si"]
    assert si.drop(columns="family").isna().all(axis=None)
    # the engine's own total row stays: it is what the key figures read
    total = summary[summary["family"] == "TOTAL"]
    assert total["base_headcount"].iloc[0] == 37


def test_analysis_is_untouched():
    from studio.outcome import Outcome, protect

    res = gpec.project(small_population(), scenario())
    out = Outcome(res.flows, res.structure, res.summary)
    assert protect(out, None) is out


def test_percentile_columns_are_hidden_too():
    flows = pd.DataFrame(
        {
            "year": [2025],
            "family": ["si"],
            "retirements": [2.0],
            "retirements_p10": [1.0],
            "retirements_p90": [4.0],
            "external_hires": [12.0],
        }
    )
    out = privacy.protect_flows(flows, 5).flows
    assert np.isnan(out.loc[0, ["retirements", "retirements_p10", "retirements_p90"]].astype(float)).all()
    assert out.loc[0, "external_hires"] == 12.0
