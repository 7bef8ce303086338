"""Refusals of bad input.

Inputs are checked completely before anything is computed, and every problem found
is kept, so a user fixes a file in one pass instead of one error at a time. Each
problem is one French sentence naming the field (dotted path, as in the JSON) or the
line of the population file, the value and the rule it breaks. A value is quoted cut
to 80 characters (limits.quote), a sentence to 1 000 characters.
"""

from __future__ import annotations

from core.problems import Refused


class InputRefused(Refused, ValueError):
    """The engine's refusals: `problems` is the list of sentences to show, one per
    line (core.problems.Refused.lines); `found` keeps them all, to gather the
    problems of several inputs before refusing, `count` says how many there are."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = self.lines()


class ScenarioError(InputRefused):
    """The scenario breaks a rule (alone, or against the population it is run on)."""


class PopulationError(InputRefused):
    """The base population breaks a rule."""
