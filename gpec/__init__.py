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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import ClaimCheck, budget_problems, claim_check, preset_files, presets, project
    from .defaults import DEFAULT_DRAWS, MAX_COST
    from .engine import MEASURES, cost, hire_profile
    from .errors import InputRefused, PopulationError, ScenarioError
    from .fields import FIELDS
    from .population import Population, read_population, validate_population
    from .results import FLOWS_COLUMNS, PERCENTILES, STRUCTURE_COLUMNS, SUMMARY_COLUMNS, Projection, flows_columns
    from .retirement import legal_probability
    from .retirement import probabilities as retirement_probabilities
    from .scenario import AgeBand, Calibration, ExitRates, FamilyRates, Hires, MonteCarlo, Move, Retirement, Scenario
    from .schedules import DEFAULT_SCHEDULE, SCHEDULES, legal_age

__all__ = [
    "AgeBand",
    "Calibration",
    "ExitRates",
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

# Where each public name lives. They are imported on first use (PEP 562), so that
# `python -m gpec --help` and the modules that need only the scenario's fields start
# without numpy and pandas; the block above keeps the names typed for type checkers.
_HOME = {
    "api": "ClaimCheck budget_problems claim_check preset_files presets project",
    "defaults": "DEFAULT_DRAWS MAX_COST",
    "engine": "MEASURES cost hire_profile",
    "errors": "InputRefused PopulationError ScenarioError",
    "fields": "FIELDS",
    "population": "Population read_population validate_population",
    "results": "FLOWS_COLUMNS PERCENTILES STRUCTURE_COLUMNS SUMMARY_COLUMNS Projection flows_columns",
    "retirement": "legal_probability",
    "scenario": "AgeBand Calibration ExitRates FamilyRates Hires MonteCarlo Move Retirement Scenario",
    "schedules": "DEFAULT_SCHEDULE SCHEDULES legal_age",
}
_RENAMED = {"retirement_probabilities": ("retirement", "probabilities")}
_WHERE = {name: (module, name) for module, names in _HOME.items() for name in names.split()} | _RENAMED


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'gpec' has no attribute {name!r}")
    import importlib

    module, attr = _WHERE[name]
    value = getattr(importlib.import_module(f".{module}", __name__), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
