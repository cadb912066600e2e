"""The README agrees with the tools: its commands exist, its notebook list matches the spec."""

from __future__ import annotations

import re

from helpers import data

README = (data.REPO / "README.md").read_text(encoding="utf-8")
MAKEFILE = (data.REPO / "Makefile").read_text(encoding="utf-8")


def test_two_setup_commands_come_first() -> None:
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make lab", "make test"]


def test_every_make_command_in_readme_is_a_target() -> None:
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M))
    mentioned = set(re.findall(r"`make ([a-z-]+)`", README))
    assert mentioned and mentioned <= targets, mentioned - targets


def test_readme_lists_every_notebook_of_the_spec() -> None:
    listed = re.findall(r"^\| `(\d\d_[a-z_]+)` \|", README, re.M)
    assert listed == [spec["id"] for spec in data.notebook_spec()]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (data.REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
