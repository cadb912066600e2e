"""Check every data file against data/datapackage.yaml; `python -m helpers.data.validate` prints one line a problem.

Tables: each CSV is read once by files.read_csv (the loader's reader too); this module checks that it is
there, is a readable UTF-8 file and has the schema's header, then hands its cells to tableschema.py
(types, required and allowed values, primary and foreign keys, lists of ids).
YAML files (notebook spec and quiz banks) are checked against their JSON Schemas in x-yaml-schemas.
Every problem names the file, the spreadsheet row or YAML line, the column or key, and what is expected;
an exception raised while checking a file becomes a Problem naming that file (errors.guarded).
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.data import provenance, row_rules, tableschema, voice, work_names
from helpers.data.bank_rules import check_banks
from helpers.data.errors import Problem, guarded
from helpers.data.files import DATA_DIR, CsvText, read_csv, read_yaml, rel
from helpers.data.yaml_schema import check_yaml_schema


def check_header(file: str, header: list[str], fields: list[str]) -> list[Problem]:
    """The header must name the schema's columns, in the schema's order."""
    if header == fields:
        return []
    problems = []
    for name in fields:
        if name not in header:
            problems.append(Problem(file, "this column is missing from the header", 1, name))
    for name in header:
        if name not in fields:
            problems.append(
                Problem(file, f"unknown column; expected one of: {', '.join(fields)}", 1, name)
            )
    if not problems:
        problems.append(
            Problem(file, f"columns are out of order; expected: {','.join(fields)}", row=1)
        )
    return problems


def table_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """Check every CSV resource: present, readable UTF-8, the schema's header, then its Table Schema."""
    resources = descriptor.get("resources") or []
    problems: list[Problem] = []
    texts: dict[str, CsvText] = {}
    for res in resources:
        path = data_dir / res["path"]
        if not path.exists():
            problems.append(Problem(rel(path), "file is missing (named in data/datapackage.yaml)"))
            continue
        texts[res["name"]] = text = read_csv(path)
        if text.unreadable:
            problems += text.problems
    if problems:
        return problems
    for res in resources:
        fields = [f["name"] for f in res["schema"]["fields"]]
        problems += check_header(rel(data_dir / res["path"]), texts[res["name"]].header, fields)
    if problems:
        return problems
    return tableschema.check_tables(resources, texts, data_dir, rel)


def report_back_problems(data_dir: Path) -> list[Problem]:
    """Every kind of classroom_time.report_back and of classroom_time.per_item is a task kind of
    classroom_time.tasks (a misspelt kind would silently add no minutes)."""
    doc, _ = read_yaml(data_dir / "notebooks.yaml")
    rates = doc["classroom_time"]
    return [
        Problem(
            "data/notebooks.yaml",
            f"classroom_time.{table}.{kind}: not a task kind of classroom_time.tasks "
            f"({', '.join(rates['tasks'])})",
        )
        for table in ("report_back", "per_item")
        for kind in rates.get(table, {})
        if kind not in rates["tasks"]
    ]


def yaml_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """The notebook spec against its schema, then the quiz banks (schema and content)."""
    schemas = descriptor.get("x-yaml-schemas") or {}
    problems = guarded(
        "data/notebooks.yaml",
        check_yaml_schema,
        data_dir / "notebooks.yaml",
        schemas.get("notebooks.yaml", {}),
    )
    if problems:
        return problems
    problems = report_back_problems(data_dir) + check_banks(data_dir, schemas.get("quiz"))
    if (data_dir / "exercises.yaml").exists():
        problems += guarded(
            "data/exercises.yaml",
            check_yaml_schema,
            data_dir / "exercises.yaml",
            schemas.get("exercises.yaml", {}),
        )
    guides = data_dir / "teacher_guide"
    for path in sorted(guides.glob("*.yaml")) if guides.is_dir() else []:
        kind = "baku_1918" if path.stem == "baku_1918" else "teacher_guide"
        problems += guarded(rel(path), check_yaml_schema, path, schemas.get(kind, {}))
    return problems


def problems(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the data folder (empty list: the data is valid)."""
    data_dir = Path(data_dir or DATA_DIR)
    descriptor, found = read_yaml(data_dir / "datapackage.yaml")
    if found:
        return found
    if not isinstance(descriptor, dict) or "resources" not in descriptor:
        return [Problem("data/datapackage.yaml", "must be a mapping with a 'resources' list")]
    found = guarded(
        "data/datapackage.yaml (its tables)", table_problems, descriptor, data_dir
    ) + guarded("data/datapackage.yaml (its YAML files)", yaml_problems, descriptor, data_dir)
    # the provenance rules read well-formed files
    return found or (
        guarded("data/ (provenance)", provenance.problems, data_dir)
        + guarded("data/ (the article's voice)", voice.text_voice_problems, data_dir)
        + guarded("data/ (outside works named by hand)", work_names.problems, data_dir)
        + guarded("data/ (outside context and dates of rows)", row_rules.problems, data_dir)
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: exit 0 on good data, 1 (one line a problem) otherwise."""
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else None
    try:
        found = problems(data_dir)
    except Exception as e:  # a bug of ours, still no traceback for a teacher
        print(f"validation could not finish: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    for p in found:
        print(p)
    if found:
        print(
            f"{len(found)} problem(s) found; fix them and run `make check` again.", file=sys.stderr
        )
        return 1
    print("data OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
