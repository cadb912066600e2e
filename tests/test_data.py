"""helpers.data: every table loads with the types its schema declares; broken data gives one clear error."""

from __future__ import annotations

import csv
import gc
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import data
from helpers.data import files, freshness, shared_cache

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


def bad_phase(copy: Path) -> str:
    """A word where a phase number belongs; the message expected."""
    events = copy / "events.csv"
    lines = events.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("phase")] = "seven"
    lines[1] = ",".join(cells)
    events.write_text("\n".join(lines), encoding="utf-8")
    return "data/events.csv, row 2, column phase: 'seven' is not a whole number"


def impossible_date(copy: Path) -> str:
    """An unquoted date that is no day (the YAML parser cannot build it); the message expected."""
    bank = copy / "quiz" / "03_commissariat_and_elections.yaml"
    text = bank.read_text(encoding="utf-8")
    line = text[: text.index("answer: '1917-11-28'")].count("\n") + 1
    bank.write_text(text.replace("answer: '1917-11-28'", "answer: 1917-11-31", 1), encoding="utf-8")
    return (
        f"data/quiz/03_commissariat_and_elections.yaml, line {line}, questions[1].answer: "
        "'1917-11-31' cannot be read (day is out of range for month)"
    )


@pytest.mark.parametrize("defect", [bad_phase, impossible_date])
def test_broken_data_shows_a_message_not_a_traceback(tmp_path: Path, defect) -> None:
    """A notebook that loads broken data prints file, row and column, and no traceback frames."""
    from helpers.authoring.kernels import notebook_client

    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    expected = defect(copy)

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from helpers import data, lesson\nlesson.start()"),
        nbformat.v4.new_code_cell('data.load("events")'),
    ]
    env = {"CAUCASUS_DATA": str(copy), "CAUCASUS_CACHE": str(tmp_path / "cache")}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        client = notebook_client(
            nb, timeout=120, kernel_name="python3", allow_errors=True, shutdown_kernel="immediate"
        )
        client.execute()
    outputs = nb.cells[1].outputs
    text = "".join(o.get("text", "") for o in outputs)
    assert expected in text
    assert not [o for o in outputs if o.output_type == "error" and o.get("traceback")]
    assert "Traceback" not in text and "File " not in text


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """A copy of data/ and an empty cache, with nothing remembered in this process."""
    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    monkeypatch.setattr(files, "DATA_DIR", copy)  # the article and the banks read through files
    monkeypatch.setenv("CAUCASUS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("CAUCASUS_SHARED_CACHE", raising=False)
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
    (snap,) = (fresh.parent / "cache").glob("tables-*.json")
    data.snapshot.cache_clear()
    again = data.load("events")  # read from the snapshot this time
    assert again is not events
    pd.testing.assert_frame_equal(again, events)


def test_a_cold_load_types_each_column_once(fresh: Path, monkeypatch) -> None:
    """The validator and the loader share one typing of each table's cells (helpers.data.columns):
    a cold load (nothing read yet, no cache) types every column of the schema exactly once."""
    from helpers.data import columns, files

    files.csv_cells.cache_clear()  # the cells read by earlier tests carry their typed columns
    typed: list[int] = []
    real = columns.parse
    monkeypatch.setattr(columns, "parse", lambda spec, text: typed.append(1) or real(spec, text))
    for name in data.table_names():
        data.load(name)
    schema = data.yaml_file("datapackage.yaml")
    assert len(typed) == sum(len(r["schema"]["fields"]) for r in schema["resources"])


def test_a_changed_file_makes_a_new_snapshot_and_drops_the_old(fresh: Path) -> None:
    data.load("places")
    (old,) = (fresh.parent / "cache").glob("tables-*.json")
    places = fresh / "places.csv"
    text = places.read_text(encoding="utf-8")
    places.write_text(text.replace("\nbaku,Baku,Baku,", "\nbaku,Baku,Baky,", 1), "utf-8")
    data.snapshot.cache_clear()
    assert data.load("places").loc["baku", "name_standard"] == "Baky"
    (new,) = (fresh.parent / "cache").glob("tables-*.json")
    assert new != old


def test_an_unreadable_snapshot_is_built_again(fresh: Path) -> None:
    data.load("people")
    (snap,) = (fresh.parent / "cache").glob("tables-*.json")
    snap.write_bytes(b"not a snapshot")
    data.snapshot.cache_clear()
    assert len(data.load("people")) > 0
    assert snap.read_bytes() != b"not a snapshot"


def stranger(path: Path, monkeypatch) -> None:
    """Make `path` and its folder another user's (not root's): chown as root, else pretend to be
    someone else."""
    if os.getuid() == 0:
        for p in (path, path.parent):
            os.chown(p, 54321, 54321, follow_symlinks=False)
    else:
        real = os.getuid()
        monkeypatch.setattr(data.os, "getuid", lambda: real + 1)


class TestNoCacheRunsCode:
    """The snapshot cache can neither run code nor serve data that another user planted."""

    @staticmethod
    def snapshot_path(fresh: Path, suffix: str = "json") -> Path:
        stamp = data.ensure_valid()
        return fresh.parent / "cache" / f"tables-{stamp[:32]}-{data.code_version()}.{suffix}"

    @staticmethod
    def forged(fresh: Path) -> bytes:
        """A well-made snapshot of these very data, with Baku renamed: what a tamperer would write."""
        built = data.snapshot()
        raw = data.encode(built, data.ensure_valid())
        data.snapshot.cache_clear()
        forged = raw.replace(b'"Baku"', b'"Forged"')
        assert forged != raw
        return forged

    def test_a_planted_pickle_is_never_unpickled(self, fresh: Path, tmp_path: Path) -> None:
        import pickle

        witness = tmp_path / "pwned"

        class Payload:
            def __reduce__(self):
                return (open, (str(witness), "w"))

        for suffix in ("pickle", "json"):
            path = self.snapshot_path(fresh, suffix)
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            path.write_bytes(pickle.dumps({"tables": Payload()}))
        data.snapshot.cache_clear()
        assert data.load("places").loc["baku", "name_standard"] == "Baku"
        assert not witness.exists()
        assert not list((fresh.parent / "cache").glob("*.pickle"))  # old pickles are dropped

    @pytest.mark.parametrize(
        "how", ["world-writable folder", "group-writable file", "foreign owner", "symlink"]
    )
    def test_a_planted_snapshot_is_not_served(self, fresh: Path, monkeypatch, how: str) -> None:
        path = self.snapshot_path(fresh)
        forged = self.forged(fresh)
        path.parent.mkdir(parents=True, exist_ok=True)
        if how == "symlink":
            elsewhere = fresh.parent / "elsewhere.json"
            elsewhere.write_bytes(forged)
            path.unlink(missing_ok=True)
            path.symlink_to(elsewhere)
        else:
            path.write_bytes(forged)
        if how == "world-writable folder":
            path.parent.chmod(0o777)
        if how == "group-writable file":
            path.chmod(0o664)
        if how == "foreign owner":  # neither the user nor root (whose files are believed)
            stranger(path, monkeypatch)
        assert data.load("places").loc["baku", "name_standard"] == "Baku"
        if how != "foreign owner":  # the folder is made private and the forged file replaced
            assert path.parent.stat().st_mode & 0o077 == 0
            assert b"Forged" not in path.read_bytes() and not path.is_symlink()

    def test_a_snapshot_of_other_data_is_not_served(self, fresh: Path) -> None:
        path = self.snapshot_path(fresh)
        forged = self.forged(fresh).replace(data.ensure_valid().encode(), b"0" * 64)
        path.write_bytes(forged)
        assert data.load("places").loc["baku", "name_standard"] == "Baku"

    def test_a_planted_validation_marker_does_not_skip_validation(self, fresh: Path) -> None:
        events = fresh / "events.csv"
        events.write_text(
            events.read_text(encoding="utf-8").replace(",1918-05-28,", ",1918-02-30,", 1)
        )
        stamp = data.fingerprint()
        cache = fresh.parent / "cache"
        cache.mkdir(mode=0o777)
        cache.chmod(0o777)
        (cache / f"valid-{stamp[:32]}").write_text("data/ passed validation\n")
        with pytest.raises(data.DataError, match="1918-02-30"):
            data.ensure_valid()

    def test_the_snapshot_is_plain_json_in_a_private_folder(self, fresh: Path) -> None:
        data.load("events")
        (snap,) = (fresh.parent / "cache").glob("tables-*.json")
        doc = json.loads(snap.read_text(encoding="utf-8"))
        assert doc["fingerprint"] == data.ensure_valid()
        assert snap.stat().st_mode & 0o077 == 0 and snap.parent.stat().st_mode & 0o077 == 0

    @pytest.mark.parametrize("damage", [b"{}", b'{"fingerprint": 5}', b"\xff", b"[]"])
    def test_a_damaged_snapshot_is_rebuilt(self, fresh: Path, damage: bytes) -> None:
        path = self.snapshot_path(fresh)
        data.load("events")
        data.snapshot.cache_clear()
        path.write_bytes(damage)
        assert len(data.load("events")) > 0
        assert path.read_bytes() != damage


class TestAClassSharesOneCache:
    """A course installed for a class ships one validated snapshot (deploy/install.sh, as root) that
    every student's kernel reads instead of validating and building its own; a shared folder that
    someone else could write is never believed."""

    @staticmethod
    def shared(fresh: Path, monkeypatch) -> Path:
        folder = fresh.parent / "shared"
        shared_cache.write(folder)
        monkeypatch.setenv("CAUCASUS_SHARED_CACHE", str(folder))
        monkeypatch.setattr(data, "_checked", set())
        data.snapshot.cache_clear()
        return folder

    @staticmethod
    def validation_counted(monkeypatch) -> list[int]:
        from helpers.data import validate

        calls: list[int] = []
        real = validate.problems
        monkeypatch.setattr(validate, "problems", lambda *a: calls.append(1) or real(*a))
        return calls

    def test_a_student_reads_the_shared_snapshot_and_builds_nothing(self, fresh, monkeypatch):
        folder = self.shared(fresh, monkeypatch)
        assert sorted(oct(p.stat().st_mode & 0o777) for p in folder.iterdir()) == ["0o644"] * 2
        assert folder.stat().st_mode & 0o777 == 0o755
        calls = self.validation_counted(monkeypatch)
        monkeypatch.setattr(data, "read_table", lambda res: pytest.fail("read a CSV file"))
        assert data.load("places").loc["baku", "name_standard"] == "Baku"
        assert calls == []
        assert not list((fresh.parent / "cache").glob("tables-*"))  # nothing of the student's own

    @pytest.mark.parametrize(
        "how", ["world-writable folder", "group-writable file", "foreign owner"]
    )
    def test_a_shared_cache_others_can_write_is_not_believed(self, fresh, monkeypatch, how):
        folder = self.shared(fresh, monkeypatch)
        path = next(folder.glob("tables-*.json"))
        path.write_bytes(path.read_bytes().replace(b'"Baku"', b'"Forged"'))
        if how == "world-writable folder":
            folder.chmod(0o777)
        if how == "group-writable file":
            path.chmod(0o664)
            next(folder.glob("valid-*")).chmod(0o664)
        if how == "foreign owner":
            stranger(path, monkeypatch)
        calls = self.validation_counted(monkeypatch)
        assert data.load("places").loc["baku", "name_standard"] == "Baku"
        assert calls == [1]  # validated afresh, and the forged table not served

    def test_a_shared_cache_of_other_data_is_not_used(self, fresh, monkeypatch):
        self.shared(fresh, monkeypatch)
        events = fresh / "events.csv"
        events.write_text(
            events.read_text(encoding="utf-8").replace(",1918-05-28,", ",1918-02-30,", 1)
        )
        data.snapshot.cache_clear()
        with pytest.raises(data.DataError, match="1918-02-30"):
            data.load("events")

    def test_the_command_writes_it_or_names_the_problem(self, fresh, capsys):
        folder = fresh.parent / "shared"
        assert shared_cache.main([str(folder)]) == 0
        assert "shared snapshot" in capsys.readouterr().out
        assert len(list(folder.glob("tables-*.json"))) == 1
        events = fresh / "events.csv"
        events.write_text(
            events.read_text(encoding="utf-8").replace(",1918-05-28,", ",1918-02-30,", 1)
        )
        assert shared_cache.main([str(folder)]) == 1
        assert "1918-02-30" in capsys.readouterr().err


def test_the_snapshot_serves_the_yaml_a_lesson_reads_as_its_files_parse(fresh: Path) -> None:
    """Every YAML document a lesson reads comes back from the snapshot as its file parses."""
    stamp = data.ensure_valid()
    data.snapshot()
    data.snapshot.cache_clear()  # read back from the JSON snapshot this time
    names = [p.relative_to(fresh).as_posix() for g in data.LESSON_YAML for p in fresh.glob(g)]
    assert "notebooks.yaml" in names and any(n.startswith("quiz/") for n in names)
    for name in names:
        assert data.snapshot_document(name, stamp) == data.yaml_file(name), name


def test_a_changed_bank_is_not_served_from_an_older_snapshot(fresh: Path) -> None:
    """A quiz bank edited after the snapshot was made is read from its file."""
    from helpers.quiz import grading

    notebook = "03_commissariat_and_elections"
    before = grading.load(notebook)
    bank = fresh / "quiz" / f"{notebook}.yaml"
    text = bank.read_text(encoding="utf-8")
    prompt = re.search(r"prompt: (?:>-\n\s+)?", text)  # the first question's, folded or not
    assert prompt and not before.questions[0].prompt.startswith("Edited ")
    bank.write_text(text[: prompt.end()] + "Edited " + text[prompt.end() :], encoding="utf-8")
    assert grading.load(notebook).questions[0].prompt.startswith("Edited ")


def test_a_lesson_kernel_never_imports_the_yaml_parser(tmp_path: Path) -> None:
    """The set-up cell, the organiser's spec and a quiz read their YAML from the snapshot (the first
    run, with an empty cache, validates and builds it; the second is a lesson's usual run)."""
    probe = (
        "import sys\n"
        "from helpers import lesson\n"
        "lesson.start()\n"
        "from helpers import data, quiz, widgets\n"
        "data.notebook_spec()\n"
        "quiz.show('07_review', part='core')\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('yaml.')))\n"
    )
    env = dict(
        os.environ,
        CAUCASUS_CACHE=str(tmp_path / "cache"),
        CAUCASUS_PROGRESS=str(tmp_path / "progress.json"),
    )
    env.pop("CAUCASUS_SHARED_CACHE", None)
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            cwd=data.REPO,
            env=env,
            check=True,
        )
        for _ in range(2)
    ]
    assert runs[0].stdout.strip().splitlines()[-1] != "[]"  # the probe can see the parser
    assert runs[1].stdout.strip().splitlines()[-1] == "[]", runs[1].stdout


