"""What the app, the command line and the deck call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from core import formats

from .defaults import DEFAULT_DRAWS as DEFAULT_DRAWS  # part of gpec's public names
from .defaults import MAX_COST as MAX_COST
from .engine import N_AGES, N_SEXES, compile_model, cost, simulate
from .errors import ScenarioError
from .population import PopulationLike, as_population
from .results import Projection
from .scenario import Scenario

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def budget_problems(
    scenario: Scenario | dict[str, Any], families: int, max_cost: int | None = MAX_COST, draws: int | None = None
) -> list[str]:
    """[] when projecting `scenario` on a population of `families` families stays
    within `max_cost` cell-years (None: no limit), else the sentence of the refusal,
    which names the draws, the years, the cost, the limit and the most draws allowed.
    It starts with the field's path, like the validator's sentences, so the studio
    shows it beside the draws."""
    if max_cost is None:
        return []
    if isinstance(scenario, dict):
        scenario = Scenario.from_dict(scenario)
    draws = scenario.monte_carlo.draws if draws is None else int(draws)
    years = scenario.horizon_year - scenario.base_year
    spent = cost(draws, years, families)
    if spent <= max_cost:
        return []
    per_draw = cost(1, years, families)
    most = max_cost // per_draw
    what = (
        f"{formats.number(draws)} tirages sur {years} ans pour {families} famille(s)"
        if draws > 0
        else f"une projection sur {years} ans pour {families} famille(s)"
    )
    head = f"monte_carlo.draws = {draws}" if draws > 0 else f"horizon_year = {scenario.horizon_year}"
    advice = (
        f"sur {years} ans avec cette population, {formats.number(most)} tirages au plus"
        if most >= 1
        else "raccourcir l'horizon"
    )
    return [
        f"{head} : {what}, soit {formats.number(spent)} cellules-années à calculer (tirages × années × "
        f"familles × {N_SEXES} sexes × {N_AGES} âges), au-delà de la limite de {formats.number(max_cost)} "
        f"par projection ; {advice}"
    ]


def project(
    population: PopulationLike,
    scenario: Scenario | dict[str, Any],
    draws: int | None = None,
    seed: int | None = None,
    *,
    max_cost: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> Projection:
    """Project `population` (Population, DataFrame or file path) under `scenario`
    (Scenario or dict). `draws` and `seed` override the scenario's `monte_carlo`
    block; draws = 0 gives the expected (deterministic) projection.

    `max_cost` refuses a projection costing more cell-years (see `budget_problems`;
    None, the default, sets no limit: the app and the command line pass MAX_COST).
    `progress(done, total)` is called after each projected year (see engine.run);
    the results do not depend on it. `workers` > 1 shares the Monte Carlo draws
    between that many threads (engine.simulate_parallel); the results depend on the
    seed alone, not on the number of workers.

    Raises PopulationError or ScenarioError before computing anything."""
    if isinstance(scenario, dict):
        scenario = Scenario.from_dict(scenario)
    pop = as_population(population)
    model = compile_model(pop, scenario)
    draws = scenario.monte_carlo.draws if draws is None else int(draws)
    seed = scenario.monte_carlo.seed if seed is None else seed
    problems = budget_problems(scenario, len(model.families), max_cost, draws)
    if problems:
        raise ScenarioError(problems)
    notes = []
    if draws > 0 and not pop.is_whole:
        notes.append(
            "Tirages aléatoires : les effectifs fractionnaires de la population de départ "
            "ont été arrondis à la personne, famille par famille (total de chaque famille conservé)."
        )
    out = simulate(model, draws, seed, progress=progress, workers=workers)
    return Projection(scenario, model, out, draws, seed if draws > 0 else None, tuple(notes))


@dataclass(frozen=True)
class ClaimCheck:
    """Share of the base-year workforce that will have retired by the horizon
    (retirements during base..horizon−1 of the people present in the base year).

    Made to hold a published claim such as "1 salarié sur 2 sera parti à la retraite
    d'ici 2015" against an age structure: `share` is the model's answer."""

    share: float
    retirees: float
    base_headcount: float
    base_year: int
    horizon_year: int
    by_family: pd.Series[float]  # share by family of the base year

    def __float__(self) -> float:
        return self.share


def claim_check(population: PopulationLike, scenario: Scenario | dict[str, Any]) -> ClaimCheck:
    """Expected share of the base population retiring by the scenario's horizon.
    Always the expected value, whatever `monte_carlo.draws` says."""
    proj = project(population, scenario, draws=0)
    ret = proj.base_retirements
    base = proj.model.stock.sum(axis=(1, 2))
    by_family = pd.Series(
        np.divide(ret, base, out=np.full_like(ret, np.nan), where=base > 0),
        index=list(proj.families),
        name="share_retiring_by_horizon",
    )
    return ClaimCheck(
        share=proj.share_retiring_by_horizon,
        retirees=float(ret.sum()),
        base_headcount=float(base.sum()),
        base_year=proj.scenario.base_year,
        horizon_year=proj.scenario.horizon_year,
        by_family=by_family,
    )


def preset_files(folder: Path = SCENARIO_DIR) -> list[Path]:
    """Preset files in display order (their file names start with a number)."""
    return sorted(folder.glob("*.json"))


def presets(folder: Path | str = SCENARIO_DIR) -> dict[str, Scenario]:
    """Named scenarios shipped in `scenarios/`, in display order: name -> Scenario.
    A broken preset file raises ScenarioError naming the file."""
    out: dict[str, Scenario] = {}
    problems: list[str] = []
    for path in preset_files(Path(folder)):
        try:
            scn = Scenario.load(path)
        except ScenarioError as err:
            problems.extend(f"{path.name} : {p}" for p in err.problems)
            continue
        out[scn.name] = scn
    if problems:
        raise ScenarioError(problems)
    return out
