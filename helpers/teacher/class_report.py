"""The class report: what a class got and did not get, from a folder of hand-ins.

`make class-report HANDIN=folder` (python -m helpers.teacher.class_report FOLDER) writes
build/class-report/index.html (printable, offline: plotly.js inlined) and gradebook.csv; the teacher
notebook teacher/class_results.ipynb shows the same parts. Per question: the share right at the first
try and at the second; the wrong options chosen most, each with the misconception its feedback names.
Per learning objective: which students met it (a heatmap; the figures are in report_figures.py). The written answers side by side with the
rubric points each student ticked. An authoring tool: no lesson kernel imports it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import data
from helpers.data.quiz_bank import Question, Quiz
from helpers.quiz import attempts, grading
from helpers.teacher import handins as hi
from helpers.teacher import marks, reteach
from helpers.teacher.page import figure_html, network_tags, printable_page
from helpers.teacher.report_figures import objective_figure, question_figure
from helpers.text import escaped

TEACHER = Path("teacher") / "class_results.ipynb"  # the teacher notebook (outside the sequence)
MET = reteach.MET  # an objective is met with at least this share of its questions right


def outcome(q: Question, e: dict[str, Any]) -> str:
    """first | second | wrong | shown | none, for a marked question's entry."""
    if not e["attempts"] or e["shown_at"] == 0:  # Show answer pressed, then answered: shown
        return "shown" if e["shown_at"] is not None else "none"
    limit = attempts.TRIES if e["shown_at"] is None else min(attempts.TRIES, e["shown_at"])
    for k, answer in enumerate(e["attempts"][:limit]):
        if grading.check(q, answer).correct is True:
            return "first" if k == 0 else "second"
    return "wrong"


def wrong_picks(q: Question, e: dict[str, Any]) -> list[tuple[str, str]]:
    """The wrong options a student chose in their tries (the option's text, without the letter each
    student saw in their own order; its feedback), once each."""
    picks: list[tuple[str, str]] = []
    for answer in e["attempts"][: attempts.TRIES]:
        fb = grading.check(q, answer)
        if fb.correct is not False:
            continue
        if q.type in ("single", "source"):
            cid = answer.get("judgement") if isinstance(answer, dict) else answer
            c = q.choice(str(cid))
            if c:
                picks.append((c.text, c.feedback))
        elif q.type == "multiple":
            for cid in grading.ids_of(answer) or []:
                c = q.choice(cid)
                if c and cid not in q.answer:
                    picks.append((c.text, c.feedback))
        elif q.type == "order":
            picks.append(("a wrong order", fb.message))
        else:
            picks.append((str(answer).strip()[:40], fb.message))
    return list(dict.fromkeys(picks))


def rows(folder: hi.Folder, banks: dict[str, Quiz]) -> pd.DataFrame:
    """One row per hand-in and question of its bank: outcome, wrong picks, written text and ticks."""
    out = []
    for h in folder.handins:
        for q in banks[h.notebook].questions:
            e = h.answers.get(q.id) or attempts.entry(None)
            written = q.type == "written"
            last = e["attempts"][-1] if e["attempts"] else ""
            text = (last.get("text") if isinstance(last, dict) else last) if written else ""
            result = "written" if written else outcome(q, e)
            # met: a first try; a written answer only by the teacher's mark (marks.merge)
            met = float("nan") if written else float(result == "first")
            out.append(
                {
                    "student": h.student,
                    "notebook": h.notebook,
                    "question": q.id,
                    "type": q.type,
                    "objective": q.objective,
                    "skill": q.skill,
                    "entry": e,
                    "outcome": result,
                    "tries": len(e["attempts"]),
                    "wrong": [] if written else wrong_picks(q, e),
                    "text": str(text or ""),
                    "ticks": list(e["ticks"]) if written else [],
                    "points": len(q.rubric) if written else 0,
                    "met": met,
                }
            )
    return pd.DataFrame(out)


