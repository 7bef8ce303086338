"""The two audiences of an imported scope, proven on random registers.

* Analysis: the totals equal the register's counts (nothing computed from what is left
  after suppression).
* Diffusion: for every table a page, the deck or an export renders (families and their
  total, sexes, 5-year age bands and the 55+ share, projected flows by family and
  year with their totals over families and over the period, the yearly identity), no
  hidden cell equals a difference of displayed cells. The relations are rebuilt here
  from the rendered frames, not taken from privacy's own registry.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gpec
from core import privacy
from etl.imports import prepare

FAMILIES = ["gestion", "commercial", "si", "support", "moteurs_changement", "produit_risque"]
FAST = (Phase.explicit, Phase.reuse, Phase.generate)  # no shrinking: a failure prints its register as is
PRESET = json.loads((Path(__file__).resolve().parents[1] / "scenarios" / "1-reference.json").read_text("utf-8"))


def register_bytes(people: list[tuple[str, str, int]]) -> bytes:
    lines = ["Matricule;Nom;Sexe;Famille;Âge"]
    lines += [f"M{i};Nom{i};{s};{f};{a}" for i, (f, s, a) in enumerate(people)]
    return "\n".join(lines).encode("utf-8")


people_strategy = st.lists(
    st.tuples(st.sampled_from(FAMILIES[:5]), st.sampled_from(["F", "H"]), st.integers(20, 64)),
    min_size=12,
    max_size=160,
)


def imported(people, min_cell=5):
    p = prepare(
        register_bytes(people), "registre.csv", kind="register", scope="essai", ref_year=2025, min_cell=min_cell
    )
    assert p.problems == [], p.problems
    return p


def one_hidden(values: list[float]) -> bool:
    """A relation gives a hidden term back when exactly one of its terms is hidden."""
    return sum(1 for v in values if pd.isna(v)) == 1


def test_one_hidden_detects_what_it_should():
    assert one_hidden([10, np.nan, 7]) and not one_hidden([10, np.nan, np.nan]) and not one_hidden([10, 3, 7])


def rendered_relations_of_tables(view: privacy.ScopeView) -> list[tuple[str, list[float]]]:
    """Every "total = parts" a reader can form from the diffusion tables of one year."""
    rels = []
    hc = view.tables["headcount"]
    total = hc.loc[hc["family"] == "TOTAL", "headcount"]
    fams = hc.loc[hc["family"] != "TOTAL", "headcount"].tolist()
    rels.append(("familles", [total.iloc[0], *fams]))
    g = view.tables.get("gender")
    py = view.tables["age_pyramid"]
    if g is not None:
        ens = g[(g["population"] == "ensemble") & (g["family"] == "TOTAL")].set_index("sex")["share"]
        n = total.iloc[0]
        sex_counts = {s: (np.nan if pd.isna(ens.get(s)) or pd.isna(n) else round(ens[s] * n / 100)) for s in "FH"}
        rels.append(("sexes", [n, sex_counts["F"], sex_counts["H"]]))
        for s in "FH":
            rels.append((f"pyramide {s}", [sex_counts[s], *py.loc[py["sex"] == s, "headcount"].tolist()]))
        for f in hc.loc[hc["family"] != "TOTAL", "family"]:
            fs = g[(g["population"] == "ensemble") & (g["family"] == f)].set_index("sex")["share"]
            base = hc.loc[hc["family"] == f, "headcount"].iloc[0]
            counts = [np.nan if pd.isna(fs.get(s)) or pd.isna(base) else round(fs[s] * base / 100) for s in "FH"]
            rels.append((f"sexes {f}", [base, *counts]))
    rels.append(("pyramide", [total.iloc[0], *py["headcount"].tolist()]))
    return rels


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(people_strategy)
def test_diffusion_tables_never_give_a_hidden_cell_back(people):
    p = imported(people)
    view = privacy.diffuse_scope(p.tables, 5)
    for name, values in rendered_relations_of_tables(view):
        assert not one_hidden(values), (name, values)
    for name, df in view.tables.items():
        value = privacy.VALUE_COLUMN[name]
        hidden = df[privacy.SUPPRESSED].to_numpy()
        assert df.loc[hidden, value].isna().all()  # never drawn or summed as 0
        assert (df.loc[hidden, privacy.SUPPRESSED_LABEL] != "").all()  # always says why
        if name != "gender":
            shown = df.loc[~hidden, value]
            assert ((shown == 0) | (shown >= 5)).all(), name  # no small count survives


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(people_strategy)
def test_analysis_totals_are_the_registers_counts(people):
    p = imported(people)
    hc = p.tables["headcount"]
    assert hc.loc[hc["family"] == "TOTAL", "headcount"].iloc[0] == len(people)
    for fam in set(f for f, _, _ in people):
        expected = sum(f == fam for f, _, _ in people)
        assert hc.loc[hc["family"] == fam, "headcount"].iloc[0] == expected
    pyr = p.tables["age_pyramid"]
    assert pyr["headcount"].sum() == len(people)
    assert pyr.loc[pyr["sex"] == "F", "headcount"].sum() == sum(1 for _, s, _ in people if s == "F")
    assert pyr.loc[pyr["age"] >= 55, "headcount"].sum() == sum(1 for *_, a in people if a >= 55)


def project(p, draws=0):
    pop = p.tables["age_pyramid"][["family", "sex", "age", "headcount"]]
    scn = dict(PRESET, base_year=2025, horizon_year=2030, monte_carlo={"draws": draws, "seed": 3})
    return gpec.project(pop, scn, draws=draws)


def register_with_small_families(staff: int = 60, span: int = 35) -> list[tuple[str, str, int]]:
    """A register whose family of 3 ("si") is hidden, with a family of 6 beside it."""
    people = [("gestion", "F", 25 + i % span) for i in range(staff)] + [
        ("commercial", "H", 30 + i % 25) for i in range(30)
    ]
    return people + [("si", "F", 40)] * 3 + [("support", "H", 45 + i) for i in range(6)]


def diffusion_projection(people) -> tuple:
    """The full projection of a register and its diffusion view (min cell 5)."""
    p = imported(people)
    view = privacy.diffuse_scope(p.tables, 5)
    res = project(p)
    hidden = privacy.hidden_families(view.tables["headcount"], "essai")
    return res, privacy.protect_projection(res.flows, res.structure, res.summary, 5, hidden), hidden


def rendered_relations_of_projection(pp: privacy.ProtectedProjection) -> list[tuple[str, list[float]]]:
    """What the studio, the ages page and the deck show of a projection: flows by
    family and year, totals over families (the chart totals), over the period (the
    needs table), the identity of each year, the banded structure against the total."""
    rels = []
    f = pp.flows
    totals = pp.totals.pivot(index="year", columns="measure", values="value")
    years = sorted(f["year"].unique())
    for m in ("retirements", "other_exits", "external_hires", "headcount_start", "headcount_end"):
        for y in years:
            rels.append((f"{m} {y}", [totals.at[y, m], *f.loc[f["year"] == y, m].tolist()]))
    summary = pp.summary.set_index("family")
    for fam, grp in f.groupby("family"):
        rels.append((f"embauches {fam}", [summary.at[fam, "external_hires_total"], *grp["external_hires"].tolist()]))
        rels.append((f"départs {fam}", [summary.at[fam, "retirements_total"], *grp["retirements"].tolist()]))
        for r in grp.itertuples():
            rels.append(
                (
                    f"identité {fam} {r.year}",
                    [
                        r.headcount_end,
                        r.headcount_start,
                        r.retirements,
                        r.other_exits,
                        r.moves_out,
                        r.moves_in,
                        r.external_hires,
                    ],
                )
            )
    for m, col in (("external_hires", "external_hires_total"), ("retirements", "retirements_total")):
        rels.append(
            (f"période {m}", [summary.at["TOTAL", col], *[summary.at[x, col] for x in summary.index if x != "TOTAL"]])
        )
    s = pp.structure
    base = s[s["year"] == years[0]]
    rels.append(("structure", [totals.at[years[0], "headcount_start"], *base["headcount"].tolist()]))
    return rels


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(people_strategy)
def test_diffusion_projection_never_gives_a_hidden_cell_back(people):
    p = imported(people)
    view = privacy.diffuse_scope(p.tables, 5)
    hidden_fams = privacy.hidden_families(view.tables["headcount"], "essai")
    res = project(p)
    pp = privacy.protect_projection(
        res.flows,
        res.structure,
        res.summary,
        5,
        hidden_fams,
        privacy.hidden_bands(view.tables["age_pyramid"], "essai", 2025),
    )
    for name, values in rendered_relations_of_projection(pp):
        assert not one_hidden(values), (name, values)
    for fam in hidden_fams:  # a family whose base is hidden is hidden whole, whatever the assumptions
        assert pp.flows.loc[pp.flows["family"] == fam, list(privacy.PROJECTION_COUNTS)].isna().all(axis=None)
    counts = pp.flows[list(privacy.PROJECTION_COUNTS)].to_numpy(dtype=float)
    shown = counts[~np.isnan(counts)]
    assert ((shown < 0.5) | (shown >= 5)).all()  # under half a person is nobody


def test_a_hidden_family_stays_hidden_under_any_growth():
    """The share-link attack: 50 % growth and no exits for a family of 3 must not
    print 3 x 1.5^n."""
    people = [("gestion", "F", 30 + i % 30) for i in range(60)] + [("moteurs_changement", "F", 40)] * 3
    p = imported(people)
    view = privacy.diffuse_scope(p.tables, 5)
    hidden_fams = privacy.hidden_families(view.tables["headcount"], "essai")
    assert hidden_fams, "the family of 3 is hidden"
    pop = p.tables["age_pyramid"][["family", "sex", "age", "headcount"]]
    fam = next(iter(hidden_fams))
    scn = dict(
        PRESET,
        base_year=2025,
        horizon_year=2028,
        growth_rate={"default": 0.0, "by_family": {fam: 0.5}},
        other_exit_rate={"default": 0.0, "by_family": {}},
        monte_carlo={"draws": 0, "seed": 1},
    )
    res = gpec.project(pop, scn, draws=0)
    pp = privacy.protect_projection(res.flows, res.structure, res.summary, 5, hidden_fams)
    values = pp.flows.loc[pp.flows["family"] == fam, list(privacy.PROJECTION_COUNTS)]
    assert values.isna().all(axis=None)
    assert (pp.hidden["flows"].loc[values.index, "headcount_start"] != "").all()
    row = pp.summary[pp.summary["family"] == fam]
    assert row.drop(columns="family").isna().all(axis=None)
    # the others' totals are exact, computed from the full counts
    total = pp.summary[pp.summary["family"] == "TOTAL"]
    assert total["base_headcount"].iloc[0] == 63


@pytest.mark.parametrize(
    "age,band", [(19, 0), (24, 0), (25, 25), (29, 25), (54, 50), (55, 55), (64, 60), (65, 65), (70, 65)]
)
def test_age_bands(age, band):
    assert int(privacy.age_band([age])[0]) == band


def test_band_labels():
    assert privacy.band_label(0) == "moins de 25 ans"
    assert privacy.band_label(30) == "30-34 ans"
    assert privacy.band_label(65) == "65 ans et plus"


def test_with_labels_writes_the_label_not_an_empty_cell():
    df = pd.DataFrame(
        {
            "family": ["a", "b"],
            "headcount": [12.0, np.nan],
            "suppressed": [False, True],
            "suppressed_label": ["", "< 5"],
        }
    )
    out = privacy.with_labels(df)
    assert out["headcount"].tolist() == [12.0, "< 5"]
    hidden = pd.DataFrame({"family": ["", ""], "headcount": ["", "secret"]})
    out = privacy.with_labels(df.drop(columns=["suppressed", "suppressed_label"]), hidden)
    assert out["headcount"].tolist() == [12.0, "secret"]


# ---- movements ----------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=FAST)
@given(st.integers(30, 400), st.integers(0, 1000))
def test_diffused_movements_never_give_a_hidden_cell_back(n, seed):
    """Movements (exits and hires of registers with leavers, two years): counts by year,
    family and measure with their totals and the chaining of one year to the next,
    exits by 5-year band and reason with totals both ways."""
    from registers import movement_registers
    from registers import register_bytes as movement_bytes

    registers, _ = movement_registers(n=n, years=(2023, 2024), seed=seed)
    tables = []
    for year, frame in registers.items():
        p = prepare(movement_bytes(frame), "r.csv", kind="register", scope="essai", ref_year=year)
        assert p.problems == [], p.problems
        tables.append(p.tables["movements"])
    moves = pd.concat(tables, ignore_index=True)
    full = privacy.movement_counts(moves)
    shown = privacy.diffuse_movement_counts(moves, 5)
    assert (shown.loc[~shown[privacy.SUPPRESSED], "value"] == full.loc[~shown[privacy.SUPPRESSED], "value"]).all()
    assert ((shown["value"].isna()) | (shown["value"] == 0) | (shown["value"] >= 5)).all()
    v = shown.set_index(["year", "family", "measure"])["value"]
    for (year, measure), rows in shown.groupby(["year", "measure"]):
        assert not one_hidden(rows["value"].tolist()), (year, measure)
    for fam in set(shown["family"]):
        if (2024, fam, "start") in v.index:
            terms = [v.get((2024, fam, "start"))] + [v.get((2023, fam, m)) for m in privacy.MOVEMENT_MEASURES]
            assert not one_hidden(terms), fam
    ages = privacy.diffuse_exits_by_age(moves, 5)
    for _, rows in ages.groupby(["year", "age_band"]):
        assert not one_hidden(rows["value"].tolist())
    for _, rows in ages.groupby(["year", "reason"]):
        assert not one_hidden(rows["value"].tolist())
    assert ((ages["value"].isna()) | (ages["value"] == 0) | (ages["value"] >= 5)).all()


def test_studio_family_charts_show_hidden_families_together_and_keep_the_total():
    """A diffusion view draws no area or bar for a hidden family; the hidden ones
    together are one grey part (the total less the families shown, already derivable
    from the totals shown), so the stack's top is still the total: headcount by
    family, and the needs chart's hires."""
    from charts import scenario as sc
    from core import labels

    people = register_with_small_families()
    res, pp, hidden_fams = diffusion_projection(people)
    assert "si" in hidden_fams
    fig = sc.headcount_by_family_chart(pp.flows, pp.totals)
    names = [t.name for t in fig.data]
    assert names[-1] == labels.MASKED_FAMILIES
    assert labels.family_label("si") not in names
    top = np.nansum([np.asarray(t.y, dtype=float) for t in fig.data], axis=0)  # plotly stacks a gap as 0
    total = sc.total_trajectory(pp.flows, None, pp.totals)["headcount"].to_numpy()
    assert np.allclose(top, total)
    assert top[0] == len(people)
    # without hidden families (the analysis view) there is no such area
    assert labels.MASKED_FAMILIES not in [t.name for t in sc.headcount_by_family_chart(res.flows).data]
    # the needs chart's bars reach each year's total hires the same way
    needs = sc.recruitment_needs_chart(pp.flows, pp.totals)
    assert needs.data[-1].name == labels.MASKED_FAMILIES
    top = np.nansum([np.asarray(t.y, dtype=float) for t in needs.data], axis=0)
    hires = pp.totals[pp.totals["measure"] == "external_hires"]["value"].to_numpy()
    shown = ~np.isnan(hires)
    assert np.allclose(top[shown], hires[shown])


