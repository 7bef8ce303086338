"""The yearly projection, written once for expected values and for random draws.

State layout. People are stored by *birth cohort*, not by age: the array has one
column per birth year from base−80 to horizon−15, and year t looks at the 66
columns of the cohorts aged 15..80 that year. Ageing is then free (the window
slides one column, nobody is copied), movers keep their cohort, and hires are
added to the cohorts of the ages they have the following year. The first axis holds
the draws (a single row for the expected projection).

One year, t -> t+1, in the order of the method:
 1. retirements R = N·q(a, t);  2. other exits O = (N − R)·e(family, a);
 3. hires needed H = max(0, ρ·(R + O + moves out of t−1) + g·N);
 4. moves: each rule fills share × H[to] from the remaining staff of `from`;
 5. external hires X = H − moves in, spread by the hire profile;
 6. the window slides: everyone left is one year older.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from .errors import ScenarioError
from .fields import HIRE_MAX_AGE, HIRE_MIN_AGE, MAX_AGE, MIN_AGE
from .population import SEXES, Population, whole_people
from .retirement import probability_table
from .sampling import Expected, People, Random, block_generators, block_sizes
from .scenario import FamilyRates, Scenario

MEASURES = (
    "headcount_start",
    "retirements",
    "other_exits",
    "moves_out",
    "moves_in",
    "external_hires",
    "headcount_end",
)
N_AGES = MAX_AGE - MIN_AGE + 1
N_SEXES = len(SEXES)
HIRE_AGES = np.arange(HIRE_MIN_AGE, HIRE_MAX_AGE + 1)
HIRE_SLICE = slice(HIRE_MIN_AGE - MIN_AGE, HIRE_MAX_AGE - MIN_AGE + 1)

Floats = npt.NDArray[np.float64]
Positions = slice | npt.NDArray[np.intp] | None  # ages of a year's window: a slice when contiguous


def hire_profile(mean_age: float, age_sd: float, share_women: float) -> Floats:
    """Share of external hires in each (sex, age 18..67) cell: the normal density at
    each whole age, normalised to sum to one, times the share of each sex."""
    z = (HIRE_AGES - mean_age) / age_sd
    w = np.exp(-0.5 * z * z)
    w /= w.sum()
    return np.outer([share_women, 1.0 - share_women], w)


def cost(draws: int, years: int, families: int) -> int:
    """The work of a projection, in cell-years: draws (1 for the expected projection)
    × years × cells of the grid (families × sexes × ages).

    Every year of `run` draws, for every draw, over the whole (family, sex, age)
    window, so time and memory grow in proportion to each factor; the headcounts
    themselves matter little. Measured on the branch (10 families, 1 320 cells),
    Monte Carlo takes about 0.13 µs per cell-year on one core: 200 draws over 40
    years (10.6 million) 1.3 s, 750 draws over 40 years 5 s, 2 000 over 60 years
    20 s, and 10 000 over 60 years (792 million) near two minutes and 1.5 GB."""
    return max(int(draws), 1) * int(years) * int(families) * N_SEXES * N_AGES


def exit_rate_table(rates: FamilyRates, families: tuple[str, ...]) -> npt.NDArray[np.float64]:
    """The other-exit rate of every (family, age) cell, ages MIN_AGE..MAX_AGE reached
    in the year: by_family_age > by_family > by_age > default (version 1 rates have
    only the last two levels of that order, and give one rate per family)."""
    ages = range(MIN_AGE, MAX_AGE + 1)
    for_cell = getattr(rates, "for_cell", None)
    if for_cell is None:
        return np.array([[rates.for_family(f)] * N_AGES for f in families], dtype=float).reshape(len(families), N_AGES)
    return np.array([[for_cell(f, a) for a in ages] for f in families], dtype=float).reshape(len(families), N_AGES)


@dataclass(frozen=True)
class Model:
    """A scenario compiled against a population: only arrays, ready for the loop."""

    families: tuple[str, ...]
    base_year: int
    horizon_year: int
    stock: Floats  # (F, S, A) headcount on 1 January of the base year
    q: Floats  # (Y, A) retirement probability by year and age
    exit_rate: Floats  # (F, A) other-exit rate by family and age reached in the year
    replacement: Floats  # (F,)
    growth: Floats  # (F,)
    hires: Floats  # (S, 50) hire profile over sexes and ages 18..67 (reached at t+1)
    moves: tuple[tuple[int, int, float], ...]  # (from, to, share) in file order

    @property
    def years(self) -> int:
        return self.horizon_year - self.base_year


def compile_model(population: Population, scenario: Scenario) -> Model:
    """Arrays of a scenario on a population; refuses families the population lacks."""
    problems = scenario.check_families(population.families)
    if problems:
        raise ScenarioError(problems)
    fams = population.families
    index = {f: i for i, f in enumerate(fams)}
    h = scenario.hires
    return Model(
        families=fams,
        base_year=scenario.base_year,
        horizon_year=scenario.horizon_year,
        stock=population.grid,
        q=probability_table(scenario.retirement, scenario.base_year, scenario.horizon_year),
        exit_rate=exit_rate_table(scenario.other_exit_rate, fams),
        replacement=np.array([scenario.replacement_rate.for_family(f) for f in fams]),
        growth=np.array([scenario.growth_rate.for_family(f) for f in fams]),
        hires=hire_profile(h.mean_age, h.age_sd, h.share_women),
        moves=tuple((index[m.source], index[m.target], m.share) for m in scenario.internal_mobility),
    )


@dataclass(frozen=True)
class YearPlan:
    """Where, in year t's age window, something can happen, so that draws are made
    only where a probability is strictly between 0 and 1 and people can be present.
    Positions are slices when contiguous (always, for the legal schedules)."""

    lo: int  # youngest age index that can hold anyone
    hi: int  # from this age index up, q == 1: everyone retires
    frac: Positions  # ages in [lo, hi) with 0 < q < 1
    frac_q: Floats | None
    whole: Positions  # ages in [lo, hi) with q == 1 (age curves only)


def _positions(mask: npt.NDArray[np.bool_]) -> list[Positions]:
    """Per row of a boolean (year, age) mask: None, a slice, or the indices."""
    count = mask.sum(axis=1)
    first = mask.argmax(axis=1)
    last = mask.shape[1] - 1 - mask[:, ::-1].argmax(axis=1)
    out: list[Positions] = []
    for row, (c, a, b) in enumerate(zip(count.tolist(), first.tolist(), last.tolist())):
        if c == 0:
            out.append(None)
        elif b - a + 1 == c:
            out.append(slice(a, b + 1))
        else:
            out.append(np.nonzero(mask[row])[0])
    return out


def year_plans(model: Model) -> list[YearPlan]:
    """One plan per year, computed for all years at once from the probability table,
    so the yearly loop does no searching of its own."""
    occupied = np.nonzero(model.stock.sum(axis=(0, 1)) > 0)[0]
    youngest0 = int(occupied[0]) if occupied.size else N_AGES
    q = model.q
    steps = np.arange(model.years)
    lo = youngest0 + steps
    lo[1:] = np.minimum(lo[1:], HIRE_SLICE.start)
    below_one = q < 1.0
    any_below = below_one.any(axis=1)
    hi = np.where(any_below, N_AGES - below_one[:, ::-1].argmax(axis=1), 0)
    lo = np.minimum(lo, hi)
    cols = np.arange(N_AGES)[None, :]
    inside = (cols >= lo[:, None]) & (cols < hi[:, None])
    frac = _positions(inside & (q > 0) & below_one)
    whole = _positions(inside & ~below_one)
    return [
        YearPlan(int(lo[i]), int(hi[i]), frac[i], None if frac[i] is None else q[i, frac[i]], whole[i])
        for i in range(model.years)
    ]


@dataclass
class RunOutput:
    """What one run returns: flows by draw, structure (mean over draws), and for the
    expected run the move fractions needed to follow the base population."""

    flows: People  # (draws, Y, F, len(MEASURES))
    structure: Floats  # (Y+1, F, S, A), mean over draws
    move_fractions: Floats  # (Y, rules): share of the source's staff moved by each rule


def run(model: Model, sampler: Expected | Random, progress: Callable[[int, int], None] | None = None) -> RunOutput:
    """The six steps, year after year, for every draw at once (see the module
    docstring); `sampler` decides whether people are expected values or draws.

    `progress(done, total)`, when given, is called after each projected year with the
    years done and the number of years (every draw advances together, so a year is
    the natural step). It only watches: the draws, and so the results, are the same
    with or without it. An exception it raises stops the run."""
    D = sampler.draws
    F, S, A = model.stock.shape
    Y = model.years
    dtype = sampler.dtype
    state = np.zeros((D, F, S, A + Y), dtype=dtype)
    state[:, :, :, Y : Y + A] = model.stock if dtype == np.float64 else whole_people(model.stock)
    structure = np.empty((Y + 1, F, S, A))
    fractions = np.zeros((Y, len(model.moves)))
    exiting = np.nonzero((model.exit_rate > 0).any(axis=1))[0]
    fam_sel = slice(None) if exiting.size == F else exiting
    e_sel = model.exit_rate[exiting][:, None, :]  # (families exiting, 1, ages): sliced to [lo, hi) each year
    rho, growth = model.replacement, model.growth
    grows = bool(np.any(growth != 0))
    hire_p = model.hires.ravel()
    n_hire_ages = model.hires.shape[1]
    targets = sorted({v for _, v, _ in model.moves})
    zeros = np.zeros((D, F), dtype=dtype)
    start = state[:, :, :, Y : Y + A].sum(axis=(2, 3))
    moved_out = moved_in = zeros
    record: dict[str, list[npt.NDArray[Any]]] = {m: [] for m in MEASURES}

    for i, plan in enumerate(year_plans(model)):
        V = state[:, :, :, Y - i : Y - i + A]
        structure[i] = V[0] if D == 1 else V.sum(axis=0) / D
        lo, hi = plan.lo, plan.hi
        moved_out_prev = moved_out

        # 1. retirements: everyone from age index hi up, draws where 0 < q < 1
        retired = V[..., hi:].sum(axis=(2, 3))
        V[..., hi:] = 0
        if plan.whole is not None:
            retired = retired + V[..., plan.whole].sum(axis=(2, 3))
            V[..., plan.whole] = 0
        if plan.frac is not None and plan.frac_q is not None:  # set together
            r = sampler.binomial(V[..., plan.frac], plan.frac_q)
            V[..., plan.frac] -= r
            retired = retired + r.sum(axis=(2, 3))

        # 2. other exits, only for families with a non-zero rate
        if exiting.size and hi > lo:
            o = sampler.binomial(V[:, fam_sel, :, lo:hi], e_sel[..., lo:hi])
            V[:, fam_sel, :, lo:hi] -= o
            if exiting.size == F:
                exits = o.sum(axis=(2, 3))
            else:
                exits = zeros.copy()
                exits[:, exiting] = o.sum(axis=(2, 3))
        else:
            exits = zeros

        # 3. hires needed
        needed = rho * (retired + exits + moved_out_prev)
        if grows:
            needed = needed + growth * start
        hires = sampler.round(np.maximum(needed, 0.0))

        # 4. internal mobility
        if model.moves:
            moved_out, moved_in = _move(model, sampler, V, lo, hi, hires, targets, fractions[i])
            external = hires - moved_in
            end = start - retired - exits - moved_out + moved_in + external
        else:
            external = hires
            end = start - retired - exits + external

        # 5. external hires, placed at their ages of next year
        placed = sampler.allocate(external, hire_p).reshape(D, F, S, n_hire_ages)
        state[:, :, :, Y - i - 1 + HIRE_SLICE.start : Y - i - 1 + HIRE_SLICE.stop] += placed

        for m, value in zip(MEASURES, (start, retired, exits, moved_out, moved_in, external, end)):
            record[m].append(value)
        start = end
        if progress is not None:
            progress(i + 1, Y)

    last = state[:, :, :, 0:A]
    structure[Y] = last[0] if D == 1 else last.sum(axis=0) / D
    flows = np.stack([np.stack(record[m], axis=1) for m in MEASURES], axis=-1)
    return RunOutput(flows, structure, fractions)


def _move(
    model: Model,
    sampler: Expected | Random,
    V: People,
    lo: int,
    hi: int,
    hires: People,
    targets: list[int],
    fractions: Floats,
) -> tuple[People, People]:
    """Step 4: fill each rule's share of the target's hires with people of the
    source's remaining staff (after retirements and exits, before anyone moves in,
    so nobody moves twice in a year). A source short of staff serves the rules in
    file order. Movers keep their cohort, so they age with everyone else."""
    D, F, S = V.shape[:3]
    requests = _requests(model, sampler, hires, targets)
    avail = V.sum(axis=(2, 3))
    inbox = np.zeros((D, F, S, hi - lo), dtype=V.dtype)
    moved_out = np.zeros((D, F), dtype=V.dtype)
    moved_in = np.zeros((D, F), dtype=V.dtype)
    for k, (u, v, _) in enumerate(model.moves):
        take = np.minimum(requests[k], avail[:, u])
        if D == 1:
            fractions[k] = take[0] / avail[0, u] if avail[0, u] > 0 else 0.0
        avail[:, u] = avail[:, u] - take
        source = V[:, u, :, lo:hi]
        people = sampler.take_people(source.reshape(D, -1), take).reshape(source.shape)
        V[:, u, :, lo:hi] -= people
        inbox[:, v] += people
        moved_out[:, u] += take
        moved_in[:, v] += take
    V[..., lo:hi] += inbox
    return moved_out, moved_in


def _requests(model: Model, sampler: Expected | Random, hires: People, targets: list[int]) -> list[People]:
    """People each mobility rule asks for, whole and unbiased in random mode, so that
    the requests into one family never add up to more than its hires."""
    requests: dict[int, People] = {}  # rule -> its request
    for v in targets:
        ks = [k for k, (_, to, _) in enumerate(model.moves) if to == v]
        shares = np.array([model.moves[k][2] for k in ks])
        cum = sampler.round_cumulative(hires[:, v], shares)
        prev = np.zeros_like(cum[:, 0])
        for j, k in enumerate(ks):
            requests[k] = cum[:, j] - prev
            prev = cum[:, j]
    return [requests[k] for k in range(len(model.moves))]


def base_retirements(model: Model, fractions: Floats) -> Floats:
    """Expected retirements over base..horizon−1 of the people present in the base
    year, by the family they belonged to then (hires are not followed).

    The base staff of each family is carried along separately (one leading axis per
    family of origin) under the same retirement and exit probabilities, and moves by
    the fractions the expected projection used."""
    F, S, A = model.stock.shape
    Y = model.years
    cohort = np.zeros((F, F, S, A + Y))
    for o in range(F):
        cohort[o, o, :, Y : Y + A] = model.stock[o]
    keep = (1.0 - model.exit_rate)[None, :, None, :]
    total = np.zeros(F)
    for i in range(Y):
        V = cohort[..., Y - i : Y - i + A]
        r = V * model.q[i]
        total += r.sum(axis=(1, 2, 3))
        V -= r
        V *= keep
        if model.moves:
            inbox = np.zeros_like(V)
            for k, (u, v, _) in enumerate(model.moves):
                people = V[:, u] * fractions[i, k]
                V[:, u] -= people
                inbox[:, v] += people
            V += inbox
    return total


def simulate(
    model: Model,
    draws: int = 0,
    seed: int | None = 0,
    rng: np.random.Generator | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> RunOutput:
    """Expected projection (draws = 0) or `draws` random draws from `seed`.

    The draws come in blocks of sampling.BLOCK, each with its own generator seeded
    from `seed` (sampling.block_generators), so the results depend on the seed alone:
    `workers` > 1 shares the blocks between that many threads (see
    `simulate_parallel`) and gives the same results as one. `rng` replaces every
    block's generator (the benchmark passes one that records its calls); `progress`
    is passed to `run`."""
    if draws <= 0:
        return run(model, Expected(), progress)
    sizes = block_sizes(draws)
    rngs = [rng] * len(sizes) if rng is not None else block_generators(seed, len(sizes))
    if workers > 1 and len(sizes) > 1 and rng is None:  # a generator given is shared: one thread
        return simulate_parallel(model, rngs, sizes, workers, progress)
    return run(model, Random(rngs, sizes), progress)


def worker_blocks(blocks: int, workers: int) -> list[range]:
    """The blocks of each worker: consecutive, as equal in number as can be, the first
    workers taking one more."""
    workers = max(1, min(int(workers), int(blocks)))
    base, extra = divmod(int(blocks), workers)
    counts = [base + (k < extra) for k in range(workers)]
    starts = [sum(counts[:k]) for k in range(workers)]
    return [range(start, start + n) for start, n in zip(starts, counts)]


def simulate_parallel(
    model: Model,
    rngs: list[np.random.Generator],
    sizes: list[int],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> RunOutput:
    """The blocks of draws (`sizes`, each drawn by its generator in `rngs`) shared
    between `workers` threads, one core each.

    Worker k projects consecutive blocks (`worker_blocks`); a block's draws come from
    its own generator whoever computes it, so the flows, the workers' draws one after
    the other, are those of one thread, and the structure too (the mean over draws of
    whole people, summed exactly). numpy's random generators and array operations
    release the GIL, so the threads run at the same time.

    `progress(done, total)` is called from the calling thread with the years every
    worker has finished; an exception it raises stops every worker at its next year."""
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    shares = worker_blocks(len(sizes), workers)
    done = [0] * len(shares)
    stop = False

    def watch(k: int) -> Callable[[int, int], None]:
        def note(years: int, total: int) -> None:
            done[k] = years
            if stop:
                raise InterruptedError("projection arrêtée")

        return note

    with ThreadPoolExecutor(max_workers=len(shares)) as pool:
        futures = [
            pool.submit(run, model, Random([rngs[b] for b in share], [sizes[b] for b in share]), watch(k))
            for k, share in enumerate(shares)
        ]
        reported = 0
        pending = set(futures)
        try:
            while pending:
                finished, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
                for f in finished:
                    f.result()  # a worker's exception is raised here
                if progress is not None and min(done) > reported:
                    reported = min(done)
                    progress(reported, model.years)
        except BaseException:
            stop = True
            raise
        outputs = [f.result() for f in futures]
    flows = np.concatenate([o.flows for o in outputs], axis=0)
    # each worker's mean times its draws is a whole number of people: summed exactly,
    # then divided as one thread divides its sum
    people = sum(np.rint(o.structure * sum(sizes[b] for b in share)) for o, share in zip(outputs, shares))
    return RunOutput(flows, np.asarray(people) / sum(sizes), outputs[0].move_fractions)