def test_a_cold_build_pauses_the_collector_and_drops_the_node_trees(
    fresh: Path, monkeypatch
) -> None:
    """The garbage collector is off while the snapshot is validated and built, on again after (off
    again if it was off), also when the data are broken; the YAML node trees are not kept."""
    seen: list[bool] = []
    build = data.build
    monkeypatch.setattr(data, "build", lambda: seen.append(gc.isenabled()) or build())
    assert gc.isenabled()
    data.load("events")
    assert seen == [False] and gc.isenabled()
    assert files.composed.cache_info().currsize == 0
    data.snapshot.cache_clear()
    gc.disable()
    try:
        data.load("events")  # from the snapshot file: no build, the collector left off
        assert not gc.isenabled()
    finally:
        gc.enable()
    bank = fresh / "quiz" / "03_commissariat_and_elections.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("    answer: b\n", "    answer: e\n", 1), encoding="utf-8")
    data.snapshot.cache_clear()
    with pytest.raises(data.DataError):
        data.load("events")
    assert gc.isenabled() and files.composed.cache_info().currsize == 0


@pytest.mark.parametrize("first", ["notebook_spec", "ensure_valid"])
def test_a_first_validation_pauses_the_collector_whatever_asks_first(
    fresh: Path, monkeypatch, first: str
) -> None:
    """A lesson's first data call may validate before any snapshot (notebook 00 asks for the notebook
    spec first, a quiz for its bank): the validation runs with the collector paused too."""
    seen: list[bool] = []
    check = data.check_files
    monkeypatch.setattr(data, "check_files", lambda: seen.append(gc.isenabled()) or check())
    data.notebook_spec.cache_clear()  # (kept per process: an earlier test may have asked for it)
    try:
        getattr(data, first)()
    finally:
        data.notebook_spec.cache_clear()
    assert seen == [False] and gc.isenabled()


