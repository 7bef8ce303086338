"""Problems found in inputs, collected rather than raised one by one, so a person
fixing a file sees every mistake in one run.

A problem quotes what the file says, but never more than a line's worth: the column
and each « value » of the message are cut to 80 characters, the file's path to its
last 300 (limits.quote), so that
neither the terminal nor the page can be flooded by a 400 MB cell; and no more than
limits.MAX_LISTED problems are listed (`listed`), the rest counted."""

from __future__ import annotations

from dataclasses import dataclass

from core import limits
from core.problems import Refused


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", limits.quote(self.file, limits.PATH_CHARS, tail=True))
        if self.column is not None:
            object.__setattr__(self, "column", limits.quote(self.column))
        object.__setattr__(self, "message", limits.cut_quotes(self.message))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


def listed(problems: list[Problem]) -> tuple[list[Problem], str | None]:
    """(the problems to list, the line that counts the others, or None)."""
    if len(problems) <= limits.MAX_LISTED:
        return list(problems), None
    return list(problems[: limits.MAX_LISTED]), limits.more_problems(len(problems) - limits.MAX_LISTED)


class InputError(Refused):
    """Raised with every problem at once; nothing has been written when it is raised.
    `problems` are the Problem objects themselves (file, line, column, message)."""

    def __init__(self, problems: list[Problem], warnings: list[str] | None = None) -> None:
        super().__init__(problems, warnings or [])
        self.problems = list(problems)
