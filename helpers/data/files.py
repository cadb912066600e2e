"""The bottom of the data layer: where data/ is, reading its CSV and YAML files, splitting list cells.

Everything here is plain file reading with no other helpers module above it (only `errors`), so every
other module of the data layer can build on it without an import circle.

Written by hand for speed (a cold load reads every file once and validates it, goal 150 ms): each file
is parsed once per content and shared by the validator, the loader and the provenance rules; a YAML
text is composed once by libyaml and built by `built` for what data/ holds (mappings, lists, strings),
with PyYAML's own constructor for anything else; a CSV is split once (`csv_cells`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
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


@cache
def yaml_loader() -> Any:
    """The YAML loader: libyaml's safe loader when PyYAML has it, else the pure-Python one, whose tag
    resolver (Python, called for every value) answers the common cases at once: a quoted value is a
    string, and a plain value's tag, found by the resolver's patterns, is kept per value (ids, keys,
    numbers and dates repeat)."""
    yaml = yaml_module()

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        plain_tags: dict[str, str] = {}  # a short plain value -> its tag (a function of the value)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            """The tag of an untagged node, as yaml.resolver.BaseResolver.resolve gives it."""
            if kind is not yaml.ScalarNode or self.yaml_path_resolvers:
                return super().resolve(kind, value, implicit)
            if not implicit[0]:  # quoted: no pattern applies
                return self.DEFAULT_SCALAR_TAG
            tag = self.plain_tags.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 40:
                    self.plain_tags[value] = tag
            return tag

    return Loader


RACY_NS = 2_000_000_000  # a file changed this recently (ns) may change again within its timestamp
_texts: dict[str, tuple[tuple[int, ...], str]] = {}  # path -> (its stat when read, its text)


def stat_key(st: os.stat_result) -> tuple[int, ...]:
    """What tells one version of a file from another without reading it: its size, mtime, ctime (any
    write moves it, even one that puts the mtime back), inode and device."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def settled(key: tuple[int, ...], at_ns: int) -> bool:
    """Whether the file whose stat_key is `key` was last changed (mtime or ctime) more than RACY_NS
    before `at_ns` (git's "racy" rule): one written again within its timestamp's tick would keep its
    stat, so only a settled file's reading may be kept under its stat_key."""
    return max(key[1], key[2]) < at_ns - RACY_NS


def text_now(path: Path | str) -> str:
    """A UTF-8 file's text as it is now, read again only when its stat_key changed; a file not
    `settled` when read is read at every call."""
    st = os.stat(path)
    key = stat_key(st)
    name = str(path)
    seen = _texts.get(name)
    if seen is not None and seen[0] == key:
        return seen[1]
    read_at = time.time_ns()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if settled(key, read_at):
        _texts[name] = (key, text)
    return text


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


@lru_cache(maxsize=4096)
def rel(path: Path) -> str:
    """Path as the teacher sees it from the repository root, e.g. data/events.csv (kept per path:
    every problem and every text of the rules names its file)."""
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


ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*[^\s\[\]{},]")  # *name where YAML reads an alias


def may_expand(text: str) -> bool:
    """Whether a YAML text's aliases could expand it past MAX_NODES values. Each alias at most
    doubles what comes before it (its anchor is earlier), so a text of n characters (fewer than n
    values) with k aliases holds at most n * 2**k values: two aliases in a 36 kB file cannot."""
    aliases = len(ALIAS.findall(text))
    return aliases > 0 and len(text) * 2 ** min(aliases, 64) > MAX_NODES


def expanded_nodes(node: Any) -> int:
    """How many values a composed YAML document holds once every alias is expanded: expanded_size's
    count read from the node graph (an alias is its anchor's node, counted once and reused; an alias
    inside its own anchor counts 1, as the parser's events do), without building anything."""
    yaml = yaml_module()
    sizes: dict[int, int] = {}

    def size(n: Any) -> int:
        if id(n) not in sizes:
            sizes[id(n)] = 1  # while open: an alias to it from inside counts one value
            if isinstance(n, yaml.MappingNode):
                sizes[id(n)] = 1 + sum(size(k) + size(v) for k, v in n.value)
            elif isinstance(n, yaml.SequenceNode):
                sizes[id(n)] = 1 + sum(size(v) for v in n.value)
        return sizes[id(n)]

    return size(node)


def alias_bomb_line(text: str) -> int | None:
    """The line where a YAML text's expanded aliases pass MAX_NODES values (None if they never do)."""
    return expanded_size(text)[1] if "&" in text and may_expand(text) else None


@lru_cache(maxsize=64)
def composed(text: str) -> Any:
    """The node tree of a YAML text, with each value's line (composed once per content: the reader,
    the schema check and the provenance rules all read the same files)."""
    return yaml_module().compose(text, Loader=yaml_loader())


