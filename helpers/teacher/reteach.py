"""What to reteach, from the class report's table (helpers.teacher.class_report.rows).

Each question with its prompt and outcomes; the misconceptions the class showed, by the short name
the bank gives each wrong option and tempting typed answer (`misconception`), counted; a wrong order
with the items out of place; the three weakest objectives with their notebook and the teacher guide's
misconception entries; a view by skill; time flags (a quiz answered in a few minutes, the answer shown
before a try on most questions); who on the roster did not hand in. "Met" counts first tries only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import data
from helpers.data.quiz_bank import Quiz
from helpers.teacher.wrong_answers import judgement_and_reason, mistakes
from helpers.text import escaped

MET = 2 / 3  # an objective is met with at least this share of its questions right (or marked)
FAST_MINUTES = 3  # a whole quiz answered in less than this is flagged
SENSITIVE = ("05_", "06_")  # the massacres: students' names beside their written answers


def reasons(table: pd.DataFrame, bank: Quiz) -> dict[str, pd.DataFrame]:
    """Per source question: each student's last judgement (the option's text), right or not, and
    the reason they wrote for it."""
    out = {}
    for q in bank.questions:
        part = table[(table.notebook == bank.notebook) & (table.question == q.id)]
        if q.type != "source" or part.empty:
            continue
        rows = []
        for student, e in zip(part.student, part.entry, strict=True):
            if not e["attempts"]:
                continue
            cid, reason = judgement_and_reason(e["attempts"][-1])
            c = q.choice(cid)
            rows.append(
                {
                    "student": student,
                    "judgement": c.text if c else cid,
                    "right": "yes" if cid == q.answer else "no",
                    "reason": reason,
                }
            )
        out[q.id] = pd.DataFrame(rows, columns=["student", "judgement", "right", "reason"])
    return out


def questions(table: pd.DataFrame, bank: Quiz) -> pd.DataFrame:
    """Each marked question of a notebook, its prompt printed, and the share at each outcome."""
    out = []
    for n, q in enumerate(bank.questions, start=1):
        part = table[(table.notebook == bank.notebook) & (table.question == q.id)]
        if q.type == "written" or part.empty:
            continue
        share = part.outcome.value_counts(normalize=True) * 100
        out.append(
            {
                "question": f"{n}. {q.id}",
                "prompt": q.prompt,
                "right first try %": round(share.get("first", 0.0)),
                "right second try %": round(share.get("second", 0.0)),
                "not right in two tries %": round(share.get("wrong", 0.0)),
                "shown before a try %": round(share.get("shown", 0.0)),
                "not answered %": round(share.get("none", 0.0)),
            }
        )
    return pd.DataFrame(out)


def misconceptions(table: pd.DataFrame, bank: Quiz) -> pd.DataFrame:
    """The misconceptions of a notebook's quiz, with how many students showed each, most first."""
    counts: Counter[tuple[str, str]] = Counter()
    for q in bank.questions:
        part = table[(table.notebook == bank.notebook) & (table.question == q.id)]
        for e in part.entry:
            for tag in mistakes(q, e):
                counts[(q.id, tag)] += 1
    rows = [
        {"question": qid, "misconception": tag, "students": n}
        for (qid, tag), n in counts.most_common()
    ]
    return pd.DataFrame(rows, columns=["question", "misconception", "students"])


def weakest(table: pd.DataFrame, banks: dict[str, Quiz], top: int = 3) -> pd.DataFrame:
    """The objectives with the smallest share of answers right at the first try (written answers
    as the teacher marked them), with what that share rests on, their notebook, the misconception
    seen most on them and the guide's entries for that notebook."""
    if table.empty:
        return pd.DataFrame()
    spec = {o["id"]: (nb["id"], o["text"]) for nb in data.notebook_spec() for o in nb["objectives"]}
    share = table.groupby("objective").met.mean().dropna().sort_values()
    out, guided = [], set()
    for objective, met in share.head(top).items():
        nb, text = spec.get(str(objective), ("", ""))
        part = table[table.objective == objective]
        seen = Counter(
            tag
            for q_id, e in zip(part.question, part.entry, strict=True)
            for tag in mistakes(banks[nb].question(q_id), e)
        ) if nb in banks else Counter()  # fmt: skip
        out.append(
            {
                "objective": f"{objective}: {text}",
                "notebook": nb,
                FIRST_TRY: f"{met:.0%}",
                "rests on": rests_on(part),
                "misconception seen most": seen.most_common(1)[0][0] if seen else "",
                "the guide's misconceptions (teacher_guide)": (
                    "(as above)" if nb in guided else guide_entries(nb)
                ),
            }
        )
        guided.add(nb)
    return pd.DataFrame(out)


