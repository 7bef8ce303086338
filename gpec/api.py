"""What the app, the command line and the deck call."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .engine import compile_model, simulate
from .population import as_population
from .results import Projection
from .scenario import Scenario

# Draws the app uses for its Monte Carlo bands: enough for stable 10th/90th
# percentiles, and a full projection of the branch answers well under a second
# (see bench/gpec.py).
DEFAULT_DRAWS = 200

SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def project(population, scenario: Scenario | dict, draws: int | None = None, seed: int | None = None) -> Projection:
    """Project `population` (Population, DataFrame or file path) under `scenario`
    (Scenario or dict). `draws` and `seed` override the scenario's `monte_carlo`
    block; draws = 0 gives the expected (deterministic) projection.

    Raises PopulationError or ScenarioError before computing anything."""
    if isinstance(scenario, dict):
        scenario = Scenario.from_dict(scenario)
    pop = as_population(population)
    model = compile_model(pop, scenario)
    draws = scenario.monte_carlo.draws if draws is None else int(draws)
    seed = scenario.monte_carlo.seed if seed is None else seed
    notes = []
    if draws > 0 and not pop.is_whole:
        notes.append(
            "Tirages aléatoires : les effectifs fractionnaires de la population de départ "
            "ont été arrondis à la personne, famille par famille (total de chaque famille conservé)."
        )
    out = simulate(model, draws, seed)
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
    by_family: pd.Series  # share by family of the base year

    def __float__(self) -> float:
        return self.share


def claim_check(population, scenario: Scenario | dict) -> ClaimCheck:
    """Expected share of the base population retiring by the scenario's horizon.
    Always the expected value, whatever `monte_carlo.draws` says."""
    proj = project(population, scenario, draws=0)
    ret = proj.base_retirements
    base = proj.model.stock.sum(axis=(1, 2))
    by_family = pd.Series(
        np.divide(ret, base, out=np.full_like(ret, np.nan), where=base > 0), index=list(proj.families),
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
    from .errors import ScenarioError

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