# ---- in a kernel: every call sees the files as they are now, cheaply ----


ANNOUNCED: list[bool] = []  # whether the test's cells are announced (data.watch_cells)


def cell() -> None:
    """A lesson cell starting, as IPython's pre_run_cell event announces it (data.watch_cells); a
    kernel that does not announce its cells (nothing registered) calls nothing."""
    if ANNOUNCED and ANNOUNCED[-1]:
        data.cell_finished()
        data.cell_started()


@pytest.fixture(params=[True, False], ids=["cells announced", "cells not announced"])
def cells(request) -> Iterator[None]:
    """Cells announced as a lesson kernel announces them, or not at all; none running after."""
    ANNOUNCED.append(request.param)
    yield
    ANNOUNCED.pop()
    data.cell_finished()


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a data file (the test fails if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_cell(path: Path, key: str, column: str, new: str) -> None:
    """Set one cell of a data table (the row whose first cell is `key`), written back as CSV."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    at = rows[0].index(column)
    (row,) = [r for r in rows[1:] if r and r[0] == key]
    row[at] = new
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def first_place(fresh: Path) -> tuple[str, str]:
    """The first place's id and standard name, as data/places.csv holds them."""
    places = data.load("places")
    return places.index[0], places["name_standard"].iloc[0]


def test_an_edit_is_seen_when_a_cell_runs_again(fresh: Path, cells: None) -> None:
    """A teacher edits a data file and re-runs a cell: the table, the documents and the article
    are the edited ones, with no restart (a name of the same length: only the file's times and
    inode say it changed)."""
    cell()
    place, name = first_place(fresh)
    spec = data.notebook_spec()
    edited = name[:-1] + ("x" if name[-1] != "x" else "y")
    edit(fresh / "places.csv", f"{place},{name},{name},", f"{place},{name},{edited},")
    title = spec[0]["title"]
    edit(fresh / "notebooks.yaml", title, title + " (edited)")
    cell()
    assert data.load("places").loc[place, "name_standard"] == edited
    assert data.notebook_spec()[0]["title"] == title + " (edited)"
    assert data.document("notebooks.yaml")["notebooks"][0]["title"] == title + " (edited)"


def test_a_broken_edit_shows_the_validators_located_message(fresh: Path, cells: None) -> None:
    """An edit that breaks a rule: the next cell gets the validator's message naming file and row;
    fixed, the cell runs again (the problems are not kept past a change)."""
    cell()
    place, name = first_place(fresh)
    lat = data.load("places").loc[place, "lat"]
    broken = f"{place},{name},{name},,{lat}"
    text = (fresh / "places.csv").read_text(encoding="utf-8")
    row = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(broken))
    edit(fresh / "places.csv", broken, f"{place},{name},{name},,north")
    cell()
    with pytest.raises(data.DataError, match=rf"data/places.csv, row {row}, column lat"):
        data.load("places")
    with pytest.raises(data.DataError, match=rf"data/places.csv, row {row}, column lat"):
        data.load("events")  # again in the same cell: the problems kept, not validated again
    edit(fresh / "places.csv", f"{place},{name},{name},,north", broken)
    cell()
    assert data.load("places").loc[place, "lat"] == lat


