"""Relève's projection engine: retirements, exits, replacement hires and internal
mobility by job family, sex and age, year by year (method: docs/method.md).

Pure numpy/pandas, no Streamlit: the app, the command line (`python -m gpec`) and
the tests call the same functions.

    scn = gpec.Scenario.from_dict(d)            # or .from_json(text), .load(path)
    res = gpec.project(population_df, scn)      # draws/seed from the scenario
    gpec.project(df, scn, max_cost=gpec.MAX_COST, progress=lambda done, total: ...)  # bounded, watched
    res.flows, res.structure, res.summary       # the three tables
    gpec.claim_check(population_df, scn).share  # share of base staff retired by horizon
"""

from .api import DEFAULT_DRAWS, MAX_COST, ClaimCheck, budget_problems, claim_check, preset_files, presets, project
from .engine import MEASURES, cost, hire_profile
from .errors import InputRefused, PopulationError, ScenarioError
from .fields import FIELDS
from .population import Population, read_population, validate_population
from .results import FLOWS_COLUMNS, PERCENTILES, STRUCTURE_COLUMNS, SUMMARY_COLUMNS, Projection, flows_columns
from .retirement import legal_probability
from .retirement import probabilities as retirement_probabilities
from .scenario import FamilyRates, Hires, MonteCarlo, Move, Retirement, Scenario
from .schedules import DEFAULT_SCHEDULE, SCHEDULES, legal_age

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SCHEDULE",
    "MAX_COST",
    "ClaimCheck",
    "budget_problems",
    "claim_check",
    "preset_files",
    "presets",
    "project",
    "MEASURES",
    "cost",
    "hire_profile",
    "InputRefused",
    "PopulationError",
    "ScenarioError",
    "FIELDS",
    "Population",
    "read_population",
    "validate_population",
    "FLOWS_COLUMNS",
    "PERCENTILES",
    "STRUCTURE_COLUMNS",
    "SUMMARY_COLUMNS",
    "Projection",
    "flows_columns",
    "legal_probability",
    "retirement_probabilities",
    "FamilyRates",
    "Hires",
    "MonteCarlo",
    "Move",
    "Retirement",
    "Scenario",
    "SCHEDULES",
    "legal_age",
]
