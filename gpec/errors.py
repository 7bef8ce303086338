"""Refusals of bad input.

Inputs are checked completely before anything is computed, and every problem found
is kept, so a user fixes a file in one pass instead of one error at a time. Each
problem is one French sentence naming the field (dotted path, as in the JSON) or the
line of the population file, the value and the rule it breaks.
"""
from __future__ import annotations


class InputRefused(ValueError):
    """Base class: `problems` is the list of sentences to show, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class ScenarioError(InputRefused):
    """The scenario breaks a rule (alone, or against the population it is run on)."""


class PopulationError(InputRefused):
    """The base population breaks a rule."""
