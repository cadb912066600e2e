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


def module_map() -> str:
    """README's module map: the "For developers" bullet on `helpers/`, up to the one on `tests/`."""
    start = README.index("- `helpers/` is the package")
    return README[start : README.index("- `tests/` holds", start)]


def test_module_map_names_every_module_and_only_modules_that_exist() -> None:
    helpers = data.REPO / "helpers"
    files = {
        p.name
        for p in helpers.rglob("*.py")
        if p.name not in ("__init__.py", "__main__.py") and "__pycache__" not in p.parts
    }
    packages = {f"{p.name}/" for p in helpers.rglob("*") if p.is_dir() and p.name != "__pycache__"}
    text = module_map()
    named = set(re.findall(r"`(?:helpers/(?:\w+/)*)?(\w+\.py)`", text))
    named_dirs = {f"{m}/" for m in re.findall(r"`(?:helpers/)?(?:\w+/)*(\w+)/`", text)}
    assert sorted(files - named) == [], "modules README's map does not name"
    assert sorted(named - files) == [], "README's map names modules that do not exist"
    assert sorted(packages - named_dirs) == [], "folders README's map does not name"
