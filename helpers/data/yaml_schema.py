"""YAML files against their JSON Schemas (x-yaml-schemas in data/datapackage.yaml): every violation
as a Problem with its line and key path. `conforms` gives the quick verdict (the common keywords of
2020-12, no library to import); jsonschema, the one JSON Schema library, gives the messages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.data.errors import Problem
from helpers.data.files import composed, key_path, read_yaml, rel, yaml_module

_full_checks: dict[str, Any] = {}  # jsonschema validators, built when a document needs one


def yaml_line(text: str, keys: list[Any]) -> int | None:
    """Best-effort line of a JSON-pointer-like key path in a YAML text (for messages)."""
    yaml = yaml_module()  # imported here: a lesson kernel that loads a quiz never needs it
    node = composed(text)
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

    A valid document (the usual case) gets its verdict from `conforms` in a few milliseconds; only a
    document it rejects (or a schema it cannot read) goes to jsonschema, slow to import, which lists
    every violation with its message.
    """
    try:
        if conforms(doc, schema):
            return []
    except Unsupported:
        pass
    import jsonschema

    key = json.dumps(schema, sort_keys=True, default=str)
    if key not in _full_checks:
        _full_checks[key] = jsonschema.Draft202012Validator(schema)
    errors = sorted(_full_checks[key].iter_errors(doc), key=str)
    return [(list(err.absolute_path), err.message) for err in errors]


class Unsupported(Exception):
    """A schema keyword `conforms` does not read: jsonschema decides."""


Check = Callable[[Any], bool]
ANNOTATIONS = {"title", "description", "examples", "$comment", "default", "$schema", "$id"}
TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer()
    ),
}
_compiled: dict[int, tuple[Any, Check]] = {}  # id(schema) -> (schema, its check): built once


