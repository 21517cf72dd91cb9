"""Offline draft of 500 opinions as a person runs it: one whole `draft` process, median of 5.

    python bench/offline_startup.py [--opinions 500] [--runs 5] [--json]

The notes are generated deterministically (notes_gen.py, the same 500 opinions every
time). Each run is `draft NOTES --provider offline --approve-all --allow-placeholders
--force -o out.docx` in a fresh interpreter: start-up, imports, jieba's dictionary, reading,
drafting, rendering, all of it. One run first warms the OS file cache and builds the
split dictionary cache (see selfreview/wordseg.py) if it is missing; it is not counted.
Reported: the median, best and worst wall time, and the median CPU time (user + system)
of the child, which a busy machine inflates less than wall time; the load average at the
start says how busy the machine was. Target: median wall under 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Report, Target, child_env, emit
from notes_gen import make_notes

TARGET_SECONDS = 2.0
CHILD = "import sys\nfrom selfreview.cli.app import run_cli\nsys.exit(run_cli(sys.argv[1:]))\n"


def one_run(notes: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole `draft` process."""
    args = [str(notes), "--provider", "offline", "--approve-all", "--allow-placeholders"]
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args, "--force", "-o", str(out)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    after = os.times()
    if done.returncode != 0:
        raise RuntimeError(f"draft failed ({done.returncode}):\n{done.stderr}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def run(opinions: int = 500, runs: int = 5) -> Report:
    """Time ``runs`` whole offline drafts of ``opinions`` generated opinions."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        notes = folder / f"notes-{opinions}.txt"
        notes.write_text(make_notes(opinions), encoding="utf-8")
        out = folder / "out.docx"
        one_run(notes, out)  # warm-up: file cache, dictionary cache
        measured = [one_run(notes, out) for _ in range(runs)]
    walls = [wall for wall, _ in measured]
    cpus = [cpu for _, cpu in measured]
    median = statistics.median(walls)
    return Report(
        benchmark="offline_startup",
        title=f"7. Offline draft of {opinions} opinions, whole process (median of {runs})",
        columns=["opinions", "median wall s", "best s", "worst s", "median CPU s", "load avg"],
        rows=[[opinions, median, min(walls), max(walls), statistics.median(cpus), load]],
        notes=[
            "wall: `draft NOTES --provider offline … -o out.docx` in a fresh interpreter, "
            "start to exit; CPU: user + system time of that process",
            "runs (wall s): " + ", ".join(f"{w:.2f}" for w in walls),
        ],
        targets=[
            Target(
                f"{opinions} opinions, median wall",
                f"{median:.2f} s",
                f"< {TARGET_SECONDS:.0f} s",
                median < TARGET_SECONDS,
            )
        ],
        data={"walls": walls, "cpus": cpus, "load_average": load},
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--opinions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.opinions, args.runs), args.json)


if __name__ == "__main__":
    main()
