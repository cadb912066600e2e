"""`python -m helpers.data.validate`: passes on the shipped data; each kind of broken edit is named precisely."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from helpers import data
from helpers.data import files, validate, yaml_schema


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
            "same_as",
            "nowhere_1918",
            "column same_as: 'nowhere_1918' is not an id in data/events.csv",
        ),
        ("phase", "7", 'column phase: \'7\' breaks the rule constraint "maximum" is "6"'),
        ("phase", "3.0", "column phase: '3.0' is not a whole number"),
        ("contested", "yes", "column contested: 'yes' is not true or false"),
        (
            "refs",
            "12 p.139",
            'column refs: \'12 p.139\' breaks the rule constraint "pattern" is "^(([0-9]+|gokay)',
        ),
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
    assert "data/events.csv, row 4, column event_id: duplicate id" in out


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
    text = path.read_text(encoding="utf-8").replace("narrative_wpm: 130", "narrative_wpm: seven", 1)
    path.write_text(text, encoding="utf-8")
    code, out = run(broken, capsys)
    assert code == 1
    assert "'seven' is not of type 'integer'" in out and "classroom_time.narrative_wpm" in out


def test_missing_file(broken, capsys) -> None:
    (broken / "glossary.csv").unlink()
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/glossary.csv: file is missing" in out


def replace_line(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of a text; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def question_index(path: Path, question_id: str) -> int:
    """The index of a question in its bank (as the key path names it)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return next(i for i, q in enumerate(doc["questions"]) if q["id"] == question_id)


BANK03 = "03_commissariat_and_elections.yaml"


def test_an_unquoted_impossible_date_is_named_with_line_and_key(broken, capsys) -> None:
    path = broken / "quiz" / BANK03
    line = replace_line(path, "answer: '1917-11-28'", "answer: 1917-11-31")
    code, out = run(broken, capsys)
    assert code == 1
    i = question_index(data.DATA_DIR / "quiz" / BANK03, "q3.2")  # its date question
    assert f"data/quiz/{BANK03}, line {line}, questions[{i}].answer: " in out
    assert "'1917-11-31' cannot be read (day is out of range for month)" in out
    assert "write a real day as YYYY-MM-DD" in out


def test_a_nan_answer_is_named(broken, capsys) -> None:
    path = broken / "quiz" / BANK03
    line = replace_line(path, "    answer: 37.7\n", "    answer: .nan\n")
    i = question_index(data.DATA_DIR / "quiz" / BANK03, "q3.5")  # its numeric question of 37.7
    code, out = run(broken, capsys)
    assert code == 1
    assert (
        f"data/quiz/{BANK03}, line {line}, questions[{i}].answer: "
        "nan is not a number a student could type"
    ) in out


def test_a_folder_in_place_of_a_csv_is_named(broken, capsys) -> None:
    (broken / "glossary.csv").unlink()
    (broken / "glossary.csv").mkdir()
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/glossary.csv: is a folder, not a CSV file" in out


def test_an_exception_of_a_check_is_named_with_its_file(broken, capsys, monkeypatch) -> None:
    """The net under every reader and check: an exception is one located line, never a traceback."""
    from helpers.data import bank_rules

    def fails(path, *args):
        raise RuntimeError(f"planted in {Path(path).name}")

    monkeypatch.setattr(bank_rules, "bank_problems", fails)
    code, out = run(broken, capsys)
    assert code == 1
    assert f"data/quiz/{BANK03}: could not be checked (RuntimeError: planted in {BANK03})" in out


def test_a_lesson_gets_the_located_message_not_an_exception(broken, monkeypatch, tmp_path) -> None:
    """What lesson.start shows: a DataError (its message, no traceback), not a ValueError."""
    line = replace_line(broken / "quiz" / BANK03, "answer: '1917-11-28'", "answer: 1917-11-31")
    replace_line(
        broken / "notebooks.yaml", "\nclassroom_time:", "\nunread: 1917-02-30\nclassroom_time:"
    )
    monkeypatch.setattr(data, "DATA_DIR", broken)
    monkeypatch.setattr(data, "_checked", set())
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CAUCASUS_SHARED_CACHE", raising=False)
    data.snapshot.cache_clear()
    data.notebook_spec.cache_clear()
    try:
        with pytest.raises(data.DataError, match=r"data/notebooks.yaml, line \d+, unread: "):
            data.load("events")
        with pytest.raises(data.DataError, match=r"data/notebooks.yaml, line \d+, unread"):
            data.notebook_spec()
        from helpers import quiz

        with pytest.raises(data.DataError, match=f"{BANK03}, line {line}, questions"):
            quiz.load(BANK03.removesuffix(".yaml"))
    finally:
        data.snapshot.cache_clear()
        data.notebook_spec.cache_clear()


