"""The hub's configuration as JupyterHub itself loads it: deploy/jupyterhub_config.py and the
course_config.py it loads keep every server argument (the Lab settings, the read-only extension
manager, the cullers); a sub-config that assigned `c.Spawner.args` would drop the first file's."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from helpers.authoring import class_sim as sim

LOAD = """
import json, sys
from jupyterhub.app import JupyterHub
app = JupyterHub()
app.load_config_file(sys.argv[1])
spawner = app.config.Spawner
print(json.dumps({"args": list(spawner.args), "cmd": list(spawner.cmd)}))
"""


def merged(config: Path, tmp_path: Path) -> dict[str, list[str]]:
    """The Spawner's args and cmd after JupyterHub's loader read the config (in the hub's venv)."""
    python = sim.VENV / "bin" / "python"
    if not python.exists():
        message = f"{python} is missing: `make hub-deps` (root) installs JupyterHub"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = {
        **os.environ,
        "CAUCASUS_HUB_STATE": str(tmp_path / "state"),
        "CAUCASUS_HUB_HANDIN": str(tmp_path / "handin"),
        "CAUCASUS_HUB_COURSE": str(sim.REPO),
    }
    done = subprocess.run(
        [str(python), "-c", LOAD, str(config)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_hub_keeps_the_lab_settings_and_the_cullers(tmp_path: Path) -> None:
    got = merged(sim.CONFIG, tmp_path)
    args = got["args"]
    lab_settings = [a for a in args if a.startswith("--LabApp.app_settings_dir=")]
    assert len(lab_settings) == 1, args
    assert Path(lab_settings[0].split("=", 1)[1]).is_dir(), lab_settings
    assert "--LabApp.extension_manager=readonly" in args
    for culler in (
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--ServerApp.shutdown_no_activity_timeout=7200",
    ):
        assert culler in args
    assert got["cmd"] == [str(sim.REPO / "deploy" / "singleuser.sh")]


def test_an_assigning_sub_config_is_caught(tmp_path: Path) -> None:
    """The planted defect: course_config.py assigning the list drops the Lab settings."""
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "jupyterhub_config.py").write_text(
        sim.CONFIG.read_text(encoding="utf-8"), encoding="utf-8"
    )
    course = (sim.REPO / "deploy" / "course_config.py").read_text(encoding="utf-8")
    assert "c.Spawner.args.extend(" in course
    planted = course.replace("c.Spawner.args.extend(", "c.Spawner.args = (")
    (deploy / "course_config.py").write_text(planted, encoding="utf-8")
    args = merged(deploy / "jupyterhub_config.py", tmp_path)["args"]
    assert not any(a.startswith("--LabApp.app_settings_dir=") for a in args), args
