"""Legal ages by cohort and retirement probabilities, computed by hand."""

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

import gpec
from gpec.retirement import probability_table
from gpec.schedules import legal_age_exact

M = Fraction(1, 12)  # one month, in years

LEGAL_AGES = [
    # loi_2010: 1951 straddles (Jan-Jun 60, Jul-Dec 60y4m)
    ("loi_2010", 1940, 60),
    ("loi_2010", 1950, 60),
    ("loi_2010", 1951, 60 + 4 * M * Fraction(6, 12)),
    ("loi_2010", 1952, 60 + 9 * M),
    ("loi_2010", 1953, 61 + 2 * M),
    ("loi_2010", 1954, 61 + 7 * M),
    ("loi_2010", 1955, 62),
    ("loi_2010", 1990, 62),
    # loi_2023: 1961 straddles (Jan-Aug 62, Sep-Dec 62y3m)
    ("loi_2023", 1955, 62),
    ("loi_2023", 1960, 62),
    ("loi_2023", 1961, 62 + 3 * M * Fraction(4, 12)),
    ("loi_2023", 1962, 62 + 6 * M),
    ("loi_2023", 1963, 62 + 9 * M),
    ("loi_2023", 1964, 63),
    ("loi_2023", 1965, 63 + 3 * M),
    ("loi_2023", 1966, 63 + 6 * M),
    ("loi_2023", 1967, 63 + 9 * M),
    ("loi_2023", 1968, 64),
    ("loi_2023", 2001, 64),
    # suspension: before 1964 as loi_2023; 1965 straddles (Jan-Mar 62y9m, Apr-Dec 63)
    ("loi_2023_suspension_2026", 1960, 62),
    ("loi_2023_suspension_2026", 1961, 62 + 3 * M * Fraction(4, 12)),
    ("loi_2023_suspension_2026", 1963, 62 + 9 * M),
    ("loi_2023_suspension_2026", 1964, 62 + 9 * M),
    ("loi_2023_suspension_2026", 1965, (62 + 9 * M) * Fraction(3, 12) + 63 * Fraction(9, 12)),
    ("loi_2023_suspension_2026", 1966, 63 + 3 * M),
    ("loi_2023_suspension_2026", 1967, 63 + 6 * M),
    ("loi_2023_suspension_2026", 1968, 63 + 9 * M),
    ("loi_2023_suspension_2026", 1969, 64),
    ("loi_2023_suspension_2026", 1985, 64),
]


@pytest.mark.parametrize("schedule, cohort, expected", LEGAL_AGES)
def test_legal_age_by_cohort(schedule, cohort, expected):
    assert legal_age_exact(schedule, cohort) == Fraction(expected)
    assert gpec.legal_age(schedule, cohort) == pytest.approx(float(expected), abs=1e-12)


def test_straddling_cohorts_as_decimals():
    assert gpec.legal_age("loi_2023", 1961) == pytest.approx(62.083333333, abs=1e-9)
    assert gpec.legal_age("loi_2010", 1951) == pytest.approx(60.166666667, abs=1e-9)
    assert gpec.legal_age("loi_2023_suspension_2026", 1965) == pytest.approx(62.9375, abs=1e-12)


@pytest.mark.parametrize(
    "legal, age, q",
    [
        (62 + 1 / 12, 61, 0.0),
        (62 + 1 / 12, 62, 11 / 12),  # 1961 under loi_2023: q = 1 - f at a == k
        (62 + 1 / 12, 63, 1.0),
        (62.75, 62, 0.25),
        (62.75, 63, 1.0),
        (64.0, 63, 0.0),
        (64.0, 64, 1.0),  # whole legal age: everyone goes the year they reach it
        (float(Fraction(62) + Fraction(3, 12)) + 0.75, 63, 1.0),  # 63.0 built from floats
    ],
)
def test_legal_probability(legal, age, q):
    assert gpec.legal_probability(legal, age) == pytest.approx(q, abs=1e-12)


