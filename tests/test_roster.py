"""The class roster (helpers/teacher/roster.py): who logs in, who teaches; a bad row named."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.teacher import roster


def write(tmp_path: Path, text: str) -> Path:
    """A roster file with this text."""
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_members_in_order_with_their_roles(tmp_path: Path) -> None:
    path = write(tmp_path, "username,name,role\naliyev,Leyla Aliyeva,student\n\nt1,,Teacher\n")
    members = roster.read_roster(path)
    assert [(m.username, m.name, m.teacher) for m in members] == [
        ("aliyev", "Leyla Aliyeva", False),
        ("t1", "t1", True),
    ]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("user,name,role\na,A,student\n", "row 1: the header"),
        ("username,name,role\nAliyev,A,student\n", "row 2, column username"),
        ("username,name,role\n../x,A,student\n", "row 2, column username"),
        ("username,name,role\na,A,student\na,B,teacher\n", "row 3, column username"),
        ("username,name,role\na,A,pupil\n", "row 2, column role"),
        ("username,name,role\na,A\n", "row 2: 2 columns"),
        ("username,name,role\n", "no member"),
    ],
)
def test_a_bad_roster_is_named_by_row_and_column(tmp_path: Path, text: str, where: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(roster.RosterError, match=where) as err:
        roster.read_roster(path)
    assert str(path) in str(err.value)


def test_an_initial_password_is_typeable_and_new_each_time() -> None:
    first, second = roster.new_password(), roster.new_password()
    assert first != second and len(first) == 14
    assert set(first) <= set(roster.PASSWORD_LETTERS) | {"-"}
