"""The bottom of the data layer: where data/ is, reading its CSV and YAML files, splitting list cells.

Everything here is plain file reading with no other helpers module above it (only `errors`), so every
other module of the data layer can build on it without an import circle.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from helpers.data.errors import Problem

# CAUCASUS_DATA points the lessons at another copy of data/ (tests use it to break files safely)
REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("CAUCASUS_DATA") or REPO / "data")


def yaml_module() -> Any:
    """PyYAML, imported when a YAML text is first read, not with this module: it takes about 40 ms,
    and a lesson kernel reads its YAML documents from the data snapshot (helpers.data.document)."""
    import yaml

    return yaml


def yaml_loader() -> Any:
    """The YAML loader: libyaml's safe loader when PyYAML has it, else the pure-Python one."""
    yaml = yaml_module()
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str) -> Any:
    """`LOADER` (the YAML loader) and `yaml` (PyYAML) for the modules and tests that ask for them,
    imported when first asked for."""
    if name == "LOADER":
        return yaml_loader()
    if name == "yaml":
        return yaml_module()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def split_list(cell: Any) -> list[str]:
    """'a; b' -> ['a', 'b']; an empty cell -> []."""
    if not isinstance(cell, str):
        return []
    return [part.strip() for part in cell.split(";") if part.strip()]


TRUE_VALUES = ["true", "True", "TRUE", "1"]  # Table Schema's defaults (Excel saves TRUE/FALSE)
FALSE_VALUES = ["false", "False", "FALSE", "0"]


def truth(field: dict[str, Any]) -> dict[str, bool]:
    """The texts a boolean field reads as True or False (the checker and the loader share it)."""
    table = dict.fromkeys(field.get("trueValues", TRUE_VALUES), True)
    return table | dict.fromkeys(field.get("falseValues", FALSE_VALUES), False)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces collapsed to one space."""
    return re.sub(r"\s+", " ", text).strip()


@cache
def article_forms(article: str) -> tuple[str, str, str]:
    """The article flattened three ways: as is, end-of-line hyphens joined, and kept."""
    return (
        flat(article),
        flat(re.sub(r"-[ \t]*\n\s*", "", article)),  # "govern-/ment" -> "government"
        flat(re.sub(r"-[ \t]*\n\s*", "-", article)),  # "Eser-/Menshevik" -> "Eser-Menshevik"
    )


def in_article(snippet: str, article: str) -> bool:
    """Whether a snippet occurs verbatim in the article, ignoring line breaks and end-of-line hyphens."""
    needle = flat(snippet)
    return bool(needle) and any(needle in v for v in article_forms(article))


def straight_quotes(text: str) -> str:
    """Curly quotes and apostrophes as straight ones (a spreadsheet may save either)."""
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )


@cache
def straight_article(article: str) -> str:
    """The article with straight quotes, folded once (it is long; spellings are many)."""
    return straight_quotes(article)


def spelling_in_article(spelling: str, article: str) -> bool:
    """Whether an article-spelling cell occurs in the article (curly and straight quotes alike)."""
    return in_article(straight_quotes(spelling), straight_article(article))


def rel(path: Path) -> str:
    """Path as the teacher sees it from the repository root, e.g. data/events.csv."""
    path = Path(path)
    parts = path.parts
    return "/".join(parts[parts.index("data") :]) if "data" in parts else path.name


MAX_NODES = 200_000  # values in a YAML file once aliases are expanded (datapackage.yaml: ~2,000)


def expanded_size(text: str) -> tuple[int, int | None]:
    """How many values a YAML text holds once every alias (*name) is expanded, counted from the
    parser's events without building anything; and the line where it passes MAX_NODES (or None).

    An "alias bomb" (a: &a [x, x], b: &b [*a, *a], ... ) is a few lines that expand to billions of
    values: counting stops at the first alias that passes the cap."""
    sizes: dict[str, int] = {}
    open_at: list[tuple[str | None, int]] = []
    count = 0
    yaml = yaml_module()
    for event in yaml.parse(text, Loader=yaml_loader()):
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


_parsed: dict[Path, tuple[str, Any]] = {}  # path -> (text, document): the last parse of each file


ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*[^\s\[\]{},]")  # *name where YAML reads an alias


def may_expand(text: str) -> bool:
    """Whether a YAML text's aliases could expand it past MAX_NODES values. Each alias at most
    doubles what comes before it (its anchor is earlier), so a text of n characters (fewer than n
    values) with k aliases holds at most n * 2**k values: two aliases in a 36 kB file cannot."""
    aliases = len(ALIAS.findall(text))
    return aliases > 0 and len(text) * 2 ** min(aliases, 64) > MAX_NODES


def read_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse a YAML file; a syntax error, or aliases that expand past MAX_NODES values, becomes one
    Problem with its line. A file read again unchanged (the same text) is not parsed again: the
    validator, the loader and the quiz read datapackage.yaml and notebooks.yaml each in one kernel,
    so the document returned is shared and must not be changed by the caller."""
    text = ""
    yaml = yaml_module()
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if _parsed.get(Path(path)) is not None and _parsed[Path(path)][0] == text:
            return _parsed[Path(path)][1], []  # parsed already, these very bytes
        if "&" in text and may_expand(text):  # count what aliases expand to before building
            _, line = expanded_size(text)
            if line is not None:
                return None, [
                    Problem(
                        rel(path),
                        f"its aliases (*name) expand to more than {MAX_NODES:,} values; "
                        "write the values out instead of repeating aliases of aliases",
                        row=line,
                    )
                ]
        doc = yaml.load(text, Loader=yaml_loader())
        _parsed[Path(path)] = (text, doc)
        return doc, []
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
    except Exception as e:  # a value the parser cannot build, e.g. the unquoted date 1917-11-31
        return None, [unreadable_value(path, text, e)]


