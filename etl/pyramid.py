"""The estimated age pyramid: no source publishes the branch by family x sex x age,
yet the projection engine needs one. It is built from published anchors only, by a
rule simple enough to explain in a meeting, and every row says it is an estimate.

The age shape is a normal curve cut to ages 18..`max_age` whose two parameters are
chosen so that the mean age is the published typical age (42) and the share aged 50
and over is the published 28 %. `max_age` is the legal retirement age in force for
the pyramid's base year: a pyramid reaching beyond it would send everyone older into
retirement in the first projected year, a spike that says nothing about the branch. Families and sexes share that shape; their sizes come
from the published totals and shares (see FAMILY_SPLIT and the data dictionary).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pandas as pd

MIN_AGE = 18


def ages(max_age: int) -> npt.NDArray[np.int_]:
    return np.arange(MIN_AGE, max_age + 1)


def age_weights(mu: float, sigma: float, max_age: int) -> npt.NDArray[np.float64]:
    a = ages(max_age)
    w: npt.NDArray[np.float64] = np.exp(-0.5 * ((a - mu) / sigma) ** 2)
    shares: npt.NDArray[np.float64] = w / w.sum()
    return shares


def calibrate_age_shape(mean_age: float, share_50_plus: float, max_age: int) -> tuple[float, float]:
    """Find (mu, sigma) of the cut normal matching both anchors, by a fine grid then
    a local refinement; deterministic, so the store is reproducible."""
    a = ages(max_age)

    def loss(mu: float, sigma: float) -> float:
        w = age_weights(mu, sigma, max_age)
        return float((w @ a - mean_age) ** 2 + ((w[a >= 50].sum() - share_50_plus) * 100) ** 2)

    best = min((loss(m, s), m, s) for m in np.arange(30, 60, 0.25) for s in np.arange(6, 30, 0.25))
    _, mu, sigma = best
    step = 0.125
    while step > 1e-4:
        improved = False
        for dm, ds in ((step, 0), (-step, 0), (0, step), (0, -step)):
            if (value := loss(mu + dm, sigma + ds)) < best[0]:
                best, mu, sigma, improved = (value, mu + dm, sigma + ds), mu + dm, sigma + ds, True
        if not improved:
            step /= 2
    return round(float(mu), 4), round(float(sigma), 4)


def largest_remainder(total: int, weights: npt.ArrayLike) -> npt.NDArray[np.int_]:
    """Whole numbers proportional to `weights` that add up to `total` exactly."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    base: npt.NDArray[np.int_] = np.floor(raw).astype(int)
    short = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:short]] += 1
    return base


def build_pyramid(
    total: int,
    family_shares: Mapping[str, float],
    women_shares: Mapping[str, float],
    mu: float,
    sigma: float,
    max_age: int,
) -> pd.DataFrame:
    """Whole-person cells (family, sex, age, headcount) adding up to `total` exactly."""
    families = list(family_shares)
    fam_totals = largest_remainder(total, [family_shares[f] for f in families])
    weights = age_weights(mu, sigma, max_age)
    rows = []
    for fam, n in zip(families, fam_totals):
        women = int(math.floor(n * women_shares[fam] / 100 + 0.5))
        for sex, m in (("F", women), ("H", int(n) - women)):
            for age, count in zip(ages(max_age), largest_remainder(m, weights)):
                rows.append((fam, sex, int(age), int(count)))
    return pd.DataFrame(rows, columns=["family", "sex", "age", "headcount"])