def test_number_out_of_range_and_unreadable(broken, capsys) -> None:
    set_cell(broken / "places.csv", 3, "lat", "91")
    set_cell(broken / "places.csv", 4, "lon", "nan")
    code, out = run(broken, capsys)
    assert code == 1
    assert (
        'data/places.csv, row 3, column lat: \'91\' breaks the rule constraint "maximum" is "90"'
        in out
    )
    assert "data/places.csv, row 4, column lon: 'nan' is not a number (expected digits" in out


def test_blank_row_is_named_once(broken, capsys) -> None:
    path = broken / "places.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, ",,,,,,,")
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out = run(broken, capsys)
    assert (code, out) == (1, "data/places.csv, row 4: this row is empty; delete it\n")


def test_one_problem_per_cell(broken, capsys) -> None:
    """A bad id that is also unknown gets the first rule it breaks, once."""
    set_cell(broken / "events.csv", 3, "place_id", "Atlantis")
    code, out = run(broken, capsys)
    assert code == 1
    assert out.splitlines() == [
        "data/events.csv, row 3, column place_id: 'Atlantis' breaks the rule constraint "
        '"pattern" is "^[a-z][a-z0-9_]*$"'
    ]


def test_unsupported_schema_rule_is_named(broken, capsys) -> None:
    path = broken / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("minimum: -90", "minimum: -90\n          multipleOf: 2", 1))
    code, out = run(broken, capsys)
    assert code == 1
    assert "data/datapackage.yaml: resources: places, field lat: constraint 'multipleOf'" in out


# ---- Frictionless is the reference: both flag the same cells of each kind of broken edit ----


def edit_cells(*edits: tuple[str, int, str, str]):
    """An edit of a data copy: set these (table, row, column, value) cells; '=row N' copies row N."""

    def apply(copy: Path) -> None:
        for table, row, column, value in edits:
            path = copy / f"{table}.csv"
            if value.startswith("=row "):
                with open(path, encoding="utf-8", newline="") as f:
                    rows = list(csv.reader(f))
                value = rows[int(value[5:]) - 1][rows[0].index(column)]
            set_cell(path, row, column, value)

    return apply


def edit_line(table: str, index: int, change) -> object:
    """An edit of a data copy: change one line of a CSV (index 0 = header) as text."""

    def apply(copy: Path) -> None:
        path = copy / f"{table}.csv"
        lines = path.read_text(encoding="utf-8").split("\n")
        change(lines, index)
        path.write_text("\n".join(lines), encoding="utf-8")

    return apply


BROKEN_EDITS = {
    "date not in the calendar": edit_cells(("events", 3, "date_start", "1918-02-30")),
    "date in words": edit_cells(("events", 5, "outside_date_end", "28 May 1918")),
    "integer": edit_cells(("events", 3, "phase", "three"), ("claims", 2, "phase", "2.5")),
    "number": edit_cells(("places", 3, "lat", "41,5"), ("figures", 4, "value", "12 000")),
    "boolean": edit_cells(("events", 3, "contested", "yes"), ("claims", 4, "contested", "True")),
    "enum": edit_cells(("events", 3, "calendar_printed", "Julian"), ("places", 3, "kind", "town")),
    "required": edit_cells(("events", 3, "title", ""), ("events", 4, "event_id", "")),
    "pattern": edit_cells(("parties", 3, "colour", "#d55e00"), ("events", 6, "refs", "12 p.1")),
    "minimum and maximum": edit_cells(
        ("events", 3, "phase", "0"),
        ("places", 3, "lat", "91"),
        ("elections_1917", 2, "votes", "-5"),
    ),
    "unknown foreign key": edit_cells(
        ("events", 3, "place_id", "atlantis"), ("figures", 3, "event_id", "no_such_event_1918")
    ),
    "unknown id in the same table": edit_cells(("events", 3, "same_as", "no_such_event_1918")),
    "pattern and foreign key in one cell": edit_cells(("people", 3, "party_id", "Whigs")),
    "renamed id breaks references": edit_cells(("places", 3, "place_id", "renamed_place")),
    "duplicate id": edit_cells(
        ("events", 4, "event_id", "=row 2"), ("sources", 9, "source_id", "=row 2")
    ),
    "unique": edit_cells(("seym_seats", 4, "party_id", "=row 2")),
    "more cells": edit_line("places", 2, lambda lines, i: lines.insert(i, lines.pop(i) + ",x")),
    "fewer cells": edit_line("places", 2, lambda lines, i: lines.insert(i, lines.pop(i)[:12])),
    "blank rows": edit_line("glossary", 3, lambda lines, i: lines.insert(i, ",,\n")),
}


