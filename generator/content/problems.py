"""Problems found in content or catalogs, each with the place it was found and what to do."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, line, column, field) and what is wrong and allowed."""

    path: str
    line: int  # 1-based; 0 when the whole file is meant
    column: int  # 1-based; 0 when unknown
    field: str
    message: str
    severity: str = "error"  # error | warning | review (a note for the county's legal review)

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        label = {"error": "", "review": " legal review:"}.get(self.severity, " warning:")
        return f"{where}:{label}{field} {self.message}"


class ContentError(click.ClickException):
    """Raised once with every error found, so a run reports all of them together."""

    def __init__(self, problems: list[Problem], outcome: str = "nothing was written"):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column))
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found, {outcome}:\n{lines}")