def key_path(keys: list[Any]) -> str:
    """['questions', 3, 'answer'] -> 'questions[3].answer'."""
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def unreadable_value(path: Path, text: str, error: Exception) -> Problem:
    """The first value of a YAML text that cannot be built (an impossible date, say), with its line
    and key; or the file alone with the parser's message when no single value is to blame."""
    yaml = yaml_module()
    constructor = yaml.constructor.SafeConstructor()
    try:
        todo: list[tuple[Any, list[Any]]] = [(yaml.compose(text, Loader=yaml_loader()), [])]
    except Exception:  # noqa: BLE001 - the parser's own message below says what it could
        todo = []
    while todo:
        node, keys = todo.pop(0)
        if isinstance(node, yaml.MappingNode):
            todo += [(v, [*keys, k.value]) for k, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(v, [*keys, i]) for i, v in enumerate(node.value)]
        elif isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except Exception as e:  # noqa: BLE001 - any failure of this one value is the answer
                hint = (
                    "write a real day as YYYY-MM-DD, e.g. 1918-05-28"
                    if node.tag.endswith(":timestamp")
                    else "put it in quotes if it is text"
                )
                return Problem(
                    rel(path),
                    f"{node.value!r} cannot be read ({e}): {hint}",
                    row=node.start_mark.line + 1,
                    column=key_path(keys) or None,
                )
    return Problem(rel(path), f"cannot be read as YAML ({type(error).__name__}: {error})")


@dataclass
class CsvText:
    """A CSV file as text cells: its header (names stripped), its records with their spreadsheet rows
    (header = row 1; a blank line is an empty record), and what kept it from being read."""

    header: list[str] = field(default_factory=list)
    records: list[list[str]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False  # no cells at all: a folder, an unreadable file or not UTF-8


def read_csv(path: Path) -> CsvText:
    """The one CSV reader of the validator and the loader: a missing file, a folder in its place,
    bytes that are not UTF-8 or a line the csv module cannot split each become one Problem (with its
    row where there is one), never an exception."""
    path, out = Path(path), CsvText()
    if path.is_dir():
        out.problems.append(Problem(rel(path), "is a folder, not a CSV file: put the file back"))
        out.unreadable = True
        return out
    try:
        raw = path.read_bytes()
    except OSError as e:
        out.problems.append(Problem(rel(path), f"cannot be read: {e.strerror or e}"))
        out.unreadable = True
        return out
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte 0x{raw[e.start]:02X}): save the file as 'CSV UTF-8'"
        out.problems.append(Problem(rel(path), message, row=row))
        out.unreadable = True
        return out
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        out.header = [h.strip() for h in next(reader, [])]
        for row, record in enumerate(reader, start=2):  # a quoted line break stays in its row
            out.records.append(record)
            out.rows.append(row)
    except csv.Error as e:
        out.problems.append(Problem(rel(path), f"cannot be read as CSV: {e}", reader.line_num))
    return out
