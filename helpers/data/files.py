"""The bottom of the data layer: where data/ is, reading its YAML files, splitting list cells.

Everything here is plain file reading with no other helpers module above it (only `errors`), so every
other module of the data layer can build on it without an import circle.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from helpers.data.errors import Problem

# CAUCASUS_DATA points the lessons at another copy of data/ (tests use it to break files safely)
REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("CAUCASUS_DATA") or REPO / "data")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_list(cell: Any) -> list[str]:
    """'a; b' -> ['a', 'b']; an empty cell -> []."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


def rel(path: Path) -> str:
    """Path as the teacher sees it from the repository root, e.g. data/events.csv."""
    path = Path(path)
    parts = path.parts
    return "/".join(parts[parts.index("data") :]) if "data" in parts else path.name


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a YAML file; a syntax error becomes one Problem with its line."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=LOADER), []
    except UnicodeDecodeError as e:
        return None, [Problem(rel(path), f"is not UTF-8 text ({e.reason}): save it as UTF-8")]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        what = f"{e.problem}" + (f" ({e.context})" if e.context else "")
        return None, [
            Problem(
                rel(path),
                f"is not valid YAML: {what}; check the indentation and quotes on this line",
                row=mark.line + 1 if mark else None,
            )
        ]
    except OSError as e:
        return None, [Problem(rel(path), f"cannot be read: {e.strerror}")]