ROW_ERRORS = {"extra-cell", "missing-cell", "blank-row"}


def frictionless_cells(copy: Path) -> set[tuple[str, int | None, str | None]]:
    """(file, row, column) of every error Frictionless reports; row-level errors have no column."""
    from frictionless import Package, system

    descriptor = yaml.safe_load((copy / "datapackage.yaml").read_text(encoding="utf-8"))
    paths = {res["name"]: res["path"] for res in descriptor["resources"]}
    keys = {res["name"]: res["schema"].get("primaryKey") for res in descriptor["resources"]}
    package = {k: v for k, v in descriptor.items() if not k.startswith("x-")}
    with system.use_context(trusted=True):
        report = Package(package, basepath=str(copy)).validate()
    found = set()
    for task in report.tasks:
        for err in task.errors:
            if err.type == "primary-key" and '"None"' in err.note:
                continue  # an empty id: its required (or blank-row) error names it already
            if err.type == "foreign-key":
                column = err.field_names[0]
            elif err.type == "primary-key":  # ours names the key's column(s), like every message
                key = keys[task.name]
                column = key if isinstance(key, str) else ", ".join(key)
            elif err.type in ROW_ERRORS:
                column = None
            else:
                column = err.field_name
            found.add((f"data/{paths[task.name]}", err.row_number, column))
    return found


@pytest.mark.parametrize("edit", BROKEN_EDITS.values(), ids=BROKEN_EDITS.keys())
def test_same_cells_as_frictionless(broken, edit) -> None:
    edit(broken)
    descriptor = yaml.safe_load((broken / "datapackage.yaml").read_text(encoding="utf-8"))
    ours = validate.table_problems(descriptor, broken)
    cells = [(p.file, p.row, p.column) for p in ours]
    assert ours, "the edit must break something"
    assert len(set(cells)) == len(cells), "one problem per cell"
    assert set(cells) == frictionless_cells(broken)


# ---- YAML: the quick verdict (yaml_schema.conforms) agrees with jsonschema, the reference ----


def yaml_doc(name: str) -> dict:
    return yaml.safe_load((data.DATA_DIR / name).read_text(encoding="utf-8"))


def schemas() -> dict:
    return yaml_doc("datapackage.yaml")["x-yaml-schemas"]


def first(doc: dict, kind: str) -> dict:
    return next(q for q in doc["questions"] if q["type"] == kind)


BANK_EDITS = {
    "valid": lambda d: None,
    "unknown type": lambda d: d["questions"][0].update(type="essay"),
    "answer not a string": lambda d: first(d, "single").update(answer=5),
    "missing citation": lambda d: d["questions"][0].pop("citation"),
    "unknown key": lambda d: d["questions"][0].update(extra=1),
    "short prompt": lambda d: d["questions"][0].update(prompt="short"),
    "numeric answer as text": lambda d: first(d, "numeric").update(answer="12"),
    "numeric without tolerance": lambda d: first(d, "numeric").pop("tolerance"),
    "boolean as a number": lambda d: first(d, "numeric").update(answer=True),
    "no choices": lambda d: first(d, "single").pop("choices"),
    "bad id": lambda d: d["questions"][0].update(id="Q1"),
    "bad calendar": lambda d: d["questions"][0].update(calendar="julian"),
}