def test_a_cell_looks_at_the_files_once(fresh: Path, monkeypatch) -> None:
    """Inside a cell the files are listed once, whatever the calls; between cells (a widget's button)
    at every call."""
    data.load("places")
    looked: list[tuple] = []
    real = freshness.stats_now
    monkeypatch.setattr(freshness, "stats_now", lambda: looked.append(real()) or looked[-1])
    data.cell_started()
    for name in data.table_names():
        data.load(name)
    data.notebook_spec()
    data.phase_events(1)
    assert len(looked) == 1
    data.cell_finished()
    data.load("places")
    data.load("events")
    assert len(looked) == 3
    data.cell_finished()


def test_files_are_hashed_again_only_when_a_stat_changes(fresh: Path, monkeypatch) -> None:
    """Unchanged stats reuse the fingerprint; an edit, an added file or a removed one hashes again."""
    monkeypatch.setattr(files, "RACY_NS", 0)  # the copies are new: believe their stats at once
    hashed: list[str] = []
    real = freshness.fingerprint
    monkeypatch.setattr(freshness, "fingerprint", lambda: hashed.append("x") or real())
    first = data.current_stamp()
    assert data.current_stamp() == first and len(hashed) == 1
    added = fresh / "quiz" / "notes.txt"
    added.write_text("a note\n", encoding="utf-8")
    second = data.current_stamp()
    assert second != first and len(hashed) == 2
    added.unlink()
    assert data.current_stamp() == first and len(hashed) == 3
    assert data.current_stamp() == first and len(hashed) == 3


