"""Every deployment's config loaded as its hub loads it, with JupyterHub's own loader.

The packages come from PyPI (`make hub-images-deps`: build/hub-images holds JupyterHub at the
one-server pin, KubeSpawner and oauthenticator, what the Zero to JupyterHub hub image runs). Each
probe runs in that venv: the one-server config (deploy/jupyterhub_config.py) must lose no setting to
a later assignment and let in the roster's members; deploy/z2jh/values.yaml is applied the way the
chart's hub config applies it (hub.config merged, singleuser.* set on KubeSpawner, every
hub.extraConfig executed in the config file) with config errors raised, and KubeSpawner and the
authenticator are built from the result. The chart's schema and hub config live only in its
repository, not on a package registry, so they are not used here (deploy/README.md says so).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / "build" / "hub-images"
VALUES = REPO / "deploy" / "z2jh" / "values.yaml"
README = (REPO / "README.md").read_text(encoding="utf-8")

# A hub config that does with the values what the chart's jupyterhub_config.py does with the keys
# values.yaml uses (singleuser.<key> -> KubeSpawner.<trait>, hub.config merged, extraConfig executed).
Z2JH_HUB = r"""
import os
import yaml

values = yaml.safe_load(open(os.environ["VALUES"], encoding="utf-8"))


def get(key):
    node = values
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


c.JupyterHub.spawner_class = "kubespawner.KubeSpawner"
for section, settings in (get("hub.config") or {}).items():
    c[section].merge(settings)
SINGLEUSER = {
    "extraEnv": "environment", "cpu.guarantee": "cpu_guarantee", "cpu.limit": "cpu_limit",
    "memory.guarantee": "mem_guarantee", "memory.limit": "mem_limit",
    "storage.capacity": "storage_capacity",
}
for key, trait in SINGLEUSER.items():
    if get("singleuser." + key) is not None:
        setattr(c.KubeSpawner, trait, get("singleuser." + key))
c.KubeSpawner.image = "{name}:{tag}".format(**get("singleuser.image"))
c.Spawner.cmd = get("singleuser.cmd")
c.Spawner.default_url = get("singleuser.defaultUrl")
for name, code in sorted((get("hub.extraConfig") or {}).items()):
    exec(code)
"""

PROBE_Z2JH = r"""
import asyncio, json, logging, os, sys, types
from jupyterhub.app import JupyterHub
from kubespawner import KubeSpawner

