"""The one exception type for a broken data file, and the problems it carries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One mistake in a data file: where it is and what a valid value looks like."""

    file: str  # path relative to the repository, e.g. "data/events.csv"
    message: str  # what is wrong and what is expected
    row: int | None = None  # spreadsheet row (header = 1) or YAML line
    column: str | None = None  # CSV column or YAML key path (e.g. "questions[3].answer")

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}" if self.file.endswith(".csv") else f"line {self.row}")
        if self.column:
            where.append(f"column {self.column}" if self.file.endswith(".csv") else self.column)
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """Raised when data files break the schema; its message lists every problem, one a line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        super().__init__(
            f"{len(lines)} problem(s) in the data files:\n" + "\n".join(lines)
            if len(lines) != 1
            else lines[0]
        )


def guarded(file: str, check: Callable[..., list[Problem]], *args: Any) -> list[Problem]:
    """A check's problems; an exception it raises becomes one Problem naming `file` (the readers
    report their own failures located; this is the net under everything else)."""
    try:
        return check(*args)
    except DataError as e:  # a check that reads another file names that file's problems
        return e.problems
    except Exception as e:  # noqa: BLE001 - a teacher sees a message, never a traceback
        return [Problem(file, f"could not be checked ({type(e).__name__}: {e}); check this file")]