def test_a_file_changed_just_now_is_hashed_at_every_call(fresh: Path, monkeypatch) -> None:
    """git's racy rule: a file changed within RACY_NS of its hashing may be rewritten within its
    timestamp's tick without a stat change, so its stats are not believed."""
    hashed: list[str] = []
    real = freshness.fingerprint
    monkeypatch.setattr(freshness, "fingerprint", lambda: hashed.append("x") or real())
    monkeypatch.setattr(files, "RACY_NS", 3_600 * 10**9)  # every file of the copy is recent
    data.current_stamp()
    data.current_stamp()
    assert len(hashed) == 2


def test_rendered_markup_is_kept_until_the_data_change(
    fresh: Path, cells: None, monkeypatch
) -> None:
    """text.with_sources renders a text once per fingerprint: again, the same; after an edit of the
    works' labels (data/sources.csv), the new label."""
    from helpers import text
    from helpers.data import markup

    outside = data.load("outside")
    item = next(i for i in outside.index if markup.ids_of(outside.loc[i, "works"]))
    work = markup.ids_of(outside.loc[item, "works"])[0]
    label = data.load("sources").loc[work, "label"]
    value = f"[[works:{item}]]"
    rendered: list[str] = []
    real = markup.render
    monkeypatch.setattr(markup, "render", lambda *a: rendered.append(a[0]) or real(*a))
    cell()
    shown = text.with_sources(value)
    assert text.with_sources(value) == shown and rendered.count(value) == 1
    edit_cell(fresh / "sources.csv", work, "label", f"{label} EDITED")
    cell()
    assert "EDITED" in text.with_sources(value) and rendered.count(value) == 2


