"""What the class simulation measured (Result) and the table it prints."""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass, field

from helpers.authoring.class_sim.kernel import Run

HUB = "(hub and proxy)"


@dataclass
class Result:
    """Everything the table reports."""

    students: int
    notebook: str
    hub_start_s: float = 0.0
    servers_ready_s: float = 0.0
    alone: Run | None = None  # the median of the runs alone
    alone_s: list[float] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    teacher: Run | None = None
    kept: int = 0
    expected: int = 0
    mixed: list[str] = field(default_factory=list)
    privacy: list[str] = field(default_factory=list)
    peak_total_mb: float = 0.0
    peak_rss_total_mb: float = 0.0
    peak_by_user: dict[str, float] = field(default_factory=dict)
    cpu_by_user: dict[str, float] = field(default_factory=dict)
    off_host: list[str] = field(default_factory=list)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    spread_s: float = 0.0
    wall_s: float = 0.0
    handins_read: int = 0
    handins_equal: int = 0
    planted: int = 0  # a student's forged, squatting and ghost files (plant)
    planted_left_out: int = 0
    handin_problems: list[str] = field(default_factory=list)
    report: str = ""
    script_cpu_s: float = 0.0  # this script's CPU while the class ran (its sampler's included)
    period_cpu: dict[str, float] = field(default_factory=dict)  # CPU while the class ran, by whom
    sampler_cpu_s: float = 0.0


def table(result: Result) -> str:
    """The report: a Markdown table and the closing line."""
    alone = result.alone.notebook_s if result.alone else float("nan")
    times = sorted(r.notebook_s for r in result.runs)
    worst = times[-1] if times else float("nan")
    per_user = sorted(result.peak_by_user.values())
    cpu = statistics.median(r.kernel_cpu_s for r in result.runs) if result.runs else 0.0
    done = sum(not r.errors for r in result.runs)
    answers = sorted(r.answers_s for r in result.runs)
    servers = [result.period_cpu.get(r.name, 0.0) for r in result.runs] or [0.0]
    needed = sum(r.kernel_cpu_s for r in result.runs) + sum(result.period_cpu.values())
    needed += result.script_cpu_s
    rows = [
        ("students", f"{result.students} (+1 teacher), notebook {result.notebook}"),
        ("students start their notebook", f"within {result.spread_s:g} s of each other"),
        ("hub start", f"{result.hub_start_s:.1f} s"),
        ("all servers ready (started together)", f"{result.servers_ready_s:.1f} s"),
        ("one student alone: notebook (median of students in turn)", f"{alone:.2f} s ({' / '.join(f'{t:.2f}' for t in result.alone_s)})"),
        ("class: notebook median / worst", f"{statistics.median(times):.2f} s / {worst:.2f} s"),
        ("class: quiz answers median / worst", f"{answers[len(answers) // 2]:.2f} s / {answers[-1]:.2f} s"),
        ("worst student / alone", f"{worst / alone:.2f}"),
        ("notebooks done without error", f"{done}/{len(result.runs)}"),
        ("CPU per student: kernel / server and kernels (median)", f"{cpu:.2f} s / {statistics.median(result.cpu_by_user.values()):.2f} s"),
        ("CPU while the class ran: a student's server (median) / hub and proxy, all", f"{statistics.median(servers):.2f} s / {result.period_cpu.get(HUB, 0.0):.1f} s"),
        ("CPU the class used (kernels, servers, hub, proxy, this script) / the cores' CPU in the worst student's time", f"{needed:.1f} s / {os.cpu_count() * worst:.1f} s"),
        ("CPU of this script while the class ran (the N browsers it plays; its memory sampler, whole run)", f"{result.script_cpu_s:.1f} s; {result.sampler_cpu_s:.1f} s"),
        ("peak memory, hub + proxy + all servers and kernels", f"{result.peak_total_mb:,.0f} MB PSS ({result.peak_rss_total_mb:,.0f} MB RSS)"),
        ("peak memory per student (median / worst)", f"{statistics.median(per_user):.0f} MB / {per_user[-1]:.0f} MB PSS"),
        ("answers kept", f"{result.kept}/{result.expected}"),
        ("hand-ins read (the report built as the teacher, in the teacher's kernel)", f"{result.handins_read}/{result.students}"),
        ("a student's forged, squatting and ghost files left out", f"{result.planted_left_out}/{result.planted}"),
        ("hand-ins equal to the student's progress", f"{result.handins_equal}/{result.students}"),
        ("hand-ins left out", "; ".join(result.handin_problems) or "none"),
        ("class report", result.report or "not built"),
        ("teacher's kernel in teacher mode; students' not", f"{bool(result.teacher and result.teacher.teacher_mode)}; {not any(r.teacher_mode for r in result.runs)}"),
        ("progress mixed or lost", "; ".join(result.mixed) or "none"),
        ("privacy (other students' files, course read-only)", "; ".join(result.privacy) or "every check held"),
        ("sockets off 127.0.0.1", ", ".join(result.off_host) or "none"),
        ("load average before / after (1 min)", f"{result.load_before[0]:.2f} / {result.load_after[0]:.2f} ({os.cpu_count()} cores)"),
        ("whole simulation", f"{result.wall_s:.0f} s"),
    ]  # fmt: skip
    lines = ["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]
    errors = [f"{r.name}: {e}" for r in result.runs for e in r.errors[:2]]
    if errors:
        lines += ["", "Errors (the hub's and servers' log: build/class-sim-hub.log):", *errors[:20]]
    lines += [
        "",
        f"class of {result.students}: worst student/alone ratio {worst / alone:.2f}, "
        f"answers kept {result.kept}/{result.expected}, "
        f"hand-ins read {result.handins_read}/{result.students}",
    ]
    return "\n".join(lines)
