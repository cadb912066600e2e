"""Check every data file against data/datapackage.yaml; `python -m helpers.validate` prints one line a problem.

Tables are checked by Frictionless (types, required values, allowed values, primary and foreign keys);
this module only turns its reports into messages a teacher can act on (file, row, column, what a valid
value looks like) and adds what Frictionless cannot see: text encoding, header names, semicolon lists
of ids, and the YAML files (notebook spec and quiz banks, checked against their JSON Schemas).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml

from helpers.errors import Problem

TYPE_HINTS = {
    "date": "a valid date (expected YYYY-MM-DD, e.g. 1918-05-28)",
    "integer": "a whole number (expected digits only, e.g. 36)",
    "number": "a number (expected digits with a dot for decimals, e.g. 40.41)",
    "boolean": "true or false (expected true or false)",
}


def rel(path: Path) -> str:
    """Path as the teacher sees it from the repository root, e.g. data/events.csv."""
    path = Path(path)
    parts = path.parts
    return "/".join(parts[parts.index("data") :]) if "data" in parts else path.name


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a YAML file; a syntax error becomes one Problem with its line."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), []
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


def yaml_line(text: str, keys: list[Any]) -> int | None:
    """Best-effort line of a JSON-pointer-like key path in a YAML text (for messages)."""
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    line = None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if k.value == key]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line


def key_path(keys: list[Any]) -> str:
    """['questions', 3, 'answer'] -> 'questions[3].answer'."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def check_yaml_schema(path: Path, schema: dict) -> list[Problem]:
    """Validate one YAML file against a JSON Schema; one Problem per violation, with line and key."""
    import jsonschema

    doc, problems = read_yaml(path)
    if problems:
        return problems
    text = path.read_text(encoding="utf-8")
    out = []
    for err in sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str):
        keys = list(err.absolute_path)
        out.append(
            Problem(rel(path), err.message, row=yaml_line(text, keys), column=key_path(keys))
        )
    return out


def check_encoding(path: Path) -> list[Problem]:
    """A CSV must be UTF-8; name the row of the first bad byte."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        return [
            Problem(
                rel(path),
                f"is not UTF-8 text (byte 0x{raw[e.start]:02X}): save the file as 'CSV UTF-8'",
                row=row,
            )
        ]
    return []


def check_header(path: Path, fields: list[str]) -> list[Problem]:
    """The header must name the schema's columns, in the schema's order."""
    first = path.read_text(encoding="utf-8-sig").splitlines()[:1]
    header = [h.strip() for h in first[0].split(",")] if first else []
    if header == fields:
        return []
    problems = []
    for name in fields:
        if name not in header:
            problems.append(Problem(rel(path), "this column is missing from the header", 1, name))
    for name in header:
        if name not in fields:
            problems.append(
                Problem(rel(path), f"unknown column; expected one of: {', '.join(fields)}", 1, name)
            )
    if not problems:
        problems.append(
            Problem(rel(path), f"columns are out of order; expected: {','.join(fields)}", row=1)
        )
    return problems


def describe_error(err: Any, field_types: dict[str, str], file: str) -> Problem | None:
    """Turn one Frictionless error into a teacher's message (or None to drop a duplicate)."""
    row = getattr(err, "row_number", None)
    field = getattr(err, "field_name", None) or None
    cell = getattr(err, "cell", None)
    note = err.note or ""
    kind = err.type
    if kind == "type-error":
        hint = TYPE_HINTS.get(field_types.get(field, ""), f"a {field_types.get(field)}")
        return Problem(file, f"{cell!r} is not {hint}", row, field)
    if kind == "constraint-error":
        if note.startswith('constraint "required"'):
            return Problem(file, "a value is required here (the cell is empty)", row, field)
        if note.startswith('constraint "enum"'):
            allowed = re.findall(r"'([^']*)'", note)
            return Problem(
                file, f"{cell!r} is not allowed; use one of: {', '.join(allowed)}", row, field
            )
        if note.startswith('constraint "unique"'):
            return Problem(file, f"{cell!r} is used twice; each value must be unique", row, field)
        return Problem(file, f"{cell!r} breaks the rule {note}", row, field)
    if kind in {"primary-key", "unique-error"}:
        first = re.search(r"position (\d+)", note)
        other = f" (first used in row {first.group(1)})" if first else ""
        return Problem(file, f"duplicate id: this row repeats an id already used{other}", row)
    if kind == "foreign-key":
        m = re.search(
            r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]+)"', note
        )
        if m:
            col, value, table = m.groups()
            return Problem(file, f"{value!r} is not an id in data/{table}.csv", row, col)
        return Problem(file, f"refers to an unknown id ({note})", row)
    if kind in {"extra-cell", "missing-cell"}:
        more = "more" if kind == "extra-cell" else "fewer"
        return Problem(
            file,
            f"this line has {more} cells than the header: check for a stray quote or comma "
            "(a cell holding a comma must be in double quotes)",
            row,
        )
    if kind == "blank-row":
        return Problem(file, "this row is empty; delete it", row)
    return Problem(file, f"{err.title}: {note or err.message}", row, field)


