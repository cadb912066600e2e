"""Check every data file against data/datapackage.yaml; `python -m helpers.validate` prints one line a problem.

Tables: this module checks that each CSV is there, is UTF-8 and has the schema's header, then hands it to
helpers/tableschema.py (types, required and allowed values, primary and foreign keys, lists of ids).
YAML files (notebook spec and quiz banks) are checked against their JSON Schemas in x-yaml-schemas.
Every problem names the file, the spreadsheet row or YAML line, the column or key, and what is expected.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from helpers import tableschema
from helpers.errors import Problem

# JSON Schema keywords that draft-07 (fastjsonschema) and 2020-12 (jsonschema) read alike
SHARED_KEYWORDS = {
    "type", "enum", "const", "required", "properties", "additionalProperties", "items",
    "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum",
    "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf",
    "not", "if", "then", "else", "title", "description", "examples", "$comment",
}  # fmt: skip
SUBSCHEMAS = ("items", "additionalProperties", "not", "if", "then", "else")  # one schema each
_fast_checks: dict[str, Callable[[Any], Any] | None] = {}  # by schema (as JSON): built once
_full_checks: dict[str, Any] = {}  # jsonschema validators, built when a document needs one


def rel(path: Path) -> str:
    """Path as the teacher sees it from the repository root, e.g. data/events.csv."""
    path = Path(path)
    parts = path.parts
    return "/".join(parts[parts.index("data") :]) if "data" in parts else path.name


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = (
    200_000  # values in a YAML file once its aliases are expanded (datapackage.yaml has ~2,000)
)


def expanded_size(text: str) -> tuple[int, int | None]:
    """How many values a YAML text holds once every alias (*name) is expanded, counted from the
    parser's events without building anything; and the line where it passes MAX_NODES (or None).

    An "alias bomb" (a: &a [x, x], b: &b [*a, *a], ... ) is a few lines that expand to billions of
    values: counting stops at the first alias that passes the cap."""
    sizes: dict[str, int] = {}
    open_at: list[tuple[str | None, int]] = []
    count = 0
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            open_at.append((event.anchor, count))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, start = open_at.pop()
            if anchor:
                sizes[anchor] = count - start
        if count > MAX_NODES:
            return count, event.start_mark.line + 1
    return count, None


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a YAML file; a syntax error, or aliases that expand past MAX_NODES values, becomes one
    Problem with its line."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if "&" in text:  # anchors: count what the aliases expand to before building anything
            size, line = expanded_size(text)
            if line is not None:
                return None, [
                    Problem(
                        rel(path),
                        f"its aliases (*name) expand to more than {MAX_NODES:,} values; "
                        "write the values out instead of repeating aliases of aliases",
                        row=line,
                    )
                ]
        return yaml.load(text, Loader=LOADER), []
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
    node = yaml.compose(text, Loader=LOADER)
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
    doc, problems = read_yaml(path)
    if problems:
        return problems
    return located(path, schema_errors(doc, schema))


def located(path: Path, errors: list[tuple[list[Any], str]], file: str = "") -> list[Problem]:
    """(key path, message) pairs of a YAML file as Problems with the line of each key."""
    if not errors:
        return []
    text = Path(path).read_text(encoding="utf-8")
    return [
        Problem(
            file or rel(path), message, row=yaml_line(text, keys), column=key_path(keys) or None
        )
        for keys, message in errors
    ]


def schema_errors(doc: Any, schema: dict) -> list[tuple[list[Any], str]]:
    """Every JSON Schema (2020-12) violation of a parsed document as (key path, message).

    A valid document (the usual case) passes a compiled fastjsonschema check in microseconds; only a
    document it rejects goes to jsonschema (slow to import), which lists every violation.
    """
    key = json.dumps(schema, sort_keys=True, default=str)
    if key not in _fast_checks:
        _fast_checks[key] = fast_check(schema)
    if _fast_checks[key] is not None:
        try:
            _fast_checks[key](doc)
            return []
        except Exception:  # invalid, or a value fastjsonschema cannot handle: jsonschema decides
            pass
    if key not in _full_checks:
        import jsonschema

        _full_checks[key] = jsonschema.Draft202012Validator(schema)
    errors = sorted(_full_checks[key].iter_errors(doc), key=str)
    return [(list(err.absolute_path), err.message) for err in errors]


def fast_check(schema: dict) -> Callable[[Any], Any] | None:
    """A compiled fastjsonschema check (raises on an invalid document), or None for a schema that
    uses keywords 2020-12 reads differently from draft-07 (only jsonschema reads those right)."""
    fast = fast_form(schema)
    if fast is None:
        return None
    import fastjsonschema

    return fastjsonschema.compile(fast, use_default=False, detailed_exceptions=False)


def fast_form(schema: Any) -> Any:
    """The schema for fastjsonschema, or None if it uses a keyword outside SHARED_KEYWORDS.

    `const: x` becomes `enum: [x]` (the same rule): fastjsonschema 2.22 fails to compile const
    without detailed exceptions, and those make compiling three times slower.
    """
    if isinstance(schema, bool):
        return schema
    if (
        not isinstance(schema, dict)
        or not set(schema) <= SHARED_KEYWORDS
        or isinstance(schema.get("items"), list)  # tuple form: prefixItems in 2020-12
        or {"const", "enum"} <= set(schema)
    ):
        return None
    out = dict(schema)
    if "const" in out:
        out["enum"] = [out.pop("const")]
    slots: list[tuple[Any, Any]] = [(out, k) for k in SUBSCHEMAS if k in out]
    for key, many in (("properties", dict), ("allOf", list), ("anyOf", list), ("oneOf", list)):
        if key in out:
            out[key] = many(out[key])
            slots += [(out[key], k) for k in (out[key] if many is dict else range(len(out[key])))]
    for holder, key in slots:
        holder[key] = fast_form(holder[key])
        if holder[key] is None:
            return None
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


def table_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """Check every CSV resource: present, UTF-8, the schema's header, then its Table Schema."""
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
    return tableschema.check_tables(resources, data_dir, rel)


def yaml_problems(descriptor: dict, data_dir: Path) -> list[Problem]:
    """The notebook spec against its schema, then the quiz banks (schema and content)."""
    schemas = descriptor.get("x-yaml-schemas") or {}
    problems = check_yaml_schema(data_dir / "notebooks.yaml", schemas.get("notebooks.yaml", {}))
    if problems:
        return problems
    from helpers import quiz

    return list(quiz.check_banks(data_dir, schemas.get("quiz")))


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
