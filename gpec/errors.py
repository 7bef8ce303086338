"""Refusals of bad input.

Inputs are checked completely before anything is computed, and every problem found
is kept, so a user fixes a file in one pass instead of one error at a time. Each
problem is one French sentence naming the field (dotted path, as in the JSON) or the
line of the population file, the value and the rule it breaks. A value is quoted cut
to 80 characters (limits.quote), a sentence to 1 000 characters.
"""

from __future__ import annotations

from core import limits


class InputRefused(ValueError):
    """Base class: `problems` is the list of sentences to show, one per line: the
    first limits.MAX_LISTED, then one that counts the others, so that no file can
    flood a terminal or a page. `found` keeps them all (to gather the problems of
    several inputs before refusing), `count` says how many there are."""

    def __init__(self, problems: list[str]):
        problems = list(problems)
        self.found = problems
        self.count = len(problems)
        self.problems = [limits.cut_quotes(p) for p in problems[: limits.MAX_LISTED]]
        if self.count > limits.MAX_LISTED:
            self.problems.append(limits.more_problems(self.count - limits.MAX_LISTED))
        super().__init__("\n".join(self.problems))


class ScenarioError(InputRefused):
    """The scenario breaks a rule (alone, or against the population it is run on)."""


class PopulationError(InputRefused):
    """The base population breaks a rule."""
