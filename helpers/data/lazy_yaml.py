"""PyYAML, imported with the patterns its own modules compile at import time compiled at first use.

PyYAML's modules compile regular expressions when they are imported: its pure-Python reader's class
of every non-printable character (all of Unicode in one set, about 6 ms to compile) and its timestamp
pattern (about 3 ms) among them. The data are read with libyaml's C parser, which never uses the
first, and the second only for a date written unquoted (data/ writes none): a cold lesson kernel
would pay for both and use neither. While `yaml` is imported here, a pattern compiled by one of
PyYAML's own modules (and by no other caller, in no other thread) is a LaterPattern, compiled the
first time it is used; everything else compiles as usual. PyYAML behaves exactly as before
(tests/test_validate.py checks the pure loader still refuses a control character and reads dates).
"""

from __future__ import annotations

import re
import sys
from types import ModuleType
from typing import Any


class LaterPattern:
    """A regular expression compiled the first time one of its attributes is asked for."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = COMPILE(*self._args)
        return getattr(self._compiled, name)


COMPILE = re.compile


def imported() -> ModuleType:
    """The yaml module (imported once, PyYAML's own import-time patterns left for later)."""
    if "yaml" in sys.modules:
        return sys.modules["yaml"]

    def compile_later(pattern: Any, flags: int = 0) -> Any:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if isinstance(pattern, str) and caller.startswith("yaml."):
            return LaterPattern(pattern, flags)
        return COMPILE(pattern, flags)

    re.compile = compile_later  # type: ignore[assignment]
    try:
        import yaml
    finally:
        re.compile = COMPILE
    return yaml


yaml = imported()