def same(a: Any, b: Any) -> bool:
    """JSON equality: True is not 1, 1 is 1.0, containers compared item by item."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if TYPES["number"](a) and TYPES["number"](b):
        return a == b
    return type(a) is type(b) and a == b


def conforms(doc: Any, schema: Any) -> bool:
    """Whether a document is valid against a JSON Schema (2020-12) using the common keywords; raises
    Unsupported for any other keyword. Only the verdict: jsonschema gives the messages."""
    held = _compiled.get(id(schema))
    if held is None or held[0] is not schema:
        held = _compiled[id(schema)] = (schema, compiled(schema))
    return held[1](doc)


def compiled(schema: Any) -> Check:
    """A schema as one function of a document (each keyword's check built once)."""
    if isinstance(schema, bool):
        return lambda doc: schema
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    checks = [keyword(schema, k) for k in schema if k not in ANNOTATIONS | {"then", "else"}]
    return every(checks)


def every(checks: list[Check]) -> Check:
    """One check passing where all of them pass (tried in order; a loop, not a generator per value:
    a bank's every value is checked against nested schemas)."""
    if len(checks) == 1:
        return checks[0]

    def check(doc: Any) -> bool:
        for one in checks:  # noqa: SIM110 - all() would build a generator for every value
            if not one(doc):
                return False
        return True

    return check


def keyword(schema: dict[str, Any], k: str) -> Check:
    """The check of one keyword of a schema (a keyword for another type passes other values)."""
    v = schema[k]
    if k == "type":
        types = [TYPES[t] for t in ([v] if isinstance(v, str) else v)]
        if len(types) == 1:
            return types[0]
        return lambda doc: any(t(doc) for t in types)
    if k == "enum":
        return lambda doc: any(same(doc, x) for x in v)
    if k == "const":
        return lambda doc: same(doc, v)
    if k in ("allOf", "anyOf", "oneOf", "not"):
        subs = [compiled(s) for s in ([v] if k == "not" else v)]
        need = {"allOf": len(subs), "oneOf": 1, "not": 0}.get(k)
        if need is None:  # anyOf
            return lambda doc: any(f(doc) for f in subs)
        return lambda doc: sum(f(doc) for f in subs) == need
    if k == "if":
        test, yes, no = (compiled(schema.get(b, True)) for b in ("if", "then", "else"))
        return lambda doc: yes(doc) if test(doc) else no(doc)
    for kind, table in ((dict, OBJECT), (list, ARRAY), (str, STRING)):
        if k in table:
            check = table[k](v, schema)
            return lambda doc: not isinstance(doc, kind) or check(doc)
    if k in NUMBER:
        check = NUMBER[k](v, schema)
        return lambda doc: not TYPES["number"](doc) or check(doc)
    raise Unsupported(k)


def properties(v: dict[str, Any], schema: dict[str, Any]) -> Check:
    """`properties`: each named key's value against its schema."""
    subs = {name: compiled(s) for name, s in v.items()}

    def check(doc: dict[str, Any]) -> bool:
        for k, x in doc.items():
            sub = subs.get(k)
            if sub is not None and not sub(x):
                return False
        return True

    return check


def pattern_properties(v: dict[str, Any], schema: dict[str, Any]) -> Check:
    """`patternProperties`: the value of every key a pattern finds, against that pattern's schema."""
    subs = [(re.compile(p), compiled(s)) for p, s in v.items()]
    return lambda doc: all(f(x) for k, x in doc.items() for p, f in subs if p.search(k))


def additional_properties(v: Any, schema: dict[str, Any]) -> Check:
    """`additionalProperties`: keys neither `properties` nor `patternProperties` name."""
    named = set(schema.get("properties") or {})
    patterns = [re.compile(p) for p in schema.get("patternProperties") or {}]
    sub = compiled(v)
    return lambda doc: all(
        sub(x) for k, x in doc.items() if k not in named and not any(p.search(k) for p in patterns)
    )


def items(v: Any, schema: dict[str, Any]) -> Check:
    """`items` of 2020-12: one schema for every item (the list form of older drafts is not read)."""
    if not isinstance(v, bool | dict):
        raise Unsupported("items as a list")
    sub = compiled(v)

    return lambda doc: all(map(sub, doc))


def pattern(v: str, schema: dict[str, Any]) -> Check:
    """`pattern`: found anywhere in the string (JSON Schema's search, not a full match)."""
    found = re.compile(v).search
    return lambda doc: found(doc) is not None


def multiple_of(v: float, schema: dict[str, Any]) -> Check:
    """`multipleOf`: a whole number of times the divisor."""
    return lambda d: float(d / v).is_integer() if float in (type(d), type(v)) else d % v == 0


OBJECT: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "required": lambda v, s: lambda d: all(k in d for k in v),
    "properties": properties,
    "patternProperties": pattern_properties,
    "additionalProperties": additional_properties,
    "propertyNames": lambda v, s: (lambda sub: lambda d: all(sub(k) for k in d))(compiled(v)),
    "minProperties": lambda v, s: lambda d: len(d) >= v,
    "maxProperties": lambda v, s: lambda d: len(d) <= v,
}
ARRAY: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "items": items,
    "minItems": lambda v, s: lambda d: len(d) >= v,
    "maxItems": lambda v, s: lambda d: len(d) <= v,
    "uniqueItems": lambda v, s: (
        lambda d: not v or all(not same(a, b) for i, a in enumerate(d) for b in d[i + 1 :])
    ),
}
STRING: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "minLength": lambda v, s: lambda d: len(d) >= v,
    "maxLength": lambda v, s: lambda d: len(d) <= v,
    "pattern": pattern,
}
NUMBER: dict[str, Callable[[Any, dict[str, Any]], Check]] = {
    "minimum": lambda v, s: lambda d: d >= v,
    "maximum": lambda v, s: lambda d: d <= v,
    "exclusiveMinimum": lambda v, s: lambda d: d > v,
    "exclusiveMaximum": lambda v, s: lambda d: d < v,
    "multipleOf": multiple_of,
}
