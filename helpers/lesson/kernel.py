"""The set-up cell: a lesson kernel's libraries settled, plotly offline, data errors shown as messages,
and ipykernel's fixed costs of every later cell cut (quick_replies, history_in_batches).

ipykernel's flushes of stdout and stderr (4-6 a cell, each a round trip to its IOPub thread even with
nothing to send) are kept: skipping the empty ones let text written straight to the file descriptor
(a C library's printf, a subprocess's output) reach JupyterLab after the cell's idle status, and be
dropped, in 7-13 cells of 60 (the flushes are what give ipykernel's pipe-watching thread its turn).

helpers.lesson imports this module before any other (they import pandas), and this module settles the
libraries when it is imported (settle_libraries): `from helpers import lesson`, the set-up cell's
first line, is where pandas loads. So nothing here imports pandas or helpers.data at its top.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any


def start() -> None:
    """Prepare a lesson kernel: libraries loaded and settled, plotly offline, data errors as messages,
    each later cell's reply without a pause and its input history kept in batches,
    the data files looked at once per cell (data.watch_cells: an edit shows at the cell's next run),
    and the page told how widgets behave after a reload or restart and which keys they keep."""
    import pandas as pd

    from helpers.data import watch_cells
    from helpers.data.errors import DataError

    settle_libraries()
    offline_plotly()
    pd.set_option("display.max_colwidth", None)  # a table's text wraps; never cut to "…"
    try:
        ip = get_ipython()  # type: ignore[name-defined]  # noqa: F821
    except NameError:
        return
    ip.set_custom_exc((DataError,), show_data_error)
    watch_cells(ip)
    quick_replies(ip)
    history_in_batches(ip)
    from IPython.display import display

    from helpers.widgets.page import page_glue

    display(page_glue())  # widgets that say "run this cell again" and keep their keys (page.py)


def quick_replies(shell: Any) -> None:
    """Reply to each cell without ipykernel's fixed pause before the reply (Kernel._execute_sleep, a
    config trait, 0.5 ms, "to prevent output synchronization problems for clients"): Jupyter clients
    (JupyterLab's kernel future, nbclient) take a cell's outputs until its idle status, which the
    IOPub thread sends after all of them, not until its reply; the flushes before the reply still
    wait until the cell's printed text is sent. The pause was a third of what a small cell cost (a
    lesson has 10-30 of them)."""
    kernel = getattr(shell, "kernel", None)  # a plain IPython shell (a test, a terminal) has none
    if kernel is not None and hasattr(kernel, "_execute_sleep"):
        kernel._execute_sleep = 0.0


# cells whose input IPython keeps in memory before writing them to its history file
HISTORY_BATCH = 25


def history_in_batches(shell: Any) -> None:
    """Write the cells' input history (IPython's SQLite file: `%history`, a console's up-arrow in a
    later session) every HISTORY_BATCH cells and when the kernel stops, not after every cell: each
    write woke IPython's history thread, which took about 0.4 ms of a small cell from the kernel.
    A kernel that is killed loses at most the last HISTORY_BATCH - 1 inputs of that file; a
    notebook's own cells and `In` are kept as before."""
    history = getattr(shell, "history_manager", None)
    if history is not None and history.db_cache_size < HISTORY_BATCH:
        history.db_cache_size = HISTORY_BATCH


_settled: list[bool] = []


def settle_libraries() -> None:
    """Import pandas, plotly and ipywidgets with the garbage collector paused, then take every object
    loaded so far out of its rounds (gc.freeze): they live as long as the kernel. Without the pause
    the imports' own allocations set off collections that walk the half-loaded libraries again and
    again (about 0.1 s of CPU of the floor's 0.6 s); without the freeze a lesson's first full collection
    walks all of them (about 35 ms), as do later ones. Runs when helpers.lesson is imported (this
    module's last line), before the other helpers import pandas; lesson.start calls it again (a no-op).
    """
    import gc

    from helpers.collector import paused

    if _settled:  # once a kernel: a second freeze would also keep the garbage of earlier cells
        return
    with paused():
        import ipywidgets  # noqa: F401
        import pandas  # noqa: F401
        import plotly  # noqa: F401

        gc.freeze()
        _settled.append(True)


def offline_plotly() -> None:
    """Make plotly's own figures (a student's `go.Figure`) render offline, as the lessons' do.

    The lessons' figures (helpers.figures.plotly_json) never go through plotly.io; setting its renderer would
    import it (and nbformat) in every kernel, so PLOTLY_RENDERER tells plotly.io when it first loads.
    """
    os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
    if "plotly.io._renderers" in sys.modules:  # already loaded: the variable is read only once
        sys.modules["plotly.io._renderers"].renderers.default = "plotly_mimetype"


def show_data_error(
    shell: Any,
    etype: type[BaseException],
    value: BaseException,
    tb: TracebackType | None,
    tb_offset: int | None = None,
) -> list[str]:
    """Print a DataError as the teacher's to-do list, without a traceback (IPython's custom handler)."""
    print(
        "The data files have a mistake, so this cell cannot run.\n"
        f"{value}\n"
        "Fix the file named above (or ask your teacher), run `make check`, then restart and run all.",
        file=sys.stderr,
    )
    return []


settle_libraries()  # at import: helpers.lesson imports this module first (see the module's docstring)