FIRST_TRY = "answers right at the first try"  # the weakest table's share (not the heatmap's "met")


def first_try_note() -> str:
    """What the weakest table's share is, and how it differs from the heatmap's "met"."""
    return (
        f"<p><em>{FIRST_TRY}</em>: of all the answers the class gave to the objective's marked "
        "questions, the share right at the first try (written answers count only once you mark "
        "them). It is not the heatmap's <em>students who met it</em>, which counts students with "
        f"at least {MET:.0%} of the objective's questions right.</p>"
    )


def rests_on(part: pd.DataFrame) -> str:
    """What an objective's share rests on: its questions, and a warning when that is one question
    or when written answers are not marked yet (left out of the share)."""
    marked = part[part.type != "written"].question.nunique()
    written = part[part.type == "written"]
    unmarked = written[written.met.isna() & (written.text != "")].question.nunique()
    counted = marked + written[written.met.notna()].question.nunique()
    words = ["one question only: read it with care" if counted == 1 else f"{counted} questions"]
    if unmarked:
        s = "s" if unmarked != 1 else ""
        words.append(f"{unmarked} written question{s} not marked yet (left out of the share)")
    return "; ".join(words)


def guide_entries(notebook_id: str) -> str:
    """The teacher guide's misconception entries for a notebook, 'wrong → better', one per line."""
    from helpers.teacher import teacher_guide

    try:
        guide = teacher_guide.load(notebook_id)
    except (OSError, KeyError, ValueError):
        return ""
    return " | ".join(
        f"{teacher_guide.with_items(m['wrong'])} → {teacher_guide.with_items(m['better'])}"
        for m in guide.get("misconceptions", [])
    )


def skills(table: pd.DataFrame) -> pd.DataFrame:
    """By skill (recall, sourcing, calendar, …): questions and the share right at the first try."""
    marked = table[table.type != "written"]
    if marked.empty:
        return pd.DataFrame()
    grouped = marked.groupby("skill")
    return pd.DataFrame(
        {
            "questions": grouped.question.nunique(),
            "right first try %": (grouped.outcome.apply(lambda s: (s == "first").mean()) * 100)
            .round()
            .astype(int),
        }
    ).reset_index()


def time_flags(table: pd.DataFrame) -> list[str]:
    """Per hand-in: the whole quiz answered within FAST_MINUTES, or the answer shown before a try
    on most questions."""
    flags = []
    for (student, nb), part in table.groupby(["student", "notebook"], sort=False):
        times = sorted(
            dt.datetime.fromisoformat(t) for e in part.entry for t in e.get("times", []) if t
        )
        answered = sum(bool(e["attempts"]) for e in part.entry)
        if len(times) >= 3 and times[-1] - times[0] < dt.timedelta(minutes=FAST_MINUTES):
            span = (times[-1] - times[0]).total_seconds() / 60
            flags.append(f"{student}, {nb}: {answered} questions answered in {span:.1f} minutes")
        shown = int((part.outcome == "shown").sum())
        if shown > len(part) / 2:
            flags.append(
                f"{student}, {nb}: the answer shown before a try on {shown} of {len(part)}"
            )
    return flags


def roster(path: Path | None) -> list[str]:
    """The class list: one student per line of a roster file (blank lines and # comments aside)."""
    if path is None:
        return []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.strip().startswith("#")]


def strangers(table: pd.DataFrame, names: list[str]) -> list[str]:
    """Students who handed in but are not on the roster (a typo, or a name to check)."""
    listed = set(names)
    seen = list(dict.fromkeys(table.student)) if not table.empty else []
    return [s for s in seen if s not in listed]