def test_an_edited_article_is_cut_again(fresh: Path, cells: None, monkeypatch) -> None:
    """The article's text and its sentences (which the citations are found in) follow data/article.txt
    (read again when its stat changes)."""
    from helpers.data import article_citations as ac

    monkeypatch.setattr(files, "RACY_NS", 0)  # the copy is new: believe its stat at once
    monkeypatch.setattr(files, "DATA_DIR", fresh)  # where article_citations reads it
    cell()
    assert data.article_text() is data.article_text()  # not read again
    before = ac.sentences()
    article = fresh / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nAn added last line.\n", "utf-8")
    cell()
    assert data.article_text().endswith("An added last line.\n")
    assert ac.sentences()[-1].text.endswith("An added last line.")
    assert not before[-1].text.endswith("An added last line.")


def counted_hashes(monkeypatch) -> list[str]:
    """A list that grows by one at each hash of the data files (freshness.fingerprint)."""
    hashed: list[str] = []
    real = freshness.fingerprint
    monkeypatch.setattr(freshness, "fingerprint", lambda: hashed.append("x") or real())
    return hashed


def test_a_new_kernel_reads_the_fingerprint_kept_for_these_stats(fresh: Path, monkeypatch) -> None:
    """The stats and their fingerprint are kept in the cache folder: a new process (everything
    forgotten) with the same files does not hash them; after an edit it does, and sees the edit."""
    monkeypatch.setattr(files, "RACY_NS", 0)  # the copies are new: believe their stats at once
    hashed = counted_hashes(monkeypatch)
    first = data.current_stamp()
    data.forget()  # as a new kernel
    assert data.current_stamp() == first and len(hashed) == 1
    data.forget()
    edit(fresh / "notebooks.yaml", "notebooks:", "notebooks:  ")
    second = data.current_stamp()
    assert second != first and len(hashed) == 2
    assert second == data.fingerprint()