def agrees_with_jsonschema(doc: Any, schema: dict) -> bool:
    """The quick verdict and jsonschema's agree on a document; returns whether it is valid."""
    import jsonschema

    expected = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    assert yaml_schema.conforms(doc, schema) is (not expected)
    assert sorted(m for _, m in yaml_schema.schema_errors(doc, schema)) == sorted(expected)
    return not expected


@pytest.mark.parametrize("edit", BANK_EDITS.values(), ids=BANK_EDITS.keys())
def test_the_quick_verdict_agrees_with_jsonschema_on_banks(edit) -> None:
    doc = yaml_doc("quiz/03_commissariat_and_elections.yaml")
    edit(doc)
    assert agrees_with_jsonschema(doc, schemas()["quiz"]) is (edit is BANK_EDITS["valid"])


def votes(d: dict) -> dict:
    return d["dhondt_by_hand"]["votes"]


OTHER_EDITS = {  # file, edit, valid after it
    "notebooks valid": ("notebooks.yaml", lambda d: None, True),
    "a task kind with a bad name": (
        "notebooks.yaml",
        lambda d: d["classroom_time"]["tasks"].update({"Pair Work": 3}),
        False,
    ),
    "no task kinds": (
        "notebooks.yaml",
        lambda d: d["classroom_time"].update(tasks={}),
        False,
    ),
    "exercises valid": ("exercises.yaml", lambda d: None, True),
    "a list not marked invented": (
        "exercises.yaml",
        lambda d: votes(d).update({"List Z": 5}),
        False,
    ),
    "one list only": (
        "exercises.yaml",
        lambda d: d["dhondt_by_hand"].update(votes={"A (invented)": 1}),
        False,
    ),
    "six lists": (
        "exercises.yaml",
        lambda d: votes(d).update({f"{n} (invented)": 9 for n in "UVWXYZ"}),
        False,
    ),
    "an unknown exercise": ("exercises.yaml", lambda d: d.update(other={}), False),
}


@pytest.mark.parametrize(("name", "edit", "valid"), OTHER_EDITS.values(), ids=OTHER_EDITS.keys())
def test_the_quick_verdict_agrees_with_jsonschema_on_other_files(name, edit, valid) -> None:
    """notebooks.yaml and exercises.yaml use patternProperties, propertyNames, min/maxProperties."""
    doc = yaml_doc(name)
    edit(doc)
    assert agrees_with_jsonschema(doc, schemas()[name]) is valid


@pytest.mark.parametrize(("rates", "misspelt"), [("report_back", "writen"), ("per_item", "chek")])
def test_a_rate_of_an_unknown_task_kind_is_refused(tmp_path, rates: str, misspelt: str) -> None:
    """classroom_time.report_back and .per_item name task kinds of classroom_time.tasks: a
    misspelt one is named."""
    broken = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, broken)
    path = broken / "notebooks.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f"  {rates}:\n", f"  {rates}:\n    {misspelt}: 2\n", 1), encoding="utf-8"
    )
    found = [str(p) for p in validate.problems(broken)]
    assert any(f"classroom_time.{rates}.{misspelt}: not a task kind" in p for p in found), found


@pytest.mark.parametrize(
    ("value", "valid"), [(130, True), (130.0, True), (True, False), ("130", False)]
)
def test_the_quick_verdict_agrees_with_jsonschema_on_integers(value, valid) -> None:
    doc = yaml_doc("notebooks.yaml")
    doc["classroom_time"]["narrative_wpm"] = value
    assert agrees_with_jsonschema(doc, schemas()["notebooks.yaml"]) is valid


def test_a_keyword_the_quick_verdict_does_not_read_goes_to_jsonschema() -> None:
    schema = {"type": "array", "prefixItems": [{"type": "integer"}]}
    with pytest.raises(yaml_schema.Unsupported):
        yaml_schema.conforms(["one"], schema)
    assert yaml_schema.schema_errors(["one"], schema) == [([0], "'one' is not of type 'integer'")]


