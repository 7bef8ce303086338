"""The one exception for refused input, whatever refuses it (the ETL and its imports,
the engine, the deck): every problem is found before anything is written, and they
are raised together, so a person fixes a file in one pass.

`found` keeps every problem (a sentence, or an object whose str() is one); `lines()`
gives what a terminal or a page shows: the first limits.MAX_LISTED, quotes cut, then
one line counting the others, so that no file can flood either."""

from __future__ import annotations

from collections.abc import Sequence

from core import limits


class Refused(Exception):
    """Input refused, with every reason. Callers catch this one class to turn any
    refusal into sentences (never a traceback)."""

    def __init__(self, problems: Sequence[object], warnings: Sequence[str] = ()) -> None:
        self.found = list(problems)
        self.count = len(self.found)
        self.warnings = list(warnings)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        shown = [limits.cut_quotes(str(p)) for p in self.found[: limits.MAX_LISTED]]
        if self.count > limits.MAX_LISTED:
            shown.append(limits.more_problems(self.count - limits.MAX_LISTED))
        return shown
