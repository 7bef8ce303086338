"""The two ways of turning rates into people: expected values or random draws.

The engine is written once against this small interface, so the deterministic
projection and each Monte Carlo draw follow literally the same steps; only the
sampler differs. Arrays carry the draws on their first axis (one row in expected
mode), families, sexes and ages after it.
"""

from __future__ import annotations

from collections.abc import Callable
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


BLOCK = 100  # draws of one generator


def block_sizes(draws: int) -> list[int]:
    """The draws in blocks of BLOCK, the last one shorter."""
    return [min(BLOCK, draws - start) for start in range(0, int(draws), BLOCK)]


def block_generators(seed: int | None, blocks: int) -> list[np.random.Generator]:
    """One generator per block, seeded with the block's child of the scenario's seed
    (numpy's SeedSequence(seed).spawn: child k depends on the seed and k only, and
    the children's streams do not overlap)."""
    return [np.random.default_rng(child) for child in np.random.SeedSequence(seed).spawn(blocks)]


class Random:
    """Whole people drawn with numpy Generators.

    * retirements and other exits: binomial draws, made only on cells whose
      probability is strictly between 0 and 1 (the engine passes only those);
    * fractional numbers of people (hires needed, moves requested) are rounded
      stochastically, floor(x + U) with U uniform, which is unbiased: the mean over
      draws converges to the expected value;
    * movers: drawn without replacement from the source family's cells
      (multivariate hypergeometric), so a cell never gives more people than it has;
    * external hires: multinomial over the sex × age cells of the hire profile
      (see `allocate`).

    The rows (draws) come in blocks, each drawn by its own generator (`rngs`, with
    `sizes` rows each): every call draws block by block. A block's draws then depend
    on its generator alone, not on the blocks computed beside it, so cores sharing
    the blocks give the same results as one core (engine.simulate_parallel)."""

    dtype = np.int64

    def __init__(self, rngs: list[np.random.Generator], sizes: list[int]) -> None:
        self.rngs = rngs
        self.draws = sum(sizes)
        ends = np.cumsum(sizes)
        self.rows = [slice(int(end - n), int(end)) for n, end in zip(sizes, ends)]

    def _by_block(self, draw: Callable[[np.random.Generator, slice], People]) -> People:
        parts = [draw(rng, rows) for rng, rows in zip(self.rngs, self.rows)]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def binomial(self, n: People, p: Rates) -> People:
        return self._by_block(lambda rng, rows: rng.binomial(n[rows], p))

    def _uniform(self, shape: tuple[int, ...]) -> Rates:
        return self._by_block(lambda rng, rows: rng.random((rows.stop - rows.start, *shape[1:])))

    def round(self, x: People) -> People:
        return np.floor(x + self._uniform(x.shape)).astype(np.int64)

    def round_cumulative(self, total: People, shares: Rates) -> People:
        # One uniform per draw for all the rules into a family: cumulated targets are
        # then non-decreasing and never exceed the family's hires.
        u = self._uniform(total.shape)
        return np.floor(total[:, None] * np.cumsum(shares)[None, :] + u[:, None]).astype(np.int64)

    def take_people(self, counts: People, n: People) -> People:
        n = np.asarray(n, dtype=np.int64).reshape(-1)
        return self._by_block(lambda rng, rows: draw_without_replacement(rng, counts[rows], n[rows]))

    def allocate(self, n: People, pvals: Rates) -> People:
        return self._by_block(lambda rng, rows: rng.multinomial(n[rows], pvals))


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
