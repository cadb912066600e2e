"""`make class-sim`: a class of N students on a real JupyterHub on this machine, measured.

As root: starts JupyterHub (deploy/jupyterhub_config.py) on free ports of 127.0.0.1, creates N students
and a teacher through the hub's REST API (the hub makes them system users with private homes), starts
every server through the hub, then has each student run a lesson notebook in their own kernel and
answer its quiz through the quiz code (right, wrong, a retry) and hand it in to the exchange folder,
all at once, after three students ran it alone, one after another (the median of the three is "one
student alone"); the class report is then built from that folder
(build/class-sim-report/index.html). It checks that every student's progress file holds exactly their own answers and that no
student can read another's, stops everything, removes the users, and prints a table (also written to
build/class-sim.md) ending in `class of N: worst student/alone ratio X.XX, answers kept A/A`.

    make class-sim                     # 30 students
    make class-sim ARGS="--students 5 --notebook 01_revolution_in_russia"

A script, not a test: times depend on the machine and what else runs on it (the load is printed).

Its parts: `hub` (the course installed, JupyterHub started and stopped, servers, system users),
`answers` (the quiz as a student answers it), `kernel` (a notebook run over the Jupyter protocol),
`sampler` (memory, CPU and network while the class runs), `checks` (permissions, forged hand-ins,
the teacher's report), `report` (what was measured, the table) and `run` (the class period, `main`).
"""

from helpers.authoring.class_sim.answers import STUDENT, plan, stored
from helpers.authoring.class_sim.checks import (
    exchange_problems,
    plant,
    privacy_problems,
    read_handins,
    teacher_view,
)
from helpers.authoring.class_sim.hub import (
    CONFIG,
    COURSE,
    REPO,
    VENV,
    remove_users,
    start_hub,
    start_servers,
    stop_hub,
)
from helpers.authoring.class_sim.kernel import Run, run_notebook
from helpers.authoring.class_sim.report import Result, table
from helpers.authoring.class_sim.run import main, simulate

__all__ = [
    "CONFIG",
    "COURSE",
    "REPO",
    "STUDENT",
    "VENV",
    "Result",
    "Run",
    "exchange_problems",
    "main",
    "plan",
    "plant",
    "privacy_problems",
    "read_handins",
    "remove_users",
    "run_notebook",
    "simulate",
    "start_hub",
    "start_servers",
    "stop_hub",
    "stored",
    "table",
    "teacher_view",
]