def missing(table: pd.DataFrame, names: list[str], notebooks: list[str]) -> dict[str, list[str]]:
    """Per notebook of the report, the students on the roster who did not hand it in."""
    handed = set(zip(table.student, table.notebook, strict=True)) if not table.empty else set()
    return {nb: [n for n in names if (n, nb) not in handed] for nb in notebooks}


def sensitive(notebook_id: str) -> bool:
    """Whether a notebook's written answers are about the massacres (do not project them)."""
    return notebook_id.startswith(SENSITIVE)


def frame_html(frame: pd.DataFrame) -> str:
    """A table as plain HTML (escaped; long text wraps)."""
    return frame.to_html(index=False, escape=True, border=0, classes="report-table")


def class_html(report: dict[str, Any]) -> list[str]:
    """The class-wide parts: what to reteach first, by skill, time flags, who did not hand in."""
    table, parts = report["table"], [FORMATIVE]
    if table.empty:
        return parts
    weak = weakest(table, report["banks"])
    if not weak.empty:
        parts += [
            "<h2>What to reteach first: the three weakest objectives</h2>",
            first_try_note(),
            frame_html(weak),
        ]
    parts += ["<h3>By skill</h3>", frame_html(skills(table))]
    flags = time_flags(table)
    if flags:
        items = "".join(f"<li>{escaped(f)}</li>" for f in flags)
        parts.append(f"<h3>Time flags</h3><ul>{items}</ul>")
    parts += roster_html(table, report.get("roster") or [], report["notebooks"])
    return parts


def roster_html(table: pd.DataFrame, names: list[str], notebooks: list[str]) -> list[str]:
    """Who did not hand in and who handed in without being on the roster; without a roster, that
    who did not hand in is unknown."""
    if not names:
        return ["<h3>Did not hand in</h3><p>No roster given: who did not hand in is unknown.</p>"]
    gone = missing(table, names, notebooks)
    items = "".join(
        f"<li>{escaped(nb)}: {escaped(', '.join(who) or 'everyone handed in')}</li>"
        for nb, who in gone.items()
    )
    parts = [f"<h3>Did not hand in (roster of {len(names)})</h3><ul>{items}</ul>"]
    odd = strangers(table, names)
    if odd:
        parts.append(
            "<h3>Handed in but not on the roster</h3><p>Check these names (a typo, or a student "
            f"missing from the roster): {escaped(', '.join(odd))}.</p>"
        )
    return parts


def notebook_html(report: dict[str, Any], bank: Quiz) -> list[str]:
    """One notebook's parts: the questions with their prompts, the misconceptions counted, and a
    do-not-project banner where students' names sit beside written answers on the massacres."""
    parts = [
        "<h3>Each question</h3>",
        frame_html(questions(report["table"], bank)),
        "<h3>Misconceptions shown (the bank's name for each wrong answer), most first</h3>",
        frame_html(misconceptions(report["table"], bank)),
    ]
    filled = [
        {"student": h.student, "item": item, "answer": text}
        for h in report["folder"].handins
        if h.notebook == bank.notebook
        for item, text in h.organiser.items()
    ]
    if filled:
        parts += named_table(bank, "Organiser answers", pd.DataFrame(filled))
    else:
        parts.append("<h3>Organiser answers</h3><p>No organiser answers handed in.</p>")
    for qid, frame in reasons(report["table"], bank).items():
        if frame.empty:
            continue
        parts += named_table(bank, f"Source reasons: {qid}. {bank.question(qid).prompt}", frame)
    return parts


def named_table(bank: Quiz, heading: str, frame: pd.DataFrame) -> list[str]:
    """A table of students' names beside what they wrote, under its heading; on the massacres'
    notebooks the do-not-project banner sits right above it."""
    banner = [BANNER] if sensitive(bank.notebook) else []
    return [f"<h3>{escaped(heading)}</h3>", *banner, frame_html(frame)]


FORMATIVE = (
    "<p><em>The quiz is formative: its scores are computed and reported by each student's own "
    "kernel (the student can see the keys there), so they show the class's practice, not a test "
    "result. Grade the written answers and the capstone, which you mark.</em></p>"
)
BANNER = (
    "<p class='do-not-project' style='border:3px solid #D55E00;padding:0.5em;font-weight:bold'>"
    "Do not project this table: students' names sit beside what they wrote about the killings of "
    "1918.</p>"
)
