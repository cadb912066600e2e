"""A kernel's settings that are no lesson's content: the libraries settled, and ipykernel's fixed
costs of every cell cut. `lesson.start()` applies them in every lesson; `make bench`'s twins
(helpers/authoring/twins.py) apply them too, so that a twin differs from its lesson only by our
code's work. At its top it imports only the standard library (on the data's layer, below every view;
the libraries and helpers.collector are imported inside settle_libraries).

ipykernel's flushes of stdout and stderr (4-6 a cell, each a round trip to its IOPub thread even with
nothing to send) are kept: skipping the empty ones let text written straight to the file descriptor
(a C library's printf, a subprocess's output) reach JupyterLab after the cell's idle status, and be
dropped, in 7-13 cells of 60 (the flushes are what give ipykernel's pipe-watching thread its turn).
"""

from __future__ import annotations

from typing import Any


def tuned(shell: Any) -> None:
    """Every later cell's fixed costs cut: replies without a pause, input history kept in batches."""
    quick_replies(shell)
    history_in_batches(shell)


_settled: list[bool] = []


def settle_libraries() -> None:
    """Import pandas, plotly and ipywidgets with the garbage collector paused, then take every object
    loaded so far out of its rounds (gc.freeze): they live as long as the kernel. Without the pause
    the imports' own allocations set off collections that walk the half-loaded libraries again and
    again (about 0.1 s of CPU of the floor's 0.6 s); without the freeze a lesson's first full collection
    walks all of them (about 35 ms), as do later ones. Runs when helpers.lesson is imported
    (helpers.lesson.kernel's last line), before the other helpers import pandas; lesson.start calls it
    again (a no-op).
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
