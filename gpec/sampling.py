"""The two ways of turning rates into people: expected values or random draws.

The engine is written once against this small interface, so the deterministic
projection and each Monte Carlo draw follow literally the same steps; only the
sampler differs. Arrays carry the draws on their first axis (one row in expected
mode), families, sexes and ages after it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

People = npt.NDArray[Any]  # people per cell: float64 expected values, or int64 whole people when drawn
Rates = npt.NDArray[np.float64]  # probabilities or shares


class Expected:
    """Expected values: fractional people, no randomness."""

    dtype = np.float64
    draws = 1

    def binomial(self, n: People, p: Rates) -> People:
        return n * p

    def round(self, x: People) -> People:
        return x

    def round_cumulative(self, total: People, shares: Rates) -> People:
        """Cumulated targets total × (s1, s1+s2, ...) -> shape (draws, rules)."""
        return total[:, None] * np.cumsum(shares)[None, :]

    def take_people(self, counts: People, n: People) -> People:
        """n people taken from the cells of `counts` (draws, cells) in proportion to them."""
        total = counts.sum(axis=-1)
        frac: Rates = np.divide(n, total, out=np.zeros_like(total, dtype=float), where=total > 0)
        return counts * frac[:, None]

    def allocate(self, n: People, pvals: Rates) -> People:
        """n (draws, families) spread over categories with probabilities pvals."""
        return n[..., None] * pvals


class Random:
    """Whole people drawn with a numpy Generator.

    * retirements and other exits: binomial draws, made only on cells whose
      probability is strictly between 0 and 1 (the engine passes only those);
    * fractional numbers of people (hires needed, moves requested) are rounded
      stochastically, floor(x + U) with U uniform, which is unbiased: the mean over
      draws converges to the expected value;
    * movers: drawn without replacement from the source family's cells
      (multivariate hypergeometric), so a cell never gives more people than it has;
    * external hires: multinomial over the sex × age cells of the hire profile
      (see `allocate`).
    """

    dtype = np.int64

    def __init__(self, rng: np.random.Generator, draws: int) -> None:
        self.rng = rng
        self.draws = draws

    def binomial(self, n: People, p: Rates) -> People:
        return self.rng.binomial(n, p)

    def round(self, x: People) -> People:
        return np.floor(x + self.rng.random(x.shape)).astype(np.int64)

    def round_cumulative(self, total: People, shares: Rates) -> People:
        # One uniform per draw for all the rules into a family: cumulated targets are
        # then non-decreasing and never exceed the family's hires.
        u = self.rng.random(total.shape)
        return np.floor(total[:, None] * np.cumsum(shares)[None, :] + u[:, None]).astype(np.int64)

    def take_people(self, counts: People, n: People) -> People:
        return draw_without_replacement(self.rng, counts, n)

    def allocate(self, n: People, pvals: Rates) -> People:
        return self.rng.multinomial(n, pvals)


def draw_without_replacement(
    rng: np.random.Generator, counts: npt.NDArray[np.int64], n: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Multivariate hypergeometric draw of n[d] people from the cells counts[d, :],
    vectorised across rows.

    The cells are paired up in a binary tree; going down from the root, the people
    of a node are split between its two halves by one hypergeometric draw. That is
    exact (it is the hypergeometric's own conditional structure) and costs one numpy
    call per tree level, about log2(cells), whatever the number of rows.
    """
    rows, cells = counts.shape
    levels = max(1, int(np.ceil(np.log2(max(cells, 2)))))
    width = 1 << levels
    padded = np.zeros((rows, width), dtype=np.int64)
    padded[:, :cells] = counts
    sums = [padded]
    while sums[-1].shape[1] > 1:
        s = sums[-1]
        sums.append(s[:, 0::2] + s[:, 1::2])
    take = np.asarray(n, dtype=np.int64).reshape(rows, 1)
    for level in range(len(sums) - 2, -1, -1):
        children = sums[level]
        left, right = children[:, 0::2], children[:, 1::2]
        got_left = rng.hypergeometric(left, right, take)
        take = np.stack([got_left, take - got_left], axis=-1).reshape(rows, -1)
    return take[:, :cells]
