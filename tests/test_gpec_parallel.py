"""Monte Carlo in blocks of draws shared between workers: the results depend on the
seed alone, whatever the number of workers, and follow the same distribution as one
stream (statistical tests with fixed seeds, so they are deterministic; the thresholds
are those of a 0.1 % test, so only a real change of distribution makes them fail)."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import gpec
from gpec.engine import compile_model, hire_profile, simulate, worker_blocks
from gpec.sampling import BLOCK, block_sizes

COLS = ["family", "sex", "age", "headcount"]


def population():
    rows = [(f, s, a, 30) for f in ("gestion", "si") for s in "FH" for a in range(20, 66, 3)]
    return pd.DataFrame(rows, columns=COLS)


def scenario(**over):
    d = {
        "name": "test",
        "base_year": 2025,
        "horizon_year": 2031,
        "retirement": {"rule": "age_curve", "probabilities": {"60": 0.2, "62": 0.5, "64": 1.0}},
        "other_exit_rate": {"default": 0.06},
        "replacement_rate": {"default": 0.9},
        "hires": {"mean_age": 32, "age_sd": 8, "share_women": 0.7},
        "internal_mobility": [{"from": "gestion", "to": "si", "share": 0.3}],
    }
    d.update(over)
    return gpec.Scenario.from_dict(d)


def ks_statistic(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov distance between the empirical distributions."""
    grid = np.union1d(a, b)
    fa = np.searchsorted(np.sort(a), grid, side="right") / a.size
    fb = np.searchsorted(np.sort(b), grid, side="right") / b.size
    return float(np.abs(fa - fb).max())


def ks_critical(n: int, m: int, c_alpha: float = 1.95) -> float:
    """The distance over which two samples differ at the 0.1 % level (c(0.001) = 1.95)."""
    return c_alpha * math.sqrt((n + m) / (n * m))


def chi2_critical(dof: int, z: float = 3.09) -> float:
    """Upper 0.1 % point of a chi-square (Wilson-Hilferty; z is the normal's 99.9 %)."""
    k = 2 / (9 * dof)
    return dof * (1 - k + z * math.sqrt(k)) ** 3


@pytest.mark.parametrize(
    "blocks, workers, expected",
    [
        (10, 1, [range(0, 10)]),
        (10, 2, [range(0, 5), range(5, 10)]),
        (11, 2, [range(0, 6), range(6, 11)]),
        (10, 3, [range(0, 4), range(4, 7), range(7, 10)]),
        (2, 8, [range(0, 1), range(1, 2)]),
        (1, 4, [range(0, 1)]),
    ],
)
def test_worker_blocks_share_every_block_once(blocks, workers, expected):
    assert worker_blocks(blocks, workers) == expected


def test_blocks_of_draws():
    assert block_sizes(1) == [1]
    assert block_sizes(BLOCK) == [BLOCK]
    assert block_sizes(2 * BLOCK + 7) == [BLOCK, BLOCK, 7]


def test_same_seed_same_result_whatever_the_workers():
    """Three blocks of draws on one, two or three threads: the same flows and the same
    structure to the last bit; another seed, other draws."""
    draws = 2 * BLOCK + 50
    one = gpec.project(population(), scenario(), draws=draws, seed=5)
    for workers in (2, 3, 8):
        other = gpec.project(population(), scenario(), draws=draws, seed=5, workers=workers)
        assert np.array_equal(one.flows_by_draw(), other.flows_by_draw())
        pd.testing.assert_frame_equal(one.structure, other.structure, check_exact=True)
    c = gpec.project(population(), scenario(), draws=draws, seed=6, workers=2)
    assert not np.array_equal(one.flows_by_draw(), c.flows_by_draw())


def test_each_block_draws_from_its_own_child_seed():
    """Block k's draws are exactly a one-generator run seeded with the k-th child seed."""
    model = compile_model(gpec.Population.from_frame(population()), scenario())
    both = simulate(model, BLOCK + 30, seed=3, workers=2)
    children = np.random.SeedSequence(3).spawn(2)
    first = simulate(model, BLOCK, rng=np.random.default_rng(children[0]))
    second = simulate(model, 30, rng=np.random.default_rng(children[1]))
    assert np.array_equal(both.flows, np.concatenate([first.flows, second.flows]))
    assert np.allclose(both.structure, (BLOCK * first.structure + 30 * second.structure) / (BLOCK + 30))


def test_a_generator_given_is_never_shared_between_threads():
    """numpy's Generator is not safe across threads: one given (the benchmark's
    recorder) draws every block on one thread, whatever `workers` asks."""
    model = compile_model(gpec.Population.from_frame(population()), scenario())
    one = simulate(model, BLOCK + 30, rng=np.random.default_rng(8))
    asked_two = simulate(model, BLOCK + 30, rng=np.random.default_rng(8), workers=2)
    assert np.array_equal(one.flows, asked_two.flows)


def test_identities_hold_in_every_draw_of_every_worker():
    res = gpec.project(population(), scenario(), draws=2 * BLOCK + 30, seed=2, workers=3)
    s, r, o, out, inn, x, e = np.moveaxis(res.flows_by_draw(), -1, 0)
    assert np.array_equal(e, s - r - o - out + inn + x)
    assert np.array_equal(s[:, 1:], e[:, :-1])
    assert (res.flows_by_draw() >= 0).all()


