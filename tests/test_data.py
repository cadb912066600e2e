"""helpers.data: every table loads with the types its schema declares; broken data gives one clear error."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import data

DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}


@pytest.mark.parametrize("name", data.table_names())
def test_table_loads_typed(name: str) -> None:
    table = data.load(name)
    assert len(table) > 0
    for field in data.resource(name)["schema"]["fields"]:
        column = table[field["name"]]
        if field.get("x-list-of") or field.get("x-delimiter"):
            assert column.map(lambda v: isinstance(v, list)).all(), field["name"]
        elif field.get("type") == "date":
            assert pd.api.types.is_datetime64_any_dtype(column), field["name"]
        else:
            assert str(column.dtype) == DTYPES[field.get("type", "string")], field["name"]


def test_load_is_cached() -> None:
    assert data.load("events") is data.load("events")


def test_article_copy_matches_shared() -> None:
    shared = data.REPO.parent / "shared" / "article" / "article.txt"
    if shared.exists():  # beside the repository in CI and on the team's machines
        assert data.article_text() == shared.read_text(encoding="utf-8")
    assert "Bolshevik" in data.article_text()


def test_broken_data_shows_a_message_not_a_traceback(tmp_path: Path) -> None:
    """A notebook that loads broken data prints file, row and column, and no traceback frames."""
    from nbclient import NotebookClient

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    events = copy / "events.csv"
    lines = events.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("phase")] = "seven"
    lines[1] = ",".join(cells)
    events.write_text("\n".join(lines), encoding="utf-8")

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from helpers import data, lesson\nlesson.start()"),
        nbformat.v4.new_code_cell('data.load("events")'),
    ]
    env = {"CAUCASUS_DATA": str(copy), "CAUCASUS_CACHE": str(tmp_path / "cache")}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True)
        client.execute()
    outputs = nb.cells[1].outputs
    text = "".join(o.get("text", "") for o in outputs)
    assert "data/events.csv, row 2, column phase: 'seven' is not a whole number" in text
    assert not [o for o in outputs if o.output_type == "error" and o.get("traceback")]
    assert "Traceback" not in text and "File " not in text


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A copy of data/ and an empty cache, with nothing remembered in this process."""
    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_checked", set())
    data.snapshot.cache_clear()
    yield copy
    data.snapshot.cache_clear()


def test_validation_is_redone_when_a_file_changes(fresh: Path) -> None:
    """A passing check is remembered for these exact files; a broken quiz bank is still named."""
    data.ensure_valid()
    assert len(list((fresh.parent / "cache").glob("valid-*"))) == 1
    bank = fresh / "quiz" / "03_commissariat_and_elections.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("    answer: b\n", "    answer: e\n", 1), encoding="utf-8")
    with pytest.raises(
        data.DataError,
        match=r"03_commissariat_and_elections.yaml, line \d+, questions\[\d+\]\.answer: 'e'",
    ):
        data.ensure_valid()


def test_tables_are_kept_as_a_snapshot_and_read_back(fresh: Path) -> None:
    events = data.load("events")
    (snap,) = (fresh.parent / "cache").glob("tables-*.pickle")
    data.snapshot.cache_clear()
    again = data.load("events")  # read from the pickle this time
    assert again is not events
    pd.testing.assert_frame_equal(again, events)


def test_a_changed_file_makes_a_new_snapshot_and_drops_the_old(fresh: Path) -> None:
    data.load("places")
    (old,) = (fresh.parent / "cache").glob("tables-*.pickle")
    places = fresh / "places.csv"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace("\nbaku,Baku,Baku,", "\nbaku,Baku,Baky,", 1), "utf-8")
    data.snapshot.cache_clear()
    assert data.load("places").loc["baku", "name_standard"] == "Baky"
    (new,) = (fresh.parent / "cache").glob("tables-*.pickle")
    assert new != old


def test_an_unreadable_snapshot_is_built_again(fresh: Path) -> None:
    data.load("people")
    (snap,) = (fresh.parent / "cache").glob("tables-*.pickle")
    snap.write_bytes(b"not a pickle")
    data.snapshot.cache_clear()
    assert len(data.load("people")) > 0
    assert snap.read_bytes() != b"not a pickle"
