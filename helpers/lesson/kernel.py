"""The set-up cell: a lesson kernel's libraries settled and its fixed costs cut
(helpers.kernel_settings), plotly offline, data errors shown as messages, the data looked at once a cell.

helpers.lesson imports this module before any other (they import pandas), and this module settles the
libraries when it is imported (settle_libraries): `from helpers import lesson`, the set-up cell's
first line, is where pandas loads. So nothing here imports pandas or helpers.data at its top.
"""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any

from helpers.kernel_settings import settle_libraries, tuned


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
    tuned(ip)  # each later cell's reply without a pause, its input history kept in batches
    from IPython.display import display

    from helpers.widgets.page import page_glue

    display(page_glue())  # widgets that say "run this cell again" and keep their keys (page.py)


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
