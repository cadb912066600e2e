"""Load the data tables as typed pandas DataFrames (cached), validating them once per change."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from helpers.data.errors import DataError
from helpers.data.files import DATA_DIR, LOADER, REPO, split_list

__all__ = ["DATA_DIR", "REPO", "DataError", "split_list"]  # and the functions below
ARTICLE = DATA_DIR / "article.txt"  # a copy of shared/article/article.txt (tests keep them equal)


def descriptor() -> dict[str, Any]:
    """The parsed schema file, data/datapackage.yaml."""
    return snapshot()["descriptor"]


def resource(name: str) -> dict[str, Any]:
    """The schema entry of one table."""
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(r["name"] for r in descriptor()["resources"])
    raise KeyError(f"no table named {name!r}; the tables are: {names}")


def table_names() -> list[str]:
    """Names of every table in data/."""
    return [r["name"] for r in descriptor()["resources"]]


def typed(frame: pd.DataFrame, fields: list[dict[str, Any]]) -> pd.DataFrame:
    """Convert the text columns of a table to the types its schema declares."""
    out = {}
    for field in fields:
        col = frame[field["name"]].replace("", pd.NA)
        kind = field.get("type", "string")
        if field.get("x-list-of") or field.get("x-delimiter"):
            out[field["name"]] = frame[field["name"]].map(split_list)
        elif kind == "integer":
            out[field["name"]] = pd.to_numeric(col).astype("Int64")
        elif kind == "number":
            out[field["name"]] = pd.to_numeric(col).astype("Float64")
        elif kind == "date":
            # one resolution whatever the cells hold (an all-empty column would be datetime64[s])
            out[field["name"]] = pd.to_datetime(col, format="%Y-%m-%d").astype("datetime64[us]")
        elif kind == "boolean":
            out[field["name"]] = col.map({"true": True, "false": False}).astype("boolean")
        else:
            out[field["name"]] = col.astype("string")
    return pd.DataFrame(out, index=frame.index)


def load(name: str) -> pd.DataFrame:
    """One table of data/ as a typed DataFrame (validated first; raises DataError if broken)."""
    tables = snapshot()["tables"]
    if name not in tables:
        resource(name)  # raises KeyError naming the tables
    return tables[name]


def read_table(res: dict[str, Any]) -> pd.DataFrame:
    """One table from its CSV file, typed by its schema, indexed by its primary key."""
    frame = pd.read_csv(DATA_DIR / res["path"], dtype=str, keep_default_na=False, encoding="utf-8")
    return shaped(frame, res)


def shaped(frame: pd.DataFrame, res: dict[str, Any]) -> pd.DataFrame:
    """A table of text cells typed by its schema and indexed by its primary key, as `load` returns it
    (the tests build their small tables with it too)."""
    table = typed(frame, res["schema"]["fields"])
    key = res["schema"].get("primaryKey")
    if key:
        table = table.set_index(key if isinstance(key, str) else key[0], drop=False)
        table.index.name = None
    return table


@cache
def snapshot() -> dict[str, Any]:
    """The schema and every typed table, as the data files are now (validated first).

    Built once per change of data/ (or of this module, or of pandas) and kept in the cache folder
    as a pickle: a lesson kernel unpickles it in a few ms instead of parsing the schema and typing
    every table again (about 40 ms). A missing or unreadable pickle is simply built again.
    """
    stamp = ensure_valid()
    path = cache_dir() / f"tables-{stamp[:32]}-{code_version()}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # not there yet, or written by another version: build it
        pass
    with open(DATA_DIR / "datapackage.yaml", encoding="utf-8") as f:
        schema = yaml.load(f, Loader=LOADER)
    built = {
        "descriptor": schema,
        "tables": {res["name"]: read_table(res) for res in schema["resources"]},
    }
    remember(path, built)
    return built


def code_version() -> str:
    """A short hash of what turns files into tables: this module's source, pandas' and numpy's versions."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{pd.__version__} {np.__version__}".encode())
    return digest.hexdigest()[:12]


def remember(path: Path, built: dict[str, Any]) -> None:
    """Pickle the snapshot atomically (a reader never sees half a file) and drop older ones."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with open(partial, "wb") as f:
            pickle.dump(built, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        for old in path.parent.glob("tables-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only cache folder only costs speed
        pass


def phase_events(phase: int) -> pd.DataFrame:
    """The events of one phase (1-6), in date order, each once (second mentions dropped)."""
    events = load("events")
    keep = (events["phase"] == phase) & events["same_as"].isna()
    return events[keep].sort_values(["date_start", "event_id"])


@cache
def notebook_spec() -> list[dict[str, Any]]:
    """The notebook spec (data/notebooks.yaml): order, titles, objectives (not validated here)."""
    with open(DATA_DIR / "notebooks.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)["notebooks"]


def reading_wpm() -> int:
    """The reading rate (words a minute) that the notebooks' declared minutes assume."""
    with open(DATA_DIR / "notebooks.yaml", encoding="utf-8") as f:
        return int(yaml.load(f, Loader=LOADER)["reading_wpm"])


@cache
def exercise(name: str) -> dict[str, Any]:
    """An invented practice exercise of data/exercises.yaml (its numbers are not historical)."""
    with open(DATA_DIR / "exercises.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=LOADER)[name]


EXTENTS = ("caucasus", "europe")  # the map outlines shipped in data/shapes/


@cache
def outline(extent: str) -> dict[str, Any]:
    """The shipped GeoJSON land outline of one extent ('caucasus' or 'europe'), data/shapes/."""
    if extent not in EXTENTS:
        raise ValueError(f"extent must be one of {EXTENTS}, not {extent!r}")
    return json.loads((DATA_DIR / "shapes" / f"{extent}.geojson").read_text(encoding="utf-8"))


@cache
def article_text() -> str:
    """The text of the article the collection teaches."""
    return ARTICLE.read_text(encoding="utf-8")


@cache
def article_paragraphs() -> tuple[str, ...]:
    """The article's paragraphs exactly as stored (line breaks kept): a blank line after a sentence's
    end starts a new one; a blank line inside a sentence is a column break, not a paragraph end."""
    import re

    parts = re.split(r"(?<=[.\u201d\"])[ \t]*\n\s*\n", article_text())
    return tuple(p.strip("\n") for p in parts if p.strip())


def data_files() -> list[Path]:
    """Every file whose content the validation depends on."""
    suffixes = {".csv", ".yaml", ".txt"}
    return sorted(p for p in DATA_DIR.rglob("*") if p.is_file() and p.suffix in suffixes)


def fingerprint() -> str:
    """A hash of every data file: names and bytes."""
    digest = hashlib.sha256()
    for path in data_files():
        digest.update(str(path.relative_to(DATA_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where validation verdicts and table snapshots are kept (env CAUCASUS_CACHE overrides)."""
    if os.environ.get("CAUCASUS_CACHE"):
        return Path(os.environ["CAUCASUS_CACHE"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("caucasus1917"))


_checked: set[str] = set()


def ensure_valid() -> str:
    """Validate the data once per change of its files (raise DataError with every problem);
    return the files' fingerprint."""
    stamp = fingerprint()
    if stamp in _checked:
        return stamp
    marker = cache_dir() / f"valid-{stamp[:32]}"
    if not marker.exists():
        from helpers.data import validate

        found = validate.problems(DATA_DIR)
        if found:
            raise DataError(found)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("data/ passed validation\n", encoding="utf-8")
    _checked.add(stamp)
    return stamp
