"""Widgets made with shared models (helpers.widget_parts): one style model per style class in a view."""

from __future__ import annotations

from collections import defaultdict

import ipywidgets as w
import pytest

from helpers import data, quiz, widgets
from helpers.widget_parts import Parts, style_class
from helpers.widgets.organiser import STYLE as ORGANISER_STYLE
from helpers.widgets.organiser import Organiser


def walk(widget: w.Widget):
    """Every widget in the tree under widget (children and widget-valued traits), styles excepted."""
    yield widget
    for name in widget.keys:
        value = getattr(widget, name)
        for v in value if isinstance(value, list | tuple) else [value]:
            if isinstance(v, w.Widget) and not isinstance(v, w.Layout | w.Style):
                yield from walk(v)


def styles_by_class(view: w.Widget) -> dict[type, set[str]]:
    """The distinct style models (by model id) of a view's widgets, by style class."""
    found: dict[type, set[str]] = defaultdict(set)
    for widget in walk(view):
        if style_class(type(widget)) is not None:
            found[style_class(type(widget))].add(widget.style.model_id)
    return found


def test_parts_share_one_style_model_per_style_class_and_settings() -> None:
    make = Parts()
    area = make(w.Textarea, style={"description_width": "12em"})
    text = make(w.Text, description="Name", style={"description_width": "12em"})
    assert text.style is area.style  # Text and Textarea have one style class: TextStyle
    other = make(w.Text, description="Name", style={"description_width": "1em"})
    assert other.style is not area.style and other.style.description_width == "1em"
    assert area.style.description_width == "12em"
    own = style_class(w.Text)(description_width="3em")
    assert make(w.Text, style=own).style is own  # a model given is kept
    one, two = make(w.HTML, "a"), make.html("b")
    assert one.style is two.style and one.style is not area.style
    assert make(w.VBox, [one, two]).layout is one.layout is make.row  # the default layout
    assert two.layout is make.wide and make(w.HTML, layout=make.full).layout is make.full
    named = make(w.Button, description="Check", named="Check question 1", classes=("cq-x",))
    assert named.tooltip == "Check question 1" and named._dom_classes == ("cq-x", "cq-named")
    assert style_class(w.VBox) is None


def test_every_view_has_one_style_model_per_style_class(
    events_df, places_df, people_df, parties_df, glossary_df, elections_df
) -> None:
    views = {
        "timeline explorer": widgets.timeline_explorer(events_df, places_df, people_df, parties_df),
        "election calculator": widgets.election_calculator(elections_df, parties_df),
        "calendar converter": widgets.calendar_converter(),
        "glossary search": widgets.glossary_search(
            glossary_df, people_df, parties_df, places_df, events_df
        ),
        **{f"organiser of {nb['id']}": Organiser(nb["organiser"]) for nb in data.notebook_spec()},
    }
    for name, view in views.items():
        widths = {
            x.style.description_width for x in walk(view) if getattr(x, "description", "") != ""
        }
        assert widths == (
            {ORGANISER_STYLE["description_width"]} if "organiser" in name else {"initial"}
        )
        found = styles_by_class(view)
        assert found, name
        shared = {kind.__name__: len(ids) for kind, ids in found.items() if len(ids) > 1}
        assert not shared, f"{name}: more than one style model of {shared}"


@pytest.mark.parametrize(
    "notebook", sorted(p.stem for p in (data.DATA_DIR / "quiz").glob("*.yaml"))
)
def test_a_quiz_has_one_style_model_per_style_class_but_the_name_box(
    notebook: str, tmp_path, monkeypatch
) -> None:
    """The hand-in's name box keeps its own style (its label is never clipped); nothing else does."""
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("CAUCASUS_TEACHER", raising=False)
    box = quiz.show(notebook)
    own = [x for x in walk(box) if getattr(x, "description", None) == "Your name"]
    assert len(own) == 1
    found = styles_by_class(box)
    found[type(own[0].style)].discard(own[0].style.model_id)
    assert {kind.__name__: len(ids) for kind, ids in found.items() if len(ids) > 1} == {}


@pytest.mark.parametrize("spec", data.notebook_spec(), ids=lambda nb: nb["id"])
def test_an_organisers_layout_models_are_all_different(spec) -> None:
    """Nothing in an organiser changes a layout after it is made, so two models of the same
    settings would be one more model to send for nothing."""
    layouts = {x.layout.model_id: x.layout for x in walk(Organiser(spec["organiser"]))}
    settings = [tuple(sorted(x.get_state().items(), key=str)) for x in layouts.values()]
    assert len(settings) == len(set(settings)) >= 3
