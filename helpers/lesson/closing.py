"""The end of a lesson and the way round the collection: answers kept for after deciding, the
organiser saved with the quiz's progress, and the map of the notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from IPython.display import HTML, Markdown

from helpers import data

if TYPE_CHECKING:
    from helpers.widgets.organiser import Organiser


def decide_first(shown: HTML | pd.DataFrame) -> HTML:
    """A box or table that answers the prompt above it, collapsed under "Decide first, then open"."""
    inner = shown._repr_html_() if hasattr(shown, "_repr_html_") else getattr(shown, "data", shown)
    return HTML(
        '<details class="decide-first"><summary><strong>Decide first, then open</strong> '
        f"(click to open)</summary>{inner}</details>"
    )


def organiser(notebook_id: str) -> Organiser:
    """The lesson's organiser (data/notebooks.yaml), filled in from and saved to the progress file,
    so that it goes into the hand-in."""
    from helpers.quiz import progress
    from helpers.widgets.organiser import Organiser

    spec = next(s for s in data.notebook_spec() if s["id"] == notebook_id)["organiser"]

    def save(answers: dict[str, Any]) -> str:
        try:
            progress.save_organiser(notebook_id, answers)
        except OSError as e:
            return f"Not saved ({e.strerror or e}): copy your answers somewhere safe."
        return "Saved with your progress; it is handed in with the quiz."

    return Organiser(spec, progress.organiser(notebook_id), save)


def collection_map() -> Markdown:
    """The notebooks of the collection as a table of links: title and what each covers."""
    rows = [f"| [{s['title']}]({s['id']}.ipynb) | {s['span']} |" for s in data.notebook_spec()]
    return Markdown("| notebook | what it covers |\n|---|---|\n" + "\n".join(rows))