def test_validation_of_the_shipped_data_imports_no_json_schema_library(tmp_path) -> None:
    """The cold path of a kernel: validating valid data needs neither jsonschema nor fastjsonschema."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom helpers.data import validate\nassert validate.problems() == []\n"
        "print(sorted(m for m in sys.modules if 'jsonschema' in m))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=data.REPO, check=True
    )
    assert done.stdout.strip() == "[]"


def alias_bomb(levels: int, key: str = "x-bomb") -> str:
    """A billion-laughs block: each level lists the one before it nine times (9**levels values)."""
    lines = [f'{key}0: &l0 ["lol"]']
    for n in range(1, levels + 1):
        lines.append(f"{key}{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


class TestYamlThatAttacksTheParser:
    """Aliases that expand past files.MAX_NODES values are refused, in one line naming file and line."""

    @pytest.mark.parametrize("levels", [9, 10, 30])
    def test_a_bomb_in_a_quiz_bank(self, broken, capsys, monkeypatch, levels) -> None:
        bank = broken / "quiz" / "01_revolution_in_russia.yaml"
        text = bank.read_text(encoding="utf-8")
        bank.write_text(text + alias_bomb(levels), encoding="utf-8")
        bomb_line = len(text.splitlines()) + 7  # the level whose aliases pass 200,000 values (9**6)
        built, real_document = [], files.document  # where a read YAML text becomes Python values

        def document(text):
            built.append("lol" in str(text))
            return real_document(text)

        monkeypatch.setattr(files, "document", document)
        code, out = run(broken, capsys)
        assert code == 1
        lines = [line for line in out.splitlines() if "01_revolution_in_russia" in line]
        assert lines == [
            f"data/quiz/01_revolution_in_russia.yaml, line {bomb_line}: its aliases (*name) expand "
            "to more than 200,000 values; write the values out instead of repeating aliases of aliases"
        ]
        assert len(out) < 2000 and built and not any(built)  # the bomb is never built

    @pytest.mark.parametrize("name", ["notebooks.yaml", "datapackage.yaml"])
    def test_a_bomb_in_the_other_yaml_files(self, broken, capsys, name) -> None:
        path = broken / name
        path.write_text(path.read_text(encoding="utf-8") + alias_bomb(12), encoding="utf-8")
        code, out = run(broken, capsys)
        assert code == 1 and f"data/{name}, line " in out and "expand to more than" in out
        assert len(out.splitlines()) == 1

    def test_a_bomb_of_mappings_with_merge_keys(self, broken, capsys) -> None:
        lines = ["x-a0: &a0 {k: v}"]
        for n in range(1, 12):
            keys = ", ".join(f"k{i}: *a{n - 1}" for i in range(8))
            lines.append(f"x-a{n}: &a{n} {{<<: *a{n - 1}, {keys}}}")
        path = broken / "notebooks.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", "utf-8")
        code, out = run(broken, capsys)
        assert code == 1 and "expand to more than" in out

    def test_the_bank_loader_refuses_it_too(self, broken) -> None:
        from helpers.data.quiz_bank import load_bank

        bank = broken / "quiz" / "02_baku_soviet.yaml"
        bank.write_text(bank.read_text(encoding="utf-8") + alias_bomb(10), encoding="utf-8")
        with pytest.raises(data.DataError, match=r"02_baku_soviet.yaml, line \d+: its aliases"):
            load_bank(broken, "02_baku_soviet")

    @pytest.mark.parametrize("levels", [1, 3, 5])
    def test_small_aliases_are_fine(self, levels) -> None:
        size, line = files.expanded_size(alias_bomb(levels))
        sizes = [2]  # a level: its list and what it holds; level 0 is ["lol"]
        for _ in range(levels):
            sizes.append(1 + 9 * sizes[-1])
        assert line is None and size == 1 + sum(1 + s for s in sizes)  # the mapping, keys, lists

    def test_the_shipped_schema_uses_a_few_aliases_and_passes(self) -> None:
        text = (data.DATA_DIR / "datapackage.yaml").read_text(encoding="utf-8")
        assert "*id001" in text and files.expanded_size(text)[1] is None


def load_copy(copy: Path, monkeypatch, name: str):
    """data.load of one table from a copy of data/, with nothing remembered (the notebook's view)."""
    monkeypatch.setattr(data, "DATA_DIR", copy)
    monkeypatch.setenv("CAUCASUS_CACHE", str(copy.parent / "cache"))
    monkeypatch.setattr(data, "_checked", set())
    data.snapshot.cache_clear()
    try:
        return data.load(name)
    finally:
        data.snapshot.cache_clear()


class TestOneVerdictForATeachersEdit:
    """Whatever `make check` accepts, the notebook loads identically; what it refuses it names."""

    @pytest.mark.parametrize(
        "edit",
        [
            lambda h: h.replace("source_id", "source_id ", 1),
            lambda h: h.replace("source_id", " source_id", 1),
            lambda h: h.replace("label", "label  ", 1),
            lambda h: "\ufeff" + h.replace(",note", ",note ", 1),
        ],
        ids=["trailing space", "leading space", "two spaces", "BOM and a space"],
    )
    def test_spaces_in_the_header(self, broken, capsys, monkeypatch, edit) -> None:
        path = broken / "sources.csv"
        before = load_copy(broken, monkeypatch, "sources")
        header, rest = path.read_text(encoding="utf-8").split("\n", 1)
        path.write_text(edit(header) + "\n" + rest, encoding="utf-8")
        assert run(broken, capsys) == (0, "data OK\n")
        after = load_copy(broken, monkeypatch, "sources")
        pd.testing.assert_frame_equal(after, before)

    @pytest.mark.parametrize(
        "true, false", [("TRUE", "FALSE"), ("True", "False"), ("1", "0"), ("true", "false")]
    )
    def test_spreadsheet_booleans(self, broken, capsys, monkeypatch, true, false) -> None:
        before = load_copy(broken, monkeypatch, "events")["contested"]
        path = broken / "events.csv"
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        col = rows[0].index("contested")
        for row in rows[1:]:
            row[col] = {"true": true, "false": false}.get(row[col], row[col])
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\r\n").writerows(rows)
        assert run(broken, capsys) == (0, "data OK\n")
        after = load_copy(broken, monkeypatch, "events")["contested"]
        pd.testing.assert_series_equal(after, before)
        assert after.notna().all() and after.any() and not after.all()

    @pytest.mark.parametrize("value", ["yes", "T", "ja", "true "])
    def test_other_booleans_are_named(self, broken, capsys, value) -> None:
        set_cell(broken / "events.csv", 5, "contested", value)
        code, out = run(broken, capsys)
        assert (
            code == 1
            and f"data/events.csv, row 5, column contested: {value!r} is not true or false" in out
        )

    @pytest.mark.parametrize(
        "table, column",
        [("events.csv", "event_id"), ("places.csv", "place_id"), ("sources.csv", "source_id")],
    )
    def test_duplicate_id_names_its_column(self, broken, capsys, table, column) -> None:
        with open(broken / table, encoding="utf-8") as f:
            first_id = list(csv.reader(f))[1][0]
        set_cell(broken / table, 4, column, first_id)
        code, out = run(broken, capsys)
        assert code == 1
        assert f"data/{table}, row 4, column {column}: duplicate id: this row repeats" in out

    @pytest.mark.parametrize(
        "table, row_id, column, old, new",
        [
            ("people.csv", "shaumyan", "name_article", "Sergey Şaumyan", "Sergey ?aumyan"),
            ("people.csv", "rasulzade", "name_article", "Resulzade", "Res\ufffdlzade"),
            ("places.csv", "shamakhi", "name_article", "Shamahi", "Shamakhi"),
            ("glossary.csv", "turkish_armenia", "term_article", "Armenia", "Armenja"),
        ],
    )
    def test_article_spellings_are_checked_against_the_article(
        self, broken, capsys, table, row_id, column, old, new
    ) -> None:
        path = broken / table
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        row = next(n for n, cells in enumerate(rows, start=1) if cells[0] == row_id)
        cell = rows[row - 1][rows[0].index(column)]
        assert old in cell
        changed = [item.replace(old, new) for item in cell.split("; ") if old in item][0]
        set_cell(path, row, column, cell.replace(old, new, 1))
        code, out = run(broken, capsys)
        assert code == 1
        line = (
            f"data/{table}, row {row}, column {column}: {changed!r} does not occur in the article"
        )
        assert line in out
        assert ("save it as 'CSV UTF-8'" in out) == ("?" in new or "\ufffd" in new)

    def test_straight_and_curly_quotes_both_match(self, broken, capsys) -> None:
        path = broken / "glossary.csv"
        path.write_text(
            path.read_text(encoding="utf-8").replace("Turkey's Armenia", "Turkey\u2019s Armenia")
        )
        assert run(broken, capsys) == (0, "data OK\n")