def test_progress_reaches_every_year_and_can_stop_the_workers():
    seen = []
    gpec.project(
        population(), scenario(), draws=BLOCK + 20, seed=1, workers=2, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (6, 6) and [d for d, _ in seen] == sorted(d for d, _ in seen)

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        gpec.project(population(), scenario(), draws=BLOCK + 20, seed=1, workers=2, progress=stop)


@pytest.mark.parametrize("measure", ["retirements", "other_exits", "moves_out", "external_hires", "headcount_end"])
def test_blocks_draw_from_the_same_distribution_as_one_stream(measure):
    """Per-draw totals over the horizon, one generator for every draw against blocks
    drawn by the seed's children on two workers: a two-sample Kolmogorov-Smirnov test
    at 0.1 % on 600 draws each."""
    k = gpec.MEASURES.index(measure)
    model = compile_model(gpec.Population.from_frame(population()), scenario())
    one = simulate(model, 600, rng=np.random.default_rng(101)).flows[..., k].sum(axis=(1, 2))
    two = (
        gpec.project(population(), scenario(), draws=600, seed=202, workers=2).flows_by_draw()[..., k].sum(axis=(1, 2))
    )
    assert ks_statistic(one, two) < ks_critical(one.size, two.size)
    # the test can fail: the same draws shifted by half a standard deviation are seen
    assert ks_statistic(one, two + max(1, round(0.5 * two.std()))) >= ks_critical(one.size, two.size)


def pooled_chi2(observed: np.ndarray, expected: np.ndarray) -> tuple[float, int]:
    """Chi-square statistic and degrees of freedom, the smallest expected cells pooled
    so that every pool expects at least 5."""
    obs, exp = [0.0], [0.0]
    for i in np.argsort(expected):
        if exp[-1] >= 5:
            obs.append(0.0)
            exp.append(0.0)
        obs[-1] += observed[i]
        exp[-1] += expected[i]
    o, e = np.array(obs), np.array(exp)
    return float(((o - e) ** 2 / e).sum()), len(o) - 1


def test_hires_are_placed_by_the_hire_profile():
    """Where the first year's external hires land, summed over draws and workers, against
    the hire profile: a chi-square goodness-of-fit test at 0.1 %."""
    pop = pd.DataFrame([("gestion", "F", 63, 200)], columns=COLS)  # everyone retires in year 1
    scn = scenario(
        horizon_year=2026,
        retirement={"rule": "fixed_age", "age": 63},
        other_exit_rate={"default": 0.0},
        replacement_rate={"default": 1.0},
        internal_mobility=[],
    )
    draws = 400
    res = gpec.project(pop, scn, draws=draws, seed=9, workers=2)
    s = res.structure
    cells = pd.MultiIndex.from_product([["F", "H"], range(18, 68)], names=["sex", "age"])
    observed = s[s.year == 2026].set_index(["sex", "age"]).headcount.reindex(cells).to_numpy() * draws
    assert observed.sum() == pytest.approx(200 * draws)
    expected = hire_profile(32, 8, 0.7).ravel() * 200 * draws
    chi2, dof = pooled_chi2(observed, expected)
    assert chi2 < chi2_critical(dof)
    # the test can fail: hires placed one year older than the profile are seen
    older = np.roll(observed.reshape(2, -1), 1, axis=1).ravel()
    chi2_older, dof_older = pooled_chi2(older, expected)
    assert chi2_older > chi2_critical(dof_older)


# ---- the command line -----------------------------------------------------------------


def write_inputs(tmp_path, draws):
    pop_csv = tmp_path / "population.csv"
    population().to_csv(pop_csv, index=False)
    d = scenario().to_dict()
    d["monte_carlo"] = {"draws": draws, "seed": 4}
    scn = tmp_path / "scenario.json"
    scn.write_text(json.dumps(d), encoding="utf-8")
    return pop_csv, scn


def test_command_line_uses_every_core_with_the_results_of_one(tmp_path, capsys, monkeypatch):
    from gpec import cli

    monkeypatch.setattr(cli.os, "cpu_count", lambda: 2)
    pop_csv, scn = write_inputs(tmp_path, BLOCK + 30)
    assert cli.main(["run", str(scn), "--population", str(pop_csv), "--out", str(tmp_path / "a")]) == 0
    assert f"{BLOCK + 30} tirages, graine 4, 2 cœurs" in capsys.readouterr().out
    assert (
        cli.main(["run", str(scn), "--population", str(pop_csv), "--out", str(tmp_path / "b"), "--workers", "1"]) == 0
    )
    assert "cœurs" not in capsys.readouterr().out
    assert (tmp_path / "a" / "flows.csv").read_bytes() == (tmp_path / "b" / "flows.csv").read_bytes()
    assert (tmp_path / "a" / "structure.csv").read_bytes() == (tmp_path / "b" / "structure.csv").read_bytes()


@pytest.mark.parametrize("value", ["-1", "deux", "1.5"])
def test_command_line_refuses_a_bad_number_of_workers(tmp_path, capsys, value):
    from gpec.cli import main

    pop_csv, scn = write_inputs(tmp_path, 5)
    with pytest.raises(SystemExit) as exc:
        main(["run", str(scn), "--population", str(pop_csv), "--out", str(tmp_path / "o"), "--workers", value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"« {value} » : un nombre entier positif ou 0 est attendu" in err
    assert not (tmp_path / "o").exists()


def test_method_page_names_every_option_of_run():
    from gpec.cli import build_parser

    text = (Path(gpec.__file__).resolve().parents[1] / "docs" / "method.md").read_text(encoding="utf-8")
    synopsis = next(line for line in text.splitlines() if line.startswith("python -m gpec run SCENARIO.json"))
    run = build_parser()._subparsers._group_actions[0].choices["run"]
    options = {o for a in run._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    assert options and all(o in synopsis for o in options), options - set(synopsis.split())
    assert "SeedSequence(seed).spawn" in text and "`--workers N`" in text