@pytest.mark.parametrize("how", ["group-writable file", "foreign owner", "other stats"])
def test_a_planted_stats_file_is_not_believed(fresh: Path, monkeypatch, how: str) -> None:
    """A kept fingerprint that names the wrong data is never served: not from a file others could
    write, nor for stats other than the files' own."""
    monkeypatch.setattr(files, "RACY_NS", 0)
    stamp = data.current_stamp()
    path = data.stats_file()
    digest = path.read_text(encoding="ascii").split()[0]
    if how == "other stats":
        digest = "0" * 64
    path.write_text(f"{digest} {'f' * 64}\n", encoding="ascii")
    if how == "group-writable file":
        path.chmod(0o664)
    if how == "foreign owner":
        stranger(path, monkeypatch)
    data.forget()
    assert data.current_stamp() == stamp


def test_the_article_cut_is_read_back_with_the_snapshot(fresh: Path, monkeypatch) -> None:
    """A kernel reading the snapshot gets the article's sentences from it, equal to a fresh cut,
    without cutting the text again."""
    from helpers.data import article_citations as ac

    data.load("events")
    cut = ac.cut_of(data.article_text())
    monkeypatch.setattr(ac, "_CUTS", {})
    data.forget()  # as a new kernel
    monkeypatch.setattr(ac, "split_sentences", lambda text: pytest.fail("cut again"))
    data.load("events")
    assert ac.sentences() == cut


