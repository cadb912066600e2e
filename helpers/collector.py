"""The cyclic garbage collector paused while a kernel builds what it keeps: one home for the pause.

Imports only the standard library, so that helpers.lesson can pause it before pandas is imported and
helpers.data around its first validation and build. Nested pauses are safe: the collector is turned
back on only by the pause that found it on.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the collector for the block and restore it as it was (also when the block raises)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