@contextlib.contextmanager
def nodes_forgotten() -> Iterator[None]:
    """Drop the node trees `composed` kept when the block ends: they serve the readers and rules of one
    validation (a value's line), while a lesson keeps only the documents built from them, and some
    25,000 objects the garbage collector would otherwise walk in every later round."""
    try:
        yield
    finally:
        composed.cache_clear()


@lru_cache(maxsize=64)
def document(text: str) -> Any:
    """A YAML text's document as yaml.load builds it, from its node tree (once per content: shared, so
    a caller must not change it). Call it on a text read_yaml has accepted."""
    yaml = yaml_module()
    node = composed(text)
    if node is None:  # an empty text
        return None
    try:
        return built(node)
    except Exception:  # noqa: BLE001 - anything unusual: PyYAML's constructor decides (and says why)
        return yaml.constructor.SafeConstructor().construct_document(node)


STR, MAP, SEQ, MERGE, VALUE = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq", "merge", "value")
)


def built(root: Any) -> Any:
    """The values of a node tree, as PyYAML's SafeConstructor builds them, quickly for what data/ holds
    (mappings with plain keys, lists, strings; other scalars by the SafeConstructor itself); raises
    for anything else (a merge key, a set, a key that is no scalar, a cycle), left to the constructor."""
    yaml = yaml_module()
    scalar = yaml.constructor.SafeConstructor().construct_object
    made: dict[int, Any] = {}  # id(node) -> its value: an alias is the same value, as in PyYAML
    open_now: set[int] = set()

    def value(node: Any) -> Any:
        key = id(node)
        if key in made:
            return made[key]
        if key in open_now:
            raise ValueError("a node inside itself")
        cls = type(node)
        if cls is yaml.ScalarNode:
            out = node.value if node.tag == STR else scalar(node, deep=True)
        elif cls is yaml.MappingNode and node.tag == MAP:
            open_now.add(key)
            out = {}
            for k, v in node.value:
                if type(k) is not yaml.ScalarNode or k.tag in (MERGE, VALUE):
                    raise ValueError("a key that is no plain scalar")
                out[value(k)] = value(v)
            open_now.discard(key)
        elif cls is yaml.SequenceNode and node.tag == SEQ:
            open_now.add(key)
            out = [value(v) for v in node.value]
            open_now.discard(key)
        else:
            raise ValueError(f"a node tagged {node.tag}")
        made[key] = out
        return out

    return value(root)


@lru_cache(maxsize=64)
def bomb_line(text: str) -> int | None:
    """The line where a YAML text's aliases expand past MAX_NODES values, or None (once per content;
    raises the parser's error for a text that is not YAML and is no such bomb)."""
    yaml = yaml_module()
    try:
        node = composed(text)
    except yaml.MarkedYAMLError:  # an alias bomb that also breaks later: named as a bomb
        line = alias_bomb_line(text)
        if line is None:
            raise
        return line
    # count what aliases expand to before building (the parse of events only if too many)
    big = "&" in text and may_expand(text) and expanded_nodes(node) > MAX_NODES
    return alias_bomb_line(text) if big else None


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
        line = bomb_line(text)
        if line is not None:
            return None, [
                Problem(
                    rel(path),
                    f"its aliases (*name) expand to more than {MAX_NODES:,} values; "
                    "write the values out instead of repeating aliases of aliases",
                    row=line,
                )
            ]
        return document(text), []
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
    written: list[str] = field(default_factory=list)  # the header as written (names not stripped)
    records: list[list[str]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False  # no cells at all: a folder, an unreadable file or not UTF-8
    # its columns as helpers.data.columns types them, kept with the cells they are read from
    columns: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)


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
    return csv_cells(rel(path), raw)


@lru_cache(maxsize=64)
def csv_cells(name: str, raw: bytes) -> CsvText:
    """read_csv's reading of a file's bytes (`name` as the teacher sees it), once per content: the
    validator, the loader and the provenance rules read the same tables. Shared: not to be changed."""
    out = CsvText()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        message = f"is not UTF-8 text (byte 0x{raw[e.start]:02X}): save the file as 'CSV UTF-8'"
        out.problems.append(Problem(name, message, row=row))
        out.unreadable = True
        return out
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        out.written = next(reader, [])
        out.header = [h.strip() for h in out.written]
        for row, record in enumerate(reader, start=2):  # a quoted line break stays in its row
            out.records.append(record)
            out.rows.append(row)
    except csv.Error as e:
        out.problems.append(Problem(name, f"cannot be read as CSV: {e}", reader.line_num))
    return out