def test_watch_cells_makes_a_cell_list_the_files_once(fresh: Path, monkeypatch) -> None:
    """Registered on a real IPython shell (once, however often called), the events make the files
    listed once per cell; after the cell, calls list them again."""
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setenv(
        "IPYTHONDIR", str(fresh.parent / "ipython")
    )  # its history file: not the user's
    shell = InteractiveShell.instance()
    try:
        data.watch_cells(shell)
        data.watch_cells(shell)
        assert shell.events.callbacks["pre_run_cell"].count(data.cell_started) == 1
        looked: list[tuple] = []
        real = freshness.stats_now
        monkeypatch.setattr(freshness, "stats_now", lambda: looked.append(real()) or looked[-1])
        shell.run_cell("from helpers import data\nfor name in data.table_names(): data.load(name)")
        assert len(looked) == 1 and not data.Seen.in_cell
        data.load("events")
        assert len(looked) == 2
    finally:
        data.cell_finished()
        InteractiveShell.clear_instance()


def test_a_cut_offered_for_another_text_is_not_taken(monkeypatch) -> None:
    """The cut a snapshot offers is taken only for the text whose sha256 it names."""
    from helpers.data import article_citations as ac

    text = data.article_text()
    cut = ac.cut_of(text)
    monkeypatch.setattr(ac, "_CUTS", {})
    monkeypatch.setattr(ac, "_PRIMED", {})
    ac.prime("0" * 64, ac.encode_cut(cut[:1]))
    assert ac.cut_of(text) == cut


def test_one_call_looks_at_the_files_once(fresh: Path, monkeypatch) -> None:
    """Outside a cell, one call of the API lists the files once, whatever it calls inside (the
    snapshot, the validation, the document)."""
    from helpers import text

    data.load("places")
    looked: list[tuple] = []
    real = freshness.stats_now
    monkeypatch.setattr(freshness, "stats_now", lambda: looked.append(real()) or looked[-1])
    data.notebook_spec.cache_clear()
    data.notebook_spec()
    assert len(looked) == 1
    outside = data.load("outside")
    assert len(looked) == 2
    text.with_sources(f"[[works:{outside.index[0]}]]")
    assert len(looked) == 3


def test_freshness_looks_at_the_folder_helpers_data_names(fresh: Path) -> None:
    """helpers.data.freshness cannot import helpers.data: it reads the package's DATA_DIR at each
    call, so pointing helpers.data at a copy of data/ points the fingerprint at it too."""
    assert freshness.data_dir() == fresh
    assert all(fresh in path.parents for path in data.data_files())
    assert data.stats_now()[0] == str(fresh)


def test_hidden_files_are_no_data_and_a_folder_link_is_not_followed(fresh: Path) -> None:
    """JupyterLab's file being saved (`.~name`), its checkpoints folder and a link to a folder (a
    loop would never end) leave the data's fingerprint as it was."""
    before = data.fingerprint()
    (fresh / ".~notebooks.yaml").write_text("half: [saved", encoding="utf-8")
    (fresh / ".ipynb_checkpoints").mkdir()
    (fresh / ".ipynb_checkpoints" / "events-checkpoint.csv").write_text("x\n", encoding="utf-8")
    (fresh / "loop").symlink_to(fresh, target_is_directory=True)
    assert data.fingerprint() == before
    assert not [p for p in data.data_files() if p.name.startswith(".") or "loop" in p.parts]


def test_a_snapshot_built_while_a_file_changed_is_not_kept_under_the_old_fingerprint(
    fresh: Path, monkeypatch
) -> None:
    """A save that lands while the snapshot is built (JupyterLab's autosave while a cell runs): the
    snapshot is used for that call but not remembered as the data of the old fingerprint."""
    real_build = data.build
    events = fresh / "events.csv"

    def build_while_saving() -> dict:
        built = real_build()
        events.write_bytes(events.read_bytes() + b"\n")  # saved while it was built
        return built

    monkeypatch.setattr(data, "build", build_while_saving)
    stamp = data.ensure_valid()
    data.snapshot()
    cache = Path(os.environ["CAUCASUS_CACHE"])
    assert not list(cache.rglob(f"tables-{stamp[:32]}-*.json"))