def wrong_options(table: pd.DataFrame, bank: Quiz, top: int = 3) -> pd.DataFrame:
    """The wrong options chosen most per question, with how many students and the misconception."""
    out = []
    for q in bank.questions:
        part = table[(table.notebook == bank.notebook) & (table.question == q.id)]
        counts = Counter(pick for picks in part.wrong for pick in picks)
        for (option, feedback), n in counts.most_common(top):
            out.append(
                {
                    "question": q.id,
                    "wrong option": option,
                    "students": n,
                    "misconception (the option's feedback)": feedback or "(no feedback written)",
                }
            )
    return pd.DataFrame(
        out,
        columns=["question", "wrong option", "students", "misconception (the option's feedback)"],
    )


def objectives(table: pd.DataFrame) -> pd.DataFrame:
    """Students x objectives: the share of each objective's questions right (written: ticked)."""
    if table.empty:
        return pd.DataFrame()
    order = [o["id"] for nb in data.notebook_spec() for o in nb.get("objectives", [])]
    grid = table.pivot_table(
        index="student", columns="objective", values="met", aggfunc="mean", dropna=False
    )
    return grid[[o for o in order if o in grid.columns]]


def written_answers(table: pd.DataFrame, bank: Quiz) -> dict[str, pd.DataFrame]:
    """Per written question: each student's text beside a ✓ or · for every rubric point."""
    out = {}
    for q in bank.questions:
        if q.type != "written":
            continue
        part = table[(table.notebook == bank.notebook) & (table.question == q.id)]
        frame = pd.DataFrame({"student": part.student, "written answer": part.text})
        for k, point in enumerate(q.rubric):
            frame[f"{k + 1}. {point}"] = ["✓" if k in t else "·" for t in part.ticks]
        if "mark" in part:  # the teacher's mark and comment (marks.py), beside the self-ticks
            frame["teacher's mark"] = [
                f"{int(m)}/{int(o)}" if pd.notna(m) else ""
                for m, o in zip(part.mark, part.out_of, strict=True)
            ]
            frame["comment"] = list(part.comment)
        out[q.id] = frame.reset_index(drop=True)
    return out


def gradebook(table: pd.DataFrame, folder: hi.Folder, grid: pd.DataFrame) -> pd.DataFrame:
    """One row per student and notebook, for the school's gradebook."""
    when = {(h.student, h.notebook): h.handed_in for h in folder.handins}
    out = []
    for (student, nb), part in table.groupby(["student", "notebook"], sort=False):
        marked = part[part.type != "written"]
        written = part[part.type == "written"]
        objs = sorted(set(part.objective))
        out.append(
            {
                "student": student,
                "notebook": nb,
                "handed_in": when[(student, nb)],
                "right_first_try": int((marked.outcome == "first").sum()),
                "right": int(marked.outcome.isin(["first", "second"]).sum()),
                "marked_questions": len(marked),
                "written_saved": int((written.text != "").sum()),
                "rubric_self_ticked": int(written.ticks.map(len).sum()),
                "rubric_points_possible": int(written.points[written.text != ""].sum()),
                "objectives_met": " ".join(o for o in objs if grid.loc[student, o] >= MET - 1e-9),
                "teacher_marks": " ".join(
                    f"{r.question} {int(r.mark)}/{int(r.out_of)}"
                    for r in written.itertuples()
                    if pd.notna(r.mark)
                ),
                "teacher_comments": " | ".join(
                    f"{r.question}: {r.comment}" for r in written.itertuples() if r.comment
                ),
            }
        )
    return pd.DataFrame(out)


def thin_objectives(table: pd.DataFrame) -> list[str]:
    """A note naming the objectives whose share rests on one question or on written answers not
    marked yet."""
    items = [
        f"<li>{escaped(o)}: {escaped(why)}</li>"
        for o, part in table.groupby("objective", sort=False)
        if "only" in (why := reteach.rests_on(part)) or "not marked" in why
    ]
    if not items:
        return []
    return ["<p>Read these with care:</p>", f"<ul>{''.join(items)}</ul>"]


GRADEBOOK_LINK = (
    "<p><a href='gradebook.csv'>gradebook.csv</a>: one row per student and notebook. The quiz "
    "counts in it (<code>right_first_try</code>, <code>right</code>) are formative, reported by "
    "each student's own kernel; <code>rubric_self_ticked</code> is the points the student ticked "
    "themselves out of <code>rubric_points_possible</code>, not a mark. Your marks are in "
    "<code>teacher_marks</code>.</p>"
)