def table_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """Check every CSV resource with Frictionless (after encoding and header checks of our own)."""
    resources = descriptor.get("resources") or []
    problems: list[Problem] = []
    for res in resources:
        path = data_dir / res["path"]
        if not path.exists():
            problems.append(Problem(rel(path), "file is missing (named in data/datapackage.yaml)"))
            continue
        problems += check_encoding(path)
    if problems:
        return problems
    for res in resources:
        fields = [f["name"] for f in res["schema"]["fields"]]
        problems += check_header(data_dir / res["path"], fields)
    if problems:
        return problems

    from frictionless import Package, system

    clean = {k: v for k, v in descriptor.items() if not k.startswith("x-")}
    with system.use_context(trusted=True):
        report = Package(clean, basepath=str(data_dir)).validate()
    for task in report.tasks:
        res = next(r for r in resources if r["name"] == task.name)
        types = {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
        file = rel(data_dir / res["path"])
        seen = set()
        for err in task.errors:
            p = describe_error(err, types, file)
            if p and p not in seen:
                seen.add(p)
                problems.append(p)
    return problems + list_problems(descriptor, data_dir)


def list_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """Check `x-list-of` columns: every ';'-separated id must exist in one of the named tables."""
    import csv

    from helpers.data import split_list

    resources = {r["name"]: r for r in descriptor.get("resources") or []}
    ids: dict[str, set[str]] = {}

    def ids_of(name: str) -> set[str]:
        if name not in ids:
            res = resources[name]
            key = res["schema"]["primaryKey"]
            key = key[0] if isinstance(key, list) else key
            with open(data_dir / res["path"], encoding="utf-8", newline="") as f:
                ids[name] = {row[key] for row in csv.DictReader(f)}
        return ids[name]

    problems = []
    for res in resources.values():
        for field in res["schema"]["fields"]:
            targets = field.get("x-list-of")
            if not targets:
                continue
            known = set().union(*(ids_of(t) for t in targets))
            with open(data_dir / res["path"], encoding="utf-8", newline="") as f:
                for n, row in enumerate(csv.DictReader(f), start=2):
                    for item in split_list(row.get(field["name"])):
                        if item not in known:
                            tables = " or ".join(f"data/{t}.csv" for t in targets)
                            problems.append(
                                Problem(
                                    rel(data_dir / res["path"]),
                                    f"{item!r} is not an id in {tables}",
                                    n,
                                    field["name"],
                                )
                            )
    return problems


def yaml_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """The notebook spec against its schema, then the quiz banks (schema and content)."""
    schemas = descriptor.get("x-yaml-schemas") or {}
    problems = check_yaml_schema(data_dir / "notebooks.yaml", schemas.get("notebooks.yaml", {}))
    if problems:
        return problems
    from helpers import quiz

    return list(quiz.check_banks(data_dir))


def problems(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the data folder (empty list: the data is valid)."""
    from helpers.data import DATA_DIR

    data_dir = Path(data_dir or DATA_DIR)
    descriptor, found = read_yaml(data_dir / "datapackage.yaml")
    if found:
        return found
    if not isinstance(descriptor, dict) or "resources" not in descriptor:
        return [Problem("data/datapackage.yaml", "must be a mapping with a 'resources' list")]
    return table_problems(descriptor, data_dir) + yaml_problems(descriptor, data_dir)


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
