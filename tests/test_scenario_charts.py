"""Scenario figures and tables read the engine's frames faithfully, and the files the
page offers are the bytes `python -m gpec run` writes for the same scenario."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gpec
from charts import scenario as sc
from core import labels
from etl import catalog
from studio.outcome import csv_bytes, outcome, total_band

ROOT = Path(__file__).resolve().parents[1]
POP = catalog.default_population()
REFERENCE = gpec.presets()["Référence"].to_dict()
MOBILITY = gpec.presets()["Mobilité gestion vers relation adhérents"].to_dict()


@pytest.fixture(scope="module")
def det():
    return outcome(gpec.project(POP, MOBILITY))


@pytest.fixture(scope="module")
def mc():
    return outcome(gpec.project(POP, {**REFERENCE, "monte_carlo": {"draws": 60, "seed": 3}}))


def test_trajectory_is_start_of_each_year_then_end_of_the_last(det):
    t = sc.trajectory(det.flows)
    assert sorted(t["year"].unique()) == list(range(2025, 2036))
    first = t[t["year"] == 2025].set_index("family")["headcount"]
    assert first.to_dict() == pytest.approx(POP.groupby("family")["headcount"].sum().to_dict())
    last = det.flows[det.flows["year"] == 2034].set_index("family")["headcount_end"]
    assert t[t["year"] == 2035].set_index("family")["headcount"].to_dict() == pytest.approx(last.to_dict())
    total = sc.total_trajectory(det.flows)
    assert total["headcount"].iloc[-1] == pytest.approx(
        det.summary.set_index("family").loc["TOTAL", "horizon_headcount"]
    )


def test_departures_and_hires_add_up_to_the_summary(det):
    d = sc.departures_hires_data(det.flows)
    total = det.summary.set_index("family").loc["TOTAL"]
    assert d["retirements"].sum() == pytest.approx(total["retirements_total"])
    assert d["external_hires"].sum() == pytest.approx(total["external_hires_total"])
    assert (d["departures"] == d["retirements"] + d["other_exits"]).all()
    assert d["moves"].sum() > 0  # the preset moves people
    fig = sc.departures_hires_chart(det.flows)
    assert [t.name for t in fig.data] == ["Départs à la retraite", "Autres départs", "Embauches externes"]
    assert list(fig.data[2].y) == pytest.approx(list(d["external_hires"]))


def test_recruitment_needs_table(det):
    table = sc.recruitment_needs_table(det.flows)
    assert list(table.columns) == ["Famille"] + [str(y) for y in range(2025, 2035)] + ["Total"]
    assert table["Famille"].iloc[-1] == "Ensemble"
    assert table["Total"].iloc[-1] == pytest.approx(det.flows["external_hires"].sum())
    by_family = det.flows.groupby("family")["external_hires"].sum()
    assert table["Total"].iloc[:-1].sum() == pytest.approx(by_family.sum())
    assert len(table) == det.flows["family"].nunique() + 1
    long = sc.recruitment_needs(det.flows)
    assert len(long) == len(det.flows)
    assert len(sc.recruitment_needs_chart(det.flows).data) == det.flows["family"].nunique()


def test_pyramid_uses_base_and_horizon(det):
    d = sc.pyramid_data(det.structure)
    assert set(d["year"]) == {2025, 2035}
    horizon = det.summary.set_index("family").loc["TOTAL", "horizon_headcount"]
    assert d[d["year"] == 2035]["headcount"].sum() == pytest.approx(horizon)
    fig = sc.pyramid_chart(det.structure)
    bars = [t for t in fig.data if t.type == "bar"]
    assert sum(np.abs(b.x).sum() for b in bars) == pytest.approx(horizon)
    men = max(np.abs(b.x).max() for b in fig.data if b.type == "bar" and b.x[0] <= 0)
    women = max(np.abs(b.x).max() for b in fig.data if b.type == "bar" and b.x[0] >= 0)
    outline = {
        sign: max(abs(v) for t in fig.data if t.type == "scatter" for v in t.x if v * sign > 0) for sign in (-1, 1)
    }
    lo, hi = fig.layout.xaxis.range
    assert -lo >= max(men, outline[-1]) and hi >= max(women, outline[1])  # every bar and outline inside
    if max(-lo, hi) / min(-lo, hi) > 1.01:  # fitted sides: the smaller side is not drawn on the larger's scale
        assert min(-lo, hi) < 1.1 * min(max(men, outline[-1]), max(women, outline[1]))


def test_year_ticks_never_crowd_a_half_width_chart(det):
    for fig in (sc.recruitment_needs_chart(det.flows), sc.total_headcount_chart({"a": sc.trajectory(det.flows)})):
        assert fig.layout.xaxis.dtick == 2  # ten years: every other year
        assert fig.layout.legend.orientation in (None, "h")
    assert sc.recruitment_needs_chart(det.flows).layout.legend.orientation == "h"  # below, not beside


def test_key_figures_are_the_summary_total_row(det):
    kf = sc.key_figures(det.summary, 2025, 2035).set_index("key")
    total = det.summary.set_index("family").loc["TOTAL"]
    for key in sc.KEY_FIGURES:
        assert kf.loc[key, "value"] == total[key]
    assert kf.loc["share_retiring_by_horizon", "display"].endswith("%")
    assert kf.loc["mean_age_horizon", "delta_display"].endswith("/ 2025")
    assert "2035" in kf.loc["share_women_horizon", "label"]


def test_comparison_table_has_one_column_per_scenario(det, mc):
    table = sc.comparison_table({"A": det.summary, "B": mc.summary}, {"A": (2025, 2035), "B": (2025, 2035)})
    assert list(table.columns) == ["Indicateur", "A", "B"]
    assert len(table) == len(sc.KEY_FIGURES) + 2


def test_monte_carlo_band_of_totals(mc):
    band = mc.band
    assert set(band["measure"]) == {"headcount", "retirements", "other_exits", "departures", "external_hires"}
    hc = band[band["measure"] == "headcount"]
    assert list(hc["year"]) == list(range(2025, 2036))
    assert (hc["p10"] <= hc["p50"]).all() and (hc["p50"] <= hc["p90"]).all()
    assert (band["p90"] - band["p10"]).max() > 0
    t = sc.total_trajectory(mc.flows, band)
    assert {"p10", "p50", "p90"} <= set(t.columns)
    fig = sc.total_headcount_chart({"Réf.": t})
    assert any(tr.fill == "tonexty" for tr in fig.data)
    assert sc.departures_hires_chart(mc.flows, band).data[2].error_y.array is not None
    assert total_band(gpec.project(POP, REFERENCE)) is None


def test_total_chart_does_not_zoom_on_rounding_noise():
    flat = pd.DataFrame({"year": [2025, 2026], "headcount": [55000.0, 54999.99999999999]})
    lo, hi = sc.total_headcount_chart({"x": flat}).layout.yaxis.range
    assert hi - lo >= 0.02 * 55000 - 1


@pytest.mark.parametrize(
    "scenario, fmt, dialect",
    [
        (MOBILITY, "csv", "standard"),
        ({**REFERENCE, "monte_carlo": {"draws": 40, "seed": 11}}, "csv", "standard"),
    ],
)
def test_page_files_are_the_command_line_files(tmp_path, scenario, fmt, dialect):
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(scenario, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "gpec", "run", str(path), "--out", str(out), "--format", fmt],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    result = outcome(gpec.project(catalog.default_population(), scenario))
    for name in ("flows", "summary", "structure"):
        assert csv_bytes(getattr(result, name), dialect) == (out / f"{name}.csv").read_bytes(), name


def test_a_hidden_figure_of_the_comparison_reads_its_label_not_a_dash():
    summary = pd.DataFrame(
        {
            "family": ["gestion", "TOTAL"],
            "base_headcount": [3.0, 40.0],
            "horizon_headcount": [float("nan"), 41.0],
            **{k: [float("nan"), 0.2] for k in (*sc.KEY_FIGURES, "mean_age_base", "share_55_plus_base")},
            "share_women_base": [float("nan"), 0.7],
        }
    )
    hidden = pd.DataFrame("", index=summary.index, columns=summary.columns)
    hidden.loc[1, "horizon_headcount"] = "secret"
    table = sc.comparison_table({"A": summary}, {"A": (2025, 2035)}, {"A": hidden})
    cells = dict(zip(table[labels.SC_COMPARE_INDICATOR], table["A"]))
    assert cells[labels.SC_KEY_GENERIC["horizon_headcount"]] == "secret (2035)"
    assert cells[labels.SC_KEY_GENERIC["base_headcount"]] == "40 (2025)"
    assert "–" not in table["A"].str.cat()