def build(folder_path: Path, roster: list[str] | None = None) -> dict[str, Any]:
    """Everything the report shows, from a folder of hand-ins (and the teacher's marks beside
    them); roster: the class list, to name who did not hand in."""
    banks = hi.load_banks()
    folder = hi.read_folder(Path(folder_path), banks)
    table = marks.merge(rows(folder, banks), marks.load(folder.path))
    present = [nb for nb in banks if not table.empty and nb in set(table.notebook)]
    grid = objectives(table)
    return {
        "folder": folder,
        "banks": banks,
        "table": table,
        "notebooks": present,
        "grid": grid,
        "gradebook": gradebook(table, folder, grid) if not table.empty else pd.DataFrame(),
        "roster": list(roster or []),
    }


def page(report: dict[str, Any]) -> str:
    """The report as one offline HTML page."""
    folder: hi.Folder = report["folder"]
    parts = [
        "<h1>Class report</h1>",
        f"<p>{escaped(folder.line())} from <code>{escaped(folder.path)}</code>: "
        f"{len({h.student for h in folder.handins})} student(s), "
        f"notebooks {escaped(', '.join(report['notebooks']) or 'none')}.</p>",
    ]
    if folder.problems:
        items = "".join(f"<li>{escaped(p)}</li>" for p in folder.problems)
        parts.append(f"<h3>Files left out</h3><ul class='problems'>{items}</ul>")
    parts += [GRADEBOOK_LINK, *reteach.class_html(report)]
    figures = 0
    for nb in report["notebooks"]:
        bank = report["banks"][nb]
        figures += 1
        fig = question_figure(report["table"], bank)
        parts += [
            f"<h2>{escaped(nb)}: {escaped(bank.title)}</h2>",
            figure_html(fig.to_dict(), f"figure-{figures}"),
            f"<p><em>Figure description.</em> {escaped(fig.describe())}</p>",
            *reteach.notebook_html(report, bank),
        ]
        for qid, frame in written_answers(report["table"], bank).items():
            heading = f"Written answers: {qid}. {bank.question(qid).prompt}"
            parts += reteach.named_table(bank, heading, frame)
    if not report["grid"].empty:
        figures += 1
        fig = objective_figure(report["grid"])
        parts += [
            "<h2>Learning objectives: students who met each</h2>",
            f"<p><em>Students who met it</em>: a student meets an objective with at least {MET:.0%} "
            "of its questions right at the first try (written answers: only as the teacher marked "
            "them, never the student's ticks); each label gives the share of students who met it. "
            f"Not the <em>{reteach.FIRST_TRY}</em> of the table at the top, which counts answers, "
            "not students.</p>",
            *thin_objectives(report["table"]),
            figure_html(fig.to_dict(), f"figure-{figures}"),
            f"<p><em>Figure description.</em> {escaped(fig.describe())}</p>",
        ]
    return printable_page("report", "Class report", "\n".join(parts), plotly=figures > 0)


def write(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    """Write index.html and gradebook.csv into out_dir (and nowhere else)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = page(report)
    bad = network_tags(text)
    if bad:
        raise RuntimeError(f"the report would load from the network: {bad[0]}")
    html_path, csv_path = out_dir / "index.html", out_dir / "gradebook.csv"
    html_path.write_text(text, encoding="utf-8")
    report["gradebook"].to_csv(csv_path, index=False)
    return html_path, csv_path


def main(argv: list[str] | None = None) -> int:
    """Read a folder of hand-ins, print a line per file left out, write the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, nargs="?", help="the folder of hand-ins (e.g. $CAUCASUS_HANDIN)"
    )
    parser.add_argument("--out", type=Path, default=Path("build") / "class-report")
    parser.add_argument(
        "--roster", type=Path, help="the class list, one student a line: who did not hand in"
    )
    args = parser.parse_args(argv)
    if args.folder is None or not args.folder.is_dir():
        print(f"{args.folder}: no such folder of hand-ins", file=sys.stderr)
        return 1
    try:
        names = reteach.roster(args.roster)
    except OSError as e:
        print(f"{args.roster}: the roster cannot be read ({e.strerror})", file=sys.stderr)
        return 1
    report = build(args.folder, names)
    for line in report["folder"].problems:
        print(line)
    html_path, csv_path = write(report, args.out)
    print(f"{report['folder'].line()}; wrote {html_path} and {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
