"""`python -m helpers.validate`: passes on the shipped data; each kind of broken edit is named precisely."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers import data, validate


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A throw-away copy of data/ to break."""
    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    return copy


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Write one cell of a CSV (row counted like a spreadsheet: header = 1)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def run(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = validate.main([str(data_dir)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out


def test_shipped_data_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data.DATA_DIR, capsys) == (0, "data OK\n")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "date_start",
            "1918-02-30",
            "column date_start: '1918-02-30' is not a valid date (expected YYYY-MM-DD",
        ),
        ("date_start", "28 May 1918", "column date_start: '28 May 1918' is not a valid date"),
        ("phase", "three", "column phase: 'three' is not a whole number"),
        (
            "calendar_printed",
            "Julian",
            "column calendar_printed: 'Julian' is not allowed; use one of: OS, NS",
        ),
        ("event_id", "", "column event_id: a value is required here"),
        ("place_id", "atlantis", "column place_id: 'atlantis' is not an id in data/places.csv"),
        (
            "actors",
            "lenin;nobody_at_all",
            "column actors: 'nobody_at_all' is not an id in data/people.csv",
        ),
    ],
)
def test_bad_cell_is_named(broken, capsys, column, value, expected) -> None:
    set_cell(broken / "events.csv", 3, column, value)
    code, out = run(broken, capsys)
    assert code == 1
    assert f"data/events.csv, row 3, {expected}" in out


def test_duplicate_id(broken, capsys) -> None:
    with open(broken / "events.csv", encoding="utf-8") as f:
        first_id = list(csv.reader(f))[1][0]
    set_cell(broken / "events.csv", 4, "event_id", first_id)
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/events.csv, row 4: duplicate id" in out


def test_wrong_header(broken, capsys) -> None:
    path = broken / "places.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("lat", "latitude", 1), encoding="utf-8")
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/places.csv, row 1, column lat: this column is missing from the header" in out
    assert "data/places.csv, row 1, column latitude: unknown column" in out


def test_bad_encoding(broken, capsys) -> None:
    path = broken / "places.csv"
    lines = path.read_bytes().split(b"\n")
    lines[4] = lines[4] + "é".encode("latin-1")
    path.write_bytes(b"\n".join(lines))
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/places.csv, row 5: is not UTF-8 text (byte 0xE9)" in out


def test_malformed_csv_line(broken, capsys) -> None:
    path = broken / "places.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2] + ",an extra cell"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/places.csv, row 3: this line has more cells than the header" in out


def test_malformed_yaml(broken, capsys) -> None:
    path = broken / "notebooks.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if "title:" in line)
    lines[index] = lines[index].replace("title:", "title: [unclosed", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/notebooks.yaml, line " in out and "is not valid YAML" in out


def test_yaml_schema_violation(broken, capsys) -> None:
    path = broken / "notebooks.yaml"
    text = path.read_text(encoding="utf-8").replace("minutes: 40", "minutes: forty", 1)
    path.write_text(text, encoding="utf-8")
    code, out = run(broken, capsys)
    assert code == 1
    assert "'forty' is not of type 'integer'" in out and "notebooks[1].minutes" in out


def test_missing_file(broken, capsys) -> None:
    (broken / "glossary.csv").unlink()
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/glossary.csv: file is missing" in out
