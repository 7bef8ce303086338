"""The projection: hand-computed small cases and properties that must always hold."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gpec
from gpec.engine import HIRE_AGES, hire_profile
from gpec.sampling import draw_without_replacement

COLS = ["family", "sex", "age", "headcount"]
FAMS = ["gestion", "commercial", "si"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pop(*cells):
    return pd.DataFrame(list(cells), columns=COLS)


def scenario(**over):
    d = {
        "name": "test",
        "base_year": 2025,
        "horizon_year": 2030,
        "retirement": {"rule": "fixed_age", "age": 64},
        "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.6},
    }
    d.update(over)
    return gpec.Scenario.from_dict(d)


def by_year(result, family):
    f = result.flows
    return f[f.family == family].set_index("year")


# ---- hand-computed cases -----------------------------------------------------------


def test_one_year_by_hand():
    """150 people: 100 women of 40, 50 men of 64 retiring at 64; 10 % other exits;
    half of departures replaced plus 2 % growth: H = 0.5 × (50 + 10) + 0.02 × 150 = 33."""
    res = gpec.project(
        pop(("gestion", "F", 40, 100), ("gestion", "H", 64, 50)),
        scenario(
            horizon_year=2026,
            other_exit_rate={"default": 0.1},
            replacement_rate={"default": 0.5},
            growth_rate={"default": 0.02},
        ),
    )
    row = by_year(res, "gestion").loc[2025]
    assert (row.headcount_start, row.retirements, row.other_exits) == pytest.approx((150, 50, 10))
    assert row.external_hires == pytest.approx(33)
    assert row.headcount_end == pytest.approx(123)
    s = res.structure
    nxt = s[s.year == 2026].set_index(["sex", "age"]).headcount
    w = hire_profile(30, 7, 0.6)
    assert nxt[("F", 41)] == pytest.approx(90 + 33 * w[0, 41 - 18])
    assert nxt[("F", 30)] == pytest.approx(33 * w[0, 30 - 18])
    assert nxt[("H", 30)] == pytest.approx(33 * w[1, 30 - 18])
    assert nxt[("H", 65)] == pytest.approx(33 * w[1, 65 - 18])
    assert nxt.sum() == pytest.approx(123)


def test_hire_profile_is_normal_density_over_whole_ages_normalised():
    w = hire_profile(30, 7, 0.76)
    assert w.shape == (2, 50) and HIRE_AGES[0] == 18 and HIRE_AGES[-1] == 67
    assert w.sum() == pytest.approx(1)
    assert w[0].sum() == pytest.approx(0.76)
    dens = np.exp(-0.5 * ((HIRE_AGES - 30) / 7) ** 2)
    assert np.allclose(w[1], 0.24 * dens / dens.sum())


def test_movers_and_their_replacement_next_year():
    """commercial loses its 100 staff of 70 in 2025; half its hires come from gestion
    (all women of 40). gestion replaces those 50 moves in 2026."""
    res = gpec.project(
        pop(("gestion", "F", 40, 100), ("commercial", "F", 70, 100)),
        scenario(
            horizon_year=2028,
            retirement={"rule": "fixed_age", "age": 70},
            internal_mobility=[{"from": "gestion", "to": "commercial", "share": 0.5}],
        ),
    )
    com, ges = by_year(res, "commercial"), by_year(res, "gestion")
    assert com.loc[2025, ["retirements", "moves_in", "external_hires", "headcount_end"]].tolist() == pytest.approx(
        [100, 50, 50, 100]
    )
    assert ges.loc[2025, ["moves_out", "external_hires", "headcount_end"]].tolist() == pytest.approx([50, 0, 50])
    assert ges.loc[2026, "external_hires"] == pytest.approx(50)  # the moves of 2025, replaced
    assert com.loc[2026, "external_hires"] == pytest.approx(0)
    assert ges.loc[2027, "external_hires"] == pytest.approx(0)
    s = res.structure.set_index(["year", "family", "sex", "age"]).headcount
    w = hire_profile(30, 7, 0.6)
    # movers kept their age and are one year older, beside the external hires of 41
    assert s[(2026, "commercial", "F", 41)] == pytest.approx(50 + 50 * w[0, 41 - 18])
    assert s[(2026, "gestion", "F", 41)] == pytest.approx(50)


def test_movers_never_exceed_the_source():
    res = gpec.project(
        pop(("gestion", "F", 40, 10), ("commercial", "F", 70, 100)),
        scenario(horizon_year=2026, internal_mobility=[{"from": "gestion", "to": "commercial", "share": 1.0}]),
    )
    com = by_year(res, "commercial").loc[2025]
    assert com.moves_in == pytest.approx(10)
    assert com.external_hires == pytest.approx(90)


def test_rules_from_a_short_source_are_served_in_file_order():
    res = gpec.project(
        pop(("gestion", "F", 40, 30), ("commercial", "F", 70, 100), ("si", "F", 70, 100)),
        scenario(
            horizon_year=2026,
            internal_mobility=[
                {"from": "gestion", "to": "commercial", "share": 0.2},
                {"from": "gestion", "to": "si", "share": 0.5},
            ],
        ),
    )
    f = res.flows.set_index("family")
    assert f.loc["commercial", "moves_in"] == pytest.approx(20)
    assert f.loc["si", "moves_in"] == pytest.approx(10)  # asked 50, only 10 left
    assert f.loc["gestion", "moves_out"] == pytest.approx(30)


def test_negative_growth_hires_nobody():
    res = gpec.project(
        pop(("gestion", "F", 40, 100)), scenario(growth_rate={"default": -0.1}, other_exit_rate={"default": 0.05})
    )
    assert (res.flows.external_hires == 0).all()


def test_summary_by_hand():
    res = gpec.project(
        pop(("gestion", "F", 30, 60), ("gestion", "H", 56, 40)),
        scenario(horizon_year=2026, replacement_rate={"default": 0}),
    )
    row = res.summary.set_index("family").loc["gestion"]
    assert row.base_headcount == 100 and row.horizon_headcount == 100
    assert row.mean_age_base == pytest.approx(0.6 * 30 + 0.4 * 56)
    assert row.mean_age_horizon == pytest.approx(0.6 * 31 + 0.4 * 57)
    assert row.share_55_plus_base == pytest.approx(0.4)
    assert row.share_women_base == pytest.approx(0.6)
    assert list(res.summary.family) == ["gestion", "TOTAL"]
    assert list(res.summary.columns) == list(gpec.SUMMARY_COLUMNS)


def test_share_retiring_follows_base_staff_where_they_move():
    """gestion's 100 staff born 1965 (legal age 62.9375) are half moved to commercial
    in 2025; by 2028 (years 2025..2027) 1/16 of each half has retired. commercial's own
    50 staff of 70 all retired in 2025. Hires are not counted."""
    pop_ = pop(("gestion", "F", 60, 100), ("commercial", "F", 70, 50))
    scn = scenario(
        horizon_year=2028,
        retirement={"rule": "legal_schedule", "schedule": "loi_2023_suspension_2026"},
        internal_mobility=[{"from": "gestion", "to": "commercial", "share": 1.0}],
        hires={"mean_age": 66, "age_sd": 1, "share_women": 1},
    )
    check = gpec.claim_check(pop_, scn)
    assert check.by_family["gestion"] == pytest.approx(0.0625)
    assert check.by_family["commercial"] == pytest.approx(1.0)
    assert check.share == pytest.approx((6.25 + 50) / 150)
    res = gpec.project(pop_, scn)
    summary = res.summary.set_index("family")
    assert summary.loc["TOTAL", "share_retiring_by_horizon"] == pytest.approx(check.share)
    assert summary.loc["gestion", "share_retiring_by_horizon"] == pytest.approx(0.0625)
    # all retirements, hires included, are more than the base staff's
    assert summary.loc["TOTAL", "retirements_total"] > check.retirees


def test_claim_check_ignores_draws():
    pop_ = pop(("gestion", "F", 60, 100), ("gestion", "H", 45, 80))
    scn = scenario(monte_carlo={"draws": 50, "seed": 3}, horizon_year=2032)
    assert gpec.claim_check(pop_, scn).share == pytest.approx(
        gpec.project(pop_, scn, draws=0).share_retiring_by_horizon
    )
    assert gpec.claim_check(pop_, scn).share == pytest.approx(100 / 180)


def test_projection_refuses_families_missing_from_the_population():
    with pytest.raises(gpec.ScenarioError) as err:
        gpec.project(
            pop(("gestion", "F", 40, 10)), scenario(replacement_rate={"default": 1, "by_family": {"gestionn": 0.5}})
        )
    assert err.value.problems == [
        'replacement_rate.by_family.gestionn : famille "gestionn" absente de la population '
        "(familles présentes : gestion)"
    ]


# ---- Monte Carlo ---------------------------------------------------------------------


BASE_POP = pop(
    *[
        (f, s, a, n)
        for f, k in zip(FAMS, (3, 2, 1))
        for s in "FH"
        for a, n in ((25, 4 * k), (40, 6 * k), (58, 5 * k), (62, 3 * k))
    ]
)


def test_monte_carlo_columns_and_percentile_order():
    res = gpec.project(
        BASE_POP,
        scenario(other_exit_rate={"default": 0.1}, internal_mobility=[{"from": "gestion", "to": "si", "share": 0.4}]),
        draws=60,
        seed=7,
    )
    assert list(res.flows.columns) == list(gpec.flows_columns(True))
    for m in gpec.MEASURES:
        assert (res.flows[f"{m}_p10"] <= res.flows[f"{m}_p50"] + 1e-9).all()
        assert (res.flows[f"{m}_p50"] <= res.flows[f"{m}_p90"] + 1e-9).all()
    by_draw = res.flows_by_draw()
    assert by_draw.dtype.kind == "i" and (by_draw >= 0).all()
    assert np.allclose(res.flows.retirements, by_draw[..., 1].mean(axis=0).ravel())
    # the identity holds exactly in every draw
    s, r, o, out, inn, x, e = np.moveaxis(by_draw, -1, 0)
    assert np.array_equal(e, s - r - o - out + inn + x)
    assert np.array_equal(s[:, 1:], e[:, :-1])


def test_same_seed_same_result_other_seed_other_result():
    scn = scenario(other_exit_rate={"default": 0.1}, horizon_year=2035)
    a = gpec.project(BASE_POP, scn, draws=30, seed=11)
    b = gpec.project(BASE_POP, scn, draws=30, seed=11)
    c = gpec.project(BASE_POP, scn, draws=30, seed=12)
    pd.testing.assert_frame_equal(a.flows, b.flows)
    pd.testing.assert_frame_equal(a.structure, b.structure)
    assert not a.flows.equals(c.flows)


def test_fractional_population_is_rounded_for_draws_with_a_note():
    res = gpec.project(pop(("gestion", "F", 40, 10.4), ("gestion", "F", 41, 10.4)), scenario(), draws=5)
    assert res.flows.headcount_start.iloc[0] == 21
    assert res.notes and "arrondis" in res.notes[0]
    assert gpec.project(pop(("gestion", "F", 40, 10)), scenario(), draws=5).notes == ()


def test_draw_without_replacement_respects_cells():
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 20, size=(4000, 37))
    n = rng.integers(0, counts.sum(axis=1) + 1)
    got = draw_without_replacement(rng, counts, n)
    assert np.array_equal(got.sum(axis=1), n)
    assert (got >= 0).all() and (got <= counts).all()
    # mean of each cell: n × count / total (hypergeometric)
    counts1 = np.tile([5, 0, 10, 25], (20000, 1))
    got1 = draw_without_replacement(rng, counts1, np.full(20000, 8))
    assert np.allclose(got1.mean(axis=0), [1, 0, 2, 5], atol=0.05)


# ---- properties ----------------------------------------------------------------------


@st.composite
def cases(draw, mobility=True, rules=("fixed_age", "age_curve", "legal_schedule"), whole=False):
    n_fam = draw(st.integers(1, 3))
    fams = FAMS[:n_fam]
    cells = draw(
        st.lists(
            st.tuples(
                st.sampled_from(fams),
                st.sampled_from("FH"),
                st.integers(15, 80),
                st.integers(0, 40) if whole else st.floats(0, 40, allow_nan=False),
            ),
            min_size=1,
            max_size=25,
            unique_by=lambda c: c[:3],
        )
    )
    if sum(c[3] for c in cells) <= 0:
        cells[0] = cells[0][:3] + (7,)
    for f in fams:  # every family present
        if f not in {c[0] for c in cells}:
            cells.append((f, "F", 45, 5))
    rule = draw(st.sampled_from(rules))
    if rule == "fixed_age":
        retirement = {"rule": rule, "age": draw(st.integers(50, 80))}
    elif rule == "age_curve":
        ages = draw(st.lists(st.integers(50, 79), min_size=1, max_size=5, unique=True))
        retirement = {"rule": rule, "probabilities": {str(a): draw(st.floats(0, 1)) for a in ages}}
    else:
        retirement = {
            "rule": rule,
            "schedule": draw(st.sampled_from(list(gpec.SCHEDULES))),
            "delay_years": draw(st.floats(-5, 5)),
        }

    def rate(lo, hi):
        return {
            "default": draw(st.floats(lo, hi)),  # noqa: E731
            "by_family": {f: draw(st.floats(lo, hi)) for f in fams if draw(st.booleans())},
        }

    moves = []
    if mobility and n_fam > 1:
        for _ in range(draw(st.integers(0, 2))):
            u, v = draw(st.permutations(fams))[:2]
            moves.append({"from": u, "to": v, "share": draw(st.floats(0, 0.5))})
    base = draw(st.integers(1990, 2060))
    d = {
        "name": "prop",
        "base_year": base,
        "horizon_year": base + draw(st.integers(1, 15)),
        "retirement": retirement,
        "other_exit_rate": rate(0, 0.5),
        "replacement_rate": rate(0, 3),
        "growth_rate": rate(-0.5, 0.5),
        "internal_mobility": moves,
        "hires": {
            "mean_age": draw(st.floats(18, 67)),
            "age_sd": draw(st.floats(1, 20)),
            "share_women": draw(st.floats(0, 1)),
        },
    }
    return pop(*cells), d


def family_totals(res):
    s = res.structure.groupby(["year", "family"], sort=False).headcount.sum()
    return s.unstack("family")


@SETTINGS
@given(cases())
def test_yearly_identity_and_no_negative_cell(case):
    population, d = case
    res = gpec.project(population, d)
    f = res.flows
    scale = max(1.0, f.headcount_start.abs().max())
    lhs = f.headcount_start - f.retirements - f.other_exits - f.moves_out + f.moves_in + f.external_hires
    assert np.allclose(lhs, f.headcount_end, atol=1e-9 * scale)
    totals = family_totals(res)
    for fam in res.families:
        g = f[f.family == fam]
        assert np.allclose(g.headcount_start.to_numpy(), totals[fam].to_numpy()[:-1], atol=1e-9 * scale)
        assert np.allclose(g.headcount_end.to_numpy(), totals[fam].to_numpy()[1:], atol=1e-9 * scale)
    assert (res.structure.headcount >= -1e-9 * scale).all()
    assert (f[list(gpec.MEASURES)] >= -1e-9 * scale).all().all()
    assert 0 <= res.share_retiring_by_horizon <= 1 + 1e-9


@SETTINGS
@given(cases(mobility=False))
def test_full_replacement_without_growth_keeps_each_family_constant(case):
    population, d = case
    d.update(replacement_rate={"default": 1.0}, growth_rate={"default": 0.0})
    res = gpec.project(population, d)
    totals = family_totals(res)
    assert np.allclose(totals.to_numpy(), totals.iloc[[0]].to_numpy(), rtol=1e-9, atol=1e-9)


@SETTINGS
@given(cases())
def test_no_replacement_only_shrinks(case):
    population, d = case
    d.update(replacement_rate={"default": 0.0}, growth_rate={"default": -abs(d["growth_rate"]["default"])})
    res = gpec.project(population, d)
    f = res.flows
    assert (f.headcount_end <= f.headcount_start + 1e-9).all()
    assert (f.external_hires <= 1e-9).all() and (f.moves_in <= 1e-9).all()


@SETTINGS
@given(cases(mobility=False, rules=("fixed_age", "legal_schedule")), st.floats(0, 3))
def test_later_retirement_never_increases_retirements_by_horizon(case, later):
    population, d = case
    r = d["retirement"]
    late = dict(r)
    if r["rule"] == "fixed_age":
        late["age"] = min(80, r["age"] + int(round(later)))
    else:
        late["delay_years"] = min(5.0, r["delay_years"] + later)
    early_check = gpec.claim_check(population, d)
    late_check = gpec.claim_check(population, {**d, "retirement": late})
    assert late_check.share <= early_check.share + 1e-12
    early, late_ = early_check.by_family, late_check.by_family
    assert late_.isna().equals(early.isna())  # a family with nobody at the base has no share, either way
    assert (late_[early.notna()] <= early[early.notna()] + 1e-12).all()


# A statistical test: derandomised, so a 5-sigma accident cannot make the suite flaky.
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(cases(mobility=False, whole=True), st.integers(0, 2**32 - 1))
def test_monte_carlo_mean_converges_to_expected(case, seed):
    """Without the max(0, ·) of negative growth and without a short source of movers,
    every step is linear, so the mean of the draws has the expected projection as its
    expectation: it must lie within a few standard errors of it."""
    population, d = case
    d["growth_rate"] = {"default": abs(d["growth_rate"]["default"]) / 5}
    draws = 400
    res = gpec.project(population, d, draws=draws, seed=seed)
    det = gpec.project(population, d, draws=0)
    by_draw = res.flows_by_draw().sum(axis=1)  # totals over the years, by draw
    mean = by_draw.mean(axis=0)
    se = by_draw.std(axis=0) / np.sqrt(draws)
    expected = det.flows_mean.sum(axis=0)
    # rare events (a hire old enough to retire at once) may never occur in 400 draws:
    # their spread is then judged by the Poisson standard error sqrt(expected / draws)
    tolerance = 5 * np.maximum(se, np.sqrt(np.abs(expected) / draws)) + 1e-6
    assert np.all(np.abs(mean - expected) <= tolerance)


def test_monte_carlo_mean_converges_with_mobility():
    scn = scenario(
        horizon_year=2033,
        other_exit_rate={"default": 0.08},
        replacement_rate={"default": 1.2},
        internal_mobility=[
            {"from": "gestion", "to": "commercial", "share": 0.3},
            {"from": "si", "to": "commercial", "share": 0.2},
        ],
    )
    res = gpec.project(BASE_POP, scn, draws=1500, seed=5)
    det = gpec.project(BASE_POP, scn)
    by_draw = res.flows_by_draw().sum(axis=1)
    se = by_draw.std(axis=0) / np.sqrt(by_draw.shape[0])
    assert np.all(np.abs(by_draw.mean(axis=0) - det.flows_mean.sum(axis=0)) <= 5 * se + 1e-9)
    assert np.allclose(res.structure.headcount, det.structure.headcount, atol=0.6)