warnings = []
class Keep(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.WARNING:
            warnings.append(record.getMessage())
logging.getLogger().addHandler(Keep())
logging.getLogger("traitlets").addHandler(Keep())

app = JupyterHub()
app.raise_config_file_errors = True
app.load_config_file(sys.argv[1])
async def build():  # KubeSpawner makes its API client on the hub's event loop
    return KubeSpawner(config=app.config, _mock=True)
spawner = asyncio.run(build())
auth = app.authenticator_class(config=app.config)
group = types.SimpleNamespace(name="teachers")
teacher = types.SimpleNamespace(user=types.SimpleNamespace(groups=[group]))
student = types.SimpleNamespace(user=types.SimpleNamespace(groups=[]))
env = spawner.environment
print(json.dumps({
    "env": sorted(env),
    "teacher_mode": [env["CAUCASUS_TEACHER"](teacher), env["CAUCASUS_TEACHER"](student)],
    "cpu_guarantee": spawner.cpu_guarantee, "mem_guarantee": spawner.mem_guarantee,
    "cmd": spawner.cmd, "args": spawner.args, "notebook_dir": spawner.notebook_dir,
    "authenticator": type(auth).__name__, "allowed": sorted(auth.allowed_users),
    "admins": sorted(auth.admin_users), "groups": app.config.JupyterHub.load_groups,
    "hosted_domain": list(getattr(auth, "hosted_domain", [])),
    "warnings": [w for w in warnings if "not recognized" in w or "Config option" in w],
}))
"""

# Records every assignment or merge of a setting whose earlier value the new one does not keep
# (JupyterHub merges each load_subconfig and each later file into the config with Config.merge).
PROBE_LOADER = r"""
import json, os, sys
from traitlets.config import Config, LazyConfigValue
from jupyterhub.app import JupyterHub

lost = []
plain_setitem, plain_merge = Config.__setitem__, Config.merge
def kept(old, new):
    if isinstance(new, (Config, LazyConfigValue)):
        return True  # a section, or an update that keeps what was there
    if isinstance(old, LazyConfigValue):
        old = old.get_value(type(new)())
    if isinstance(old, list) and isinstance(new, list):
        return all(item in new for item in old)
    if isinstance(old, dict) and isinstance(new, dict):
        return all(k in new and new[k] == v for k, v in old.items())
    return old == new
def check(config, key, value):
    if key in config and not isinstance(dict.__getitem__(config, key), Config):
        old = dict.__getitem__(config, key)
        if not kept(old, value):
            lost.append(f"{key}: {old!r} replaced by {value!r}")
def setitem(self, key, value):
    check(self, key, value)
    plain_setitem(self, key, value)
def merge(self, other):
    for key, value in other.items():
        check(self, key, value)
    plain_merge(self, other)
Config.__setitem__, Config.merge = setitem, merge

app = JupyterHub()
app.raise_config_file_errors = True
for path in sys.argv[1:]:
    app.load_config_file(path)
Config.__setitem__, Config.merge = plain_setitem, plain_merge
c = app.config
def value(setting, empty):  # a lazy update (TLJH's config.d alone) applied to an empty value
    return setting.get_value(empty) if isinstance(setting, LazyConfigValue) else setting
print(json.dumps({
    "lost": lost,
    "allowed": sorted(c.Authenticator.get("allowed_users", [])),
    "admins": sorted(c.Authenticator.get("admin_users", [])),
    "teachers": c.JupyterHub.get("load_groups", {}).get("teachers", {}).get("users", []),
    "args": value(c.Spawner.get("args", []), []),
    "env": sorted(value(c.Spawner.get("environment", {}), {})),
    "authenticator": str(c.JupyterHub.authenticator_class),
}))
"""

ROSTER = "username,name,role\nstu1,Leyla Aliyeva,student\nstu2,Artur Sarkisyan,student\nteach1,Mrs Mammadova,teacher\n"

KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: none, user: {token: none}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
"""


def probe(code: str, *args: str, env: dict[str, str] | None = None) -> dict:
    """Run code in the hub images' venv; its JSON answer."""
    python = VENV / "bin" / "python"
    assert python.exists(), f"no {VENV}: run `make hub-images-deps` (make test does)"
    full = {k: v for k, v in os.environ.items() if not k.startswith("CAUCASUS_")}
    full.update(env or {}, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [str(python), "-c", code, *args], capture_output=True, text=True, env=full, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def z2jh(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """deploy/z2jh/values.yaml loaded as the chart's hub loads it."""
    folder = tmp_path_factory.mktemp("z2jh")
    hub = folder / "jupyterhub_config.py"
    hub.write_text(Z2JH_HUB, encoding="utf-8")
    kube = folder / "kubeconfig"  # KubeSpawner reads one when it is built; nothing is contacted
    kube.write_text(KUBECONFIG, encoding="utf-8")
    return probe(PROBE_Z2JH, str(hub), env={"VALUES": str(VALUES), "KUBECONFIG": str(kube)})


def test_z2jh_extra_config_loads_and_reaches_kubespawner(z2jh: dict) -> None:
    assert {"CAUCASUS_HUB_COURSE", "CAUCASUS_SHARED_CACHE", "CAUCASUS_TEACHER"} <= set(z2jh["env"])
    assert z2jh["teacher_mode"] == ["1", "0"]
    assert z2jh["cmd"] == ["/opt/caucasus1917/deploy/singleuser.sh"]
    assert z2jh["warnings"] == []


def test_z2jh_names_an_authenticator_with_a_roster(z2jh: dict) -> None:
    assert z2jh["authenticator"] not in ("DummyAuthenticator", "PAMAuthenticator")
    assert z2jh["allowed"] and set(z2jh["admins"]) <= set(z2jh["allowed"])
    assert set(z2jh["groups"]["teachers"]["users"]) == set(z2jh["admins"])
    assert z2jh["hosted_domain"], "any Google account could log in"


def test_z2jh_cpu_and_memory_from_the_measured_capacity(z2jh: dict) -> None:
    per_core = int(re.search(r"\((\d+) per core\)", README).group(1))
    assert math.floor(1 / z2jh["cpu_guarantee"] + 1e-9) == per_core
    plan_mb = int(re.search(r"Plan (\d+) MB a student", README).group(1))
    assert z2jh["mem_guarantee"] >= plan_mb * 10**6


def test_idle_server_stops_after_the_same_time_everywhere(z2jh: dict) -> None:
    course = (REPO / "deploy" / "course_config.py").read_text(encoding="utf-8")
    one_server = int(re.search(r"shutdown_no_activity_timeout=(\d+)", course).group(1))
    tljh = (REPO / "deploy" / "tljh" / "setup.sh").read_text(encoding="utf-8")
    on_tljh = int(re.search(r"services\.cull\.timeout (\d+)", tljh).group(1))
    on_z2jh = yaml.safe_load(VALUES.read_text(encoding="utf-8"))["cull"]["timeout"]
    assert one_server == on_tljh == on_z2jh
    assert f"--ServerApp.shutdown_no_activity_timeout={one_server}" in z2jh["args"]


@pytest.fixture
def one_server_env(tmp_path: Path) -> dict[str, str]:
    """The one-server hub's settings, on a temporary state folder, hand-in folder and roster."""
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return {
        "CAUCASUS_HUB_STATE": str(tmp_path / "state"),
        "CAUCASUS_HUB_HANDIN": str(tmp_path / "handin"),
        "CAUCASUS_HUB_COURSE": str(REPO),
        "CAUCASUS_HUB_ROSTER": str(roster),
    }


def test_one_server_config_loses_no_setting_and_lets_in_the_roster(one_server_env) -> None:
    config = probe(PROBE_LOADER, str(REPO / "deploy" / "jupyterhub_config.py"), env=one_server_env)
    assert config["lost"] == []
    assert config["authenticator"] == "pam"
    assert config["allowed"] == ["stu1", "stu2", "teach1"]
    assert config["admins"] == ["teach1"] and config["teachers"] == ["teach1"]
    assert "CAUCASUS_ROSTER" in config["env"]  # the teacher's class report reads the roster


def test_tljh_loads_the_course_config_alone(one_server_env) -> None:
    config = probe(PROBE_LOADER, str(REPO / "deploy" / "course_config.py"), env=one_server_env)
    assert config["lost"] == []
    assert {"CAUCASUS_TEACHER", "CAUCASUS_HANDIN", "CAUCASUS_SHARED_CACHE"} <= set(config["env"])


def test_docker_context_leaves_out_what_git_ignores() -> None:
    patterns = [
        line.strip().removeprefix("**/")
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    ignored = subprocess.run(
        ["git", "status", "--ignored", "--porcelain", "--untracked-files=normal"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    paths = [line[3:].rstrip("/") for line in ignored.splitlines() if line.startswith("!! ")]
    sent = [
        p
        for p in paths
        if not any(
            Path(p).match(pat) or any(part == pat for part in Path(p).parts) for pat in patterns
        )
    ]
    assert ".git" in patterns and sent == []


def test_image_compiles_the_standard_library() -> None:
    dockerfile = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"compileall[^\n]*sysconfig\.get_path\(\"stdlib\"\)", dockerfile)


def test_singleuser_starts_in_a_home_it_cannot_chmod(tmp_path: Path) -> None:
    """Zero to JupyterHub's home volume belongs to root: singleuser.sh must still start the server
    (here `jupyterhub-singleuser --version`, the one-server hub's, run as nobody)."""
    hub_dir = Path(
        os.environ.get("CAUCASUS_HUB_DIR")
        or "/opt/caucasus1917-hub/" + hashlib.sha1(str(REPO).encode()).hexdigest()[:10]
    )
    if os.geteuid() != 0:
        message = "runs singleuser.sh as another user: run it as root (CI does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    singleuser = hub_dir / "venv" / "bin" / "jupyterhub-singleuser"
    assert singleuser.exists(), f"no {singleuser}: run `make hub-deps` (as root)"
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    tmp_path.chmod(0o755)
    done = subprocess.run(
        [
            "runuser",
            "-u",
            "nobody",
            "--",
            "env",
            "-i",
            f"HOME={home}",
            f"PATH={singleuser.parent}:/usr/bin:/bin",
            f"CAUCASUS_HUB_COURSE={hub_dir / 'course'}",
            "sh",
            str(REPO / "deploy" / "singleuser.sh"),
            "--version",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", done.stdout.strip()), done.stdout
    assert "not made private" in done.stderr


def test_systemd_unit_verifies(tmp_path: Path) -> None:
    """systemd's own checker finds nothing wrong with the unit (paths pointed at this checkout)."""
    unit = (REPO / "deploy" / "systemd" / "caucasus1917-hub.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/caucasus1917/venv/bin/jupyterhub " in unit
    here = unit.replace("/opt/caucasus1917/venv", str(VENV)).replace(
        "/opt/caucasus1917-src", str(REPO)
    )
    copy = tmp_path / "caucasus1917-hub.service"
    copy.write_text(here, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_deploy_readme_points_to_real_files() -> None:
    """deploy/README.md names files instead of holding configs in prose, and each file it names exists
    (the school's secrets.yaml and the chart's values.schema.yaml are not ours)."""
    text = (REPO / "deploy" / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"^```(yaml|dockerfile|ini|nginx)", text, re.M)
    named = set(
        re.findall(r"`([\w./-]+\.(?:py|sh|yaml|service|conf|txt|in)|[\w./]*Caddyfile)`", text)
    )
    named |= set(re.findall(r"`([\w./]*(?:Dockerfile|\.dockerignore))`", text))
    deploy = REPO / "deploy"
    missing = [
        name
        for name in sorted(named - {"secrets.yaml", "values.schema.yaml"})
        if not (
            (deploy / name).exists()
            or (REPO / name).exists()
            or ("/" not in name and any(deploy.rglob(name)))
        )
    ]
    assert len(named) > 10 and missing == []
