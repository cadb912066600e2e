"""Several kernels of one student answering at once: how many answers each way of saving keeps.

    .venv/bin/python scripts/progress_race.py [--procs 4] [--answers 200]

Three ways, each with P processes saving N answers (distinct questions) as fast as they can:
- unlocked:   read, change, write atomically, no lock (how progress.py saved before the lock);
- locked:     progress.record_answer (flock on progress.json.lock, re-read inside the lock);
- per-answer: one small file per answer in a folder (no shared file to race on).
Prints answers kept of answers sent and the wall time of each.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import tempfile
import time
from pathlib import Path

from helpers.quiz import progress


def unlocked(file: Path, proc: int, n: int) -> None:
    for i in range(n):
        record, _ = progress.read(file)
        record["notebooks"].setdefault("01", {})[f"p{proc}.q{i}"] = {"answer": i, "correct": True}
        progress.write(record, file)


def locked(file: Path, proc: int, n: int) -> None:
    for i in range(n):
        progress.record_answer("01", f"p{proc}.q{i}", i, True, file)


def per_answer(folder: Path, proc: int, n: int) -> None:
    for i in range(n):
        progress.atomic_write(folder / f"01.p{proc}.q{i}.json", json.dumps({"answer": i}).encode())


def kept(way: str, target: Path) -> int:
    if way == "per-answer":
        return len(list(target.glob("*.json")))
    return len(progress.answers("01", target))


def race(way: str, procs: int, n: int) -> tuple[int, float]:
    """(answers kept, seconds) for one way of saving."""
    work = Path(tempfile.mkdtemp(prefix="progress-race-"))
    target = work if way == "per-answer" else work / "progress.json"
    fn = {"unlocked": unlocked, "locked": locked, "per-answer": per_answer}[way]
    ctx = mp.get_context("fork")
    workers = [ctx.Process(target=fn, args=(target, p, n)) for p in range(procs)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return kept(way, target), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", type=int, default=4)
    parser.add_argument("--answers", type=int, default=200)
    args = parser.parse_args()
    sent = args.procs * args.answers
    print(f"{args.procs} processes x {args.answers} answers = {sent} sent (pid {os.getpid()})")
    for way in ("unlocked", "locked", "per-answer"):
        got, seconds = race(way, args.procs, args.answers)
        print(f"{way:>10}: {got:4d} of {sent} kept, {seconds:.2f} s")


if __name__ == "__main__":
    main()
