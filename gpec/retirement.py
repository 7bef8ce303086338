"""Yearly retirement probabilities q(a, t) for each retirement rule.

`q` is the share of the people of age a (age reached during year t) still in post on
1 January who retire during year t. It depends on age and year only, never on family
or sex, so the engine computes one vector per year and broadcasts it.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from .fields import MAX_AGE, MIN_AGE
from .scenario import Retirement
from .schedules import legal_age_exact

AGES = np.arange(MIN_AGE, MAX_AGE + 1)
# A legal age computed as 62 + 3/12 and then shifted by a float delay can land a hair
# below a whole number; this tolerance keeps floor(64.0) from becoming 63.
_EPS = 1e-9


def legal_probability(legal_age: float, age: int) -> float:
    """q for one cohort of legal age L at age a: births are spread evenly over the
    year, so during the year the cohort reaches age k = floor(L) a share 1 - f of it
    (f = L - k) also reaches L; everyone left goes the next year."""
    k = math.floor(legal_age + _EPS)
    f = legal_age - k
    if f < _EPS:
        f = 0.0
    if age < k:
        return 0.0
    if age == k:
        return 1.0 - f
    return 1.0


def cohort_legal_age(retirement: Retirement, birth_year: int) -> float:
    return float(legal_age_exact(retirement.schedule, birth_year)) + retirement.delay_years


def probabilities(retirement: Retirement, year: int, ages: npt.NDArray[np.int_] = AGES) -> npt.NDArray[np.float64]:
    """q(a, year) for every age of `ages`."""
    q: npt.NDArray[np.float64] = probability_table(retirement, year, year + 1, ages)[0]
    return q


def probability_table(
    retirement: Retirement, base_year: int, horizon_year: int, ages: npt.NDArray[np.int_] = AGES
) -> npt.NDArray[np.float64]:
    """q for every year base..horizon-1 (rows) and age of `ages` (columns)."""
    years = np.arange(base_year, horizon_year)[:, None]
    shape = (years.size, ages.size)
    if retirement.rule == "fixed_age":
        assert retirement.age is not None  # set for this rule
        return np.broadcast_to(ages >= retirement.age, shape).astype(float)
    if retirement.rule == "age_curve":
        probs = retirement.probabilities
        assert probs is not None  # set for this rule
        q = np.array([probs.get(int(a), 0.0) for a in ages], dtype=float)
        q[ages > max(probs)] = 1.0
        return np.broadcast_to(q, shape).copy()
    births = years - ages[None, :]
    first = int(births.min())
    cohorts = np.array([cohort_legal_age(retirement, b) for b in range(first, int(births.max()) + 1)])
    legal = cohorts[births - first]
    k = np.floor(legal + _EPS)
    f = legal - k
    f[f < _EPS] = 0.0
    return np.where(ages < k, 0.0, np.where(ages == k, 1.0 - f, 1.0))