def test_studio_flows_chart_marks_its_hidden_bars():
    """Diffusion: a year whose departures or hires are hidden says so at the bar's
    place ("< 5", "secret"); an empty place read as "nobody leaves". The deck draws this
    chart as a picture (stacked and clustered at once), marks included."""
    from charts import scenario as sc
    from charts.common import HIDDEN_MARKS
    from report import images, native

    res, pp, _ = diffusion_projection(register_with_small_families())
    d = sc.departures_hires_data(pp.flows, totals=pp.totals)
    fig = sc.departures_hires_chart(pp.flows, None, pp.totals)
    marks = {t.textposition: dict(zip(t.x, t.text)) for t in fig.data if t.meta == HIDDEN_MARKS}
    labels_of = pp.totals.pivot(index="year", columns="measure", values="label")
    for year, departures, hires in zip(d["year"], d["departures"], d["external_hires"]):
        if pd.isna(departures):
            parts = {
                labels_of.at[year, m]
                for m in ("retirements", "other_exits")
                if pd.isna(d.at[d.index[d["year"] == year][0], m])
            }
            assert marks["top left"][year].strip() == (parts.pop() if len(parts) == 1 else "masqué")
        else:
            assert year not in marks.get("top left", {})
        if pd.isna(hires):
            assert marks["top right"][year].strip() == labels_of.at[year, "external_hires"]
    assert marks, "this register hides some flows"
    assert native.from_figure(fig) is None
    picture = images.deck_picture(fig, height=500).figure
    assert [t.text for t in picture.data if t.meta == HIDDEN_MARKS] == [
        t.text for t in fig.data if t.meta == HIDDEN_MARKS
    ]


def test_deck_period_totals_are_the_full_counts_never_the_years_shown():
    """The flows slide's title in diffusion: with hidden years, the period's totals come
    from the full counts (the summary, shown on the key-figures slide), not from the
    sum of the years left visible (it read "111 départs, dont 32 à la retraite" for 247
    and 50)."""
    from core import formats
    from report.scenario_slides import _flows_message

    res, pp, _ = diffusion_projection(register_with_small_families(staff=120, span=40))
    assert pp.totals["value"].isna().any(), "this register hides some yearly totals"
    full = res.flows
    expected = dict(
        departures=formats.number((full["retirements"] + full["other_exits"]).sum()),
        retirements=formats.number(full["retirements"].sum()),
        hires=formats.number(full["external_hires"].sum()),
    )
    message = _flows_message(pp.flows, pp.totals, pp.summary)
    assert message == _flows_message(full), message  # the analysis view's message, from the same counts
    assert all(v in message for v in expected.values()), (message, expected)
    assert "secret statistique" in _flows_message(pp.flows, pp.totals)  # no summary: no figure at all
