"""Problems found in inputs, collected rather than raised one by one, so a person
fixing a file sees every mistake in one run."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class InputError(Exception):
    """Raised with every problem at once; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem], warnings: list[str] | None = None):
        self.problems = list(problems)
        self.warnings = list(warnings or [])
        super().__init__("\n".join(str(p) for p in self.problems))