def _ret(**kw):
    return gpec.Scenario.from_dict(
        {
            "name": "t",
            "base_year": 2020,
            "horizon_year": 2030,
            "retirement": kw,
            "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.5},
        }
    ).retirement


def q_at(retirement, year, age):
    return float(gpec.retirement_probabilities(retirement, year)[age - 15])


def test_fixed_age():
    r = _ret(rule="fixed_age", age=62)
    assert [q_at(r, 2025, a) for a in (15, 61, 62, 63, 80)] == [0, 0, 1, 1, 1]


def test_age_curve_listed_unlisted_and_above():
    r = _ret(rule="age_curve", probabilities={"60": 0.2, "62": 0.5, "64": 0.6})
    got = [q_at(r, 2025, a) for a in (59, 60, 61, 62, 63, 64, 65, 80)]
    assert got == [0, 0.2, 0, 0.5, 0, 0.6, 1, 1]


def test_legal_schedule_in_a_given_year():
    r = _ret(rule="legal_schedule", schedule="loi_2023")
    # 2023: age 62 is the 1961 cohort (62y1m on average), 61 is 1962, 63 is 1960
    assert q_at(r, 2023, 61) == 0
    assert q_at(r, 2023, 62) == pytest.approx(1 - 1 / 12)
    assert q_at(r, 2023, 63) == 1
    # 2025: age 62 is the 1963 cohort (62y9m): a quarter reaches it during the year
    assert q_at(r, 2025, 62) == pytest.approx(0.25)


def test_legal_schedule_with_delay():
    r = _ret(rule="legal_schedule", schedule="loi_2023", delay_years=0.5)
    # 1963 cohort: 62.75 + 0.5 = 63.25, so at 63 (in 2026) q = 0.75, at 62 nothing
    assert q_at(r, 2026, 63) == pytest.approx(0.75)
    assert q_at(r, 2025, 62) == 0
    r = _ret(rule="legal_schedule", schedule="loi_2023_suspension_2026", delay_years=-1)
    # 1969 cohort: 64 - 1 = 63, whole: all go at 63 (in 2032)
    assert q_at(r, 2032, 62) == 0 and q_at(r, 2032, 63) == 1


@pytest.mark.parametrize(
    "rule",
    [
        {"rule": "fixed_age", "age": 80},
        {"rule": "age_curve", "probabilities": {"70": 0.1}},
        {"rule": "age_curve", "probabilities": {"80": 1.0}},
        {"rule": "legal_schedule", "schedule": "loi_2023", "delay_years": 5},
    ],
)
def test_everyone_left_at_80_retires(rule):
    """The grid ends at 80, so nobody may be carried past it."""
    table = probability_table(_ret(**rule), 2020, 2060)
    assert np.all(table[:, -1] == 1.0)


def test_hand_computed_projection_of_a_straddling_cohort():
    """100 women born in 1963, aged 62 in 2025, under the 2023 law (62y9m):
    25 retire in 2025, the 67.5 left after 10 % other exits all retire in 2026."""
    pop = pd.DataFrame([("gestion", "F", 62, 100.0)], columns=["family", "sex", "age", "headcount"])
    scn = gpec.Scenario.from_dict(
        {
            "name": "t",
            "base_year": 2025,
            "horizon_year": 2027,
            "retirement": {"rule": "legal_schedule", "schedule": "loi_2023"},
            "other_exit_rate": {"default": 0.1},
            "replacement_rate": {"default": 0},
            "hires": {"mean_age": 30, "age_sd": 7, "share_women": 0.5},
        }
    )
    flows = gpec.project(pop, scn).flows.set_index("year")
    assert flows.loc[2025, "retirements"] == pytest.approx(25)
    assert flows.loc[2025, "other_exits"] == pytest.approx(7.5)
    assert flows.loc[2026, "retirements"] == pytest.approx(67.5)
    assert flows.loc[2026, "headcount_end"] == pytest.approx(0)
