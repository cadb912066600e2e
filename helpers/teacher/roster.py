"""A class roster: who may log in to the hub, who teaches, and who the class report expects a hand-in from.

The roster is a CSV file (UTF-8) a teacher can keep in a spreadsheet, one member a row:

    username,name,role
    aliyev,Leyla Aliyeva,student
    teacher1,Mrs Mammadova,teacher

`username` is the login and the system account on one server (lowercase letters, digits, `-` and `_`,
starting with a letter, at most 32 characters); `name` is what the report shows; `role` is `student`
or `teacher` (teachers are the hub's admins and the group `teachers`). On one server the roster lives
at /srv/caucasus1917/roster.csv (`make class-users ROSTER=…` puts it there, readable by root and the
group `teachers`): deploy/jupyterhub_config.py lets in only its members, and the class report reads it
to name who has not handed in. Standard library only: the hub imports it while it loads its config.

`python -m helpers.teacher.roster ROSTER` (as root; `make class-users`) makes every member a system
user with a private home and an initial password (written to a sheet only root can read, for the
teacher to hand out); a member who already has an account keeps it and their password.
"""

from __future__ import annotations

import argparse
import csv
import grp
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROSTER = Path("/srv/caucasus1917/roster.csv")  # where the hub and the class report read it
PASSWORDS = Path("/srv/caucasus1917/initial-passwords.csv")  # root only (0600)
TEACHER_GROUP = "teachers"  # the system group that reads the hand-ins (deploy/course_config.py)
COLUMNS = ("username", "name", "role")
ROLES = ("student", "teacher")
USERNAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
FIRST_UID = 1000  # accounts below it belong to the system: never given a class password
# a private home (Debian's useradd would make it 0755, readable by every other student)
ADD_USER = ["useradd", "-m", "-K", "HOME_MODE=0700", "-s", "/bin/bash"]
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread on a slip


class RosterError(ValueError):
    """A roster that cannot be used; the message names the file, the row and the column."""


@dataclass(frozen=True)
class Member:
    """One row of the roster."""

    username: str
    name: str
    role: str

    @property
    def teacher(self) -> bool:
        """Whether the member teaches (an admin of the hub, in the group `teachers`)."""
        return self.role == "teacher"


def read_roster(path: Path) -> list[Member]:
    """The members of a roster file, in its order; RosterError naming file, row and column."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise RosterError(f"{path}: cannot be read as UTF-8 text ({err})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip().lower() for c in rows[0]] != list(COLUMNS):
        raise RosterError(f"{path}, row 1: the header must be {','.join(COLUMNS)}")
    members: list[Member] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise RosterError(
                f"{path}, row {number}: {len(row)} columns; expected {len(COLUMNS)} "
                f"({','.join(COLUMNS)})"
            )
        username, name, role = (cell.strip() for cell in row)
        if not USERNAME.fullmatch(username):
            raise RosterError(
                f"{path}, row {number}, column username: {username!r} is not a login name; "
                "expected lowercase letters, digits, - or _, starting with a letter, at most 32"
            )
        if username in seen:
            raise RosterError(
                f"{path}, row {number}, column username: {username!r} is already on row "
                f"{seen[username]}"
            )
        if role.lower() not in ROLES:
            raise RosterError(
                f"{path}, row {number}, column role: {role!r}; expected student or teacher"
            )
        seen[username] = number
        members.append(Member(username, name or username, role.lower()))
    if not members:
        raise RosterError(f"{path}: no member below the header")
    return members


def new_password() -> str:
    """An initial password a student can type from a slip: three groups of four, about 60 bits."""
    return "-".join("".join(secrets.choice(PASSWORD_LETTERS) for _ in range(4)) for _ in range(3))


def ensure_account(member: Member) -> str:
    """Make the member's system user if missing; its new password, or '' if it already existed."""
    try:
        account = pwd.getpwnam(member.username)
    except KeyError:
        subprocess.run([*ADD_USER, member.username], check=True, capture_output=True)
    else:
        if account.pw_uid < FIRST_UID:
            raise RosterError(f"{member.username} is a system account (uid {account.pw_uid})")
        return ""
    password = new_password()
    subprocess.run(["chpasswd"], input=f"{member.username}:{password}\n", text=True, check=True)
    return password


def install(roster: Path, target: Path) -> None:
    """Copy the roster to where the hub and the report read it: root's, readable by the teachers."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.parent.chmod(target.parent.stat().st_mode | 0o111)  # the teachers pass through to it
    shutil.copyfile(roster, target)
    os.chown(target, 0, grp.getgrnam(TEACHER_GROUP).gr_gid)
    target.chmod(0o640)


def make_users(roster: Path, target: Path, passwords: Path) -> list[tuple[Member, str]]:
    """Accounts for every member, teachers in their group, the roster installed; new passwords."""
    members = read_roster(roster)
    subprocess.run(["groupadd", "-f", "--system", TEACHER_GROUP], check=True)
    made = [(m, ensure_account(m)) for m in members]
    for member in members:
        if member.teacher:
            subprocess.run(["usermod", "-aG", TEACHER_GROUP, member.username], check=True)
    if roster.resolve() != target.resolve():
        install(roster, target)
    given = [(m, p) for m, p in made if p]
    if given:
        passwords.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            sheet = csv.writer(out)
            sheet.writerow(["username", "name", "role", "password"])
            sheet.writerows([m.username, m.name, m.role, p] for m, p in given)
    return made


def main(argv: list[str] | None = None) -> int:
    """`make class-users ROSTER=roster.csv`: the class's accounts on one server (root)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roster", type=Path, help="the class roster (username,name,role)")
    parser.add_argument("--install", type=Path, default=ROSTER, help=f"default {ROSTER}")
    parser.add_argument("--passwords", type=Path, default=PASSWORDS, help=f"default {PASSWORDS}")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("class-users: run as root (it makes system users)", file=sys.stderr)
        return 1
    try:
        made = make_users(args.roster, args.install, args.passwords)
    except RosterError as err:
        print(f"class-users: {err}", file=sys.stderr)
        return 1
    new = sum(1 for _, p in made if p)
    print(f"{len(made)} members ({sum(m.teacher for m, _ in made)} teachers); {new} new accounts")
    print(f"roster installed at {args.install} (the hub reads it; restart the hub after a change)")
    if new:
        print(f"their initial passwords, for the teacher to hand out: {args.passwords} (root only)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
