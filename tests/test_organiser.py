"""The organiser students fill in: saved with the progress, restored, and handed in."""

from __future__ import annotations

import json

from helpers import data, lesson
from helpers.quiz import handin, progress
from helpers.widgets.organiser import Organiser, blank_grid_html

NB = "05_baku_and_the_march_days"


def spec() -> dict:
    return next(s for s in data.notebook_spec() if s["id"] == NB)["organiser"]


def test_every_box_is_labelled_and_a_change_is_saved() -> None:
    saved: list[dict] = []
    org = Organiser(spec(), None, lambda a: saved.append(a) or "Saved")
    rows, cols = spec()["rows"], spec()["columns"]
    assert len(org.boxes) == len(rows) * len(cols)
    assert all(box.description for box in [*org.boxes.values(), org.claim, org.evidence])
    tips = [box.tooltip for box in org.boxes.values()]
    assert len(set(tips)) == len(tips)  # each box named with its row
    assert repr(org) == f"Run this cell to open the organiser: {spec()['title']}."
    org.boxes[f"{rows[1]['id']}.{cols[0]['id']}"].value = "chairman of the Baku Soviet"
    org.claim.value = "They disagree because each had a stake."
    assert saved[-1]["grid"] == {f"{rows[1]['id']}.{cols[0]['id']}": "chairman of the Baku Soviet"}
    assert saved[-1]["claim"].startswith("They disagree") and org.status.value == "Saved"


def test_the_organiser_is_saved_restored_and_handed_in(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setenv("CAUCASUS_HANDIN", str(tmp_path / "in"))
    (tmp_path / "in").mkdir()
    first = lesson.organiser(NB)
    first.evidence.value = "(6, p.75-84); Swietochowski"
    again = lesson.organiser(NB)  # a restarted kernel
    assert again.evidence.value == "(6, p.75-84); Swietochowski"
    assert progress.answers(NB) == {}  # the quiz's answers are untouched
    path = handin.hand_in(NB, "ada")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["organiser"]["evidence"] == "(6, p.75-84); Swietochowski"
    assert set(record["organiser"]) == {"grid", "claim", "evidence", "saved_at"}


def test_a_hand_in_without_an_organiser_has_an_empty_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setenv("CAUCASUS_HANDIN", str(tmp_path / "in"))
    (tmp_path / "in").mkdir()
    record = json.loads(handin.hand_in(NB, "bo").read_text(encoding="utf-8"))
    assert record["organiser"] == {}


def test_a_save_that_fails_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CAUCASUS_PROGRESS", str(tmp_path / "no" / "such" / "progress.json"))
    (tmp_path / "no").write_text("a file, not a folder")
    org = lesson.organiser(NB)
    org.claim.value = "x"
    assert org.status.value.startswith("Not saved")


def test_the_blank_grid_prints_every_row_and_question() -> None:
    page = blank_grid_html(spec())
    for item in [*spec()["rows"], *spec()["columns"]]:
        assert item["label"].replace('"', "&quot;").replace("'", "&#x27;") in page
    assert "Your claim" in page
