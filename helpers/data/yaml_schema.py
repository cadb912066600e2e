"""YAML files against their JSON Schemas (x-yaml-schemas in data/datapackage.yaml): every violation
as a Problem with its line and key path. fastjsonschema gives the quick verdict; jsonschema the messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from helpers.data.errors import Problem
from helpers.data.files import LOADER, key_path, read_yaml, rel

SHARED_KEYWORDS = {
    "type", "enum", "const", "required", "properties", "additionalProperties", "items",
    "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum",
    "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf", "oneOf",
    "not", "if", "then", "else", "title", "description", "examples", "$comment",
}  # fmt: skip
SUBSCHEMAS = ("items", "additionalProperties", "not", "if", "then", "else")  # one schema each
_fast_checks: dict[str, Callable[[Any], Any] | None] = {}  # by schema (as JSON): built once
_full_checks: dict[str, Any] = {}  # jsonschema validators, built when a document needs one


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
