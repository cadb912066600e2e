"""A figure view (timeline explorer, seat calculator) opens with its figure, status and table in its
widgets' first messages: no update of each is sent after them (the figure's JSON a second time)."""

from __future__ import annotations

import ipywidgets
import pytest

from helpers import data, lesson, widgets


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Every state update a widget sends after its first message (widget class, trait)."""
    sent: list[tuple[str, str | None]] = []
    send_state = ipywidgets.Widget.send_state

    def spy(self: ipywidgets.Widget, key: str | None = None) -> None:
        sent.append((type(self).__name__, key))
        send_state(self, key)

    monkeypatch.setattr(ipywidgets.Widget, "send_state", spy)
    return sent


def test_explorer_opens_with_its_figure(updates: list) -> None:
    events = data.load("events")
    view = lesson.timeline_explorer(events)
    assert updates == []
    (output,) = view.output.outputs
    assert output == view.figure.output() and view.figure.data
    assert view.alt.value.endswith(f"{view.figure.describe()}</p>")
    assert f"of {widgets.explorer.drawn(events)} events" in view.status.value
    view.phase.value = 1  # a change is still sent, and drawn
    assert ("Output", "outputs") in updates and view.events["phase"].eq(1).all()


def test_explorer_with_no_events_shows_no_empty_axis(updates: list) -> None:
    view = lesson.timeline_explorer(data.load("events").iloc[:0])
    assert view.output.outputs == () and "No event matches" in view.status.value
    assert updates == []


def test_calculator_opens_with_its_count(updates: list) -> None:
    lists = lesson.named_lists(data.load("elections_1917"))
    view = widgets.election_calculator(lists, parties=data.load("parties"))
    assert [u for u in updates if u[0] != "Layout"] == []  # the quota box hidden: its layout
    (output,) = view.output.outputs
    assert output == view.figure.output()
    assert (
        f"<b>{sum(view.seat_values)}</b>" in view.table.value
        and f"Hondt, {view.seats.value} seats" in view.status.value
    )
    view.seats.value = 10
    assert sum(view.seat_values) == 10 and ("Output", "outputs") in updates
