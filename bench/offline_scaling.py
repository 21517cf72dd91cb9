"""Offline drafter end to end (read, draft, render DOCX) on 50 / 500 / 5,000 opinions.

    python bench/offline_scaling.py [--sizes 50 500 5000] [--runs 3] [--json]

Each size runs `draft NOTES --approve-all --allow-placeholders -o out.docx` in a fresh
process (best of ``--runs``) on generated notes (see notes_gen.py) and reports wall time
and peak memory (max RSS of the child). A 5-opinion run gives the fixed cost (interpreter, imports,
jieba's dictionary, DOCX template).

Growth: the exponent k in time ~ n^k between consecutive sizes, for the wall time and
for the work alone (read, draft, render in a warm process). n log n between n1 and n2
is k = 1 + log(ln n2 / ln n1) / log(n2 / n1) (1.20 from 50 to 500, 1.14 from 500 to
5,000): the target is an in-process exponent no larger.
Targets: 500 opinions under 2 s wall and 300 MB peak.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import time
from pathlib import Path

from benchlib import Report, Target, emit, run_cli
from notes_gen import make_notes

FLOOR_SIZE = 5
BUILD = ["--approve-all", "--allow-placeholders"]
"""Approve and build even with 【待补】 placeholders left (a discussion draft)."""


def draft_once(count: int, folder: Path, runs: int) -> tuple[float, float]:
    """Best wall seconds and its peak RSS (MB) of drafting ``count`` opinions."""
    notes = folder / f"notes-{count}.txt"
    notes.write_text(make_notes(count), encoding="utf-8")
    best: tuple[float, float] | None = None
    for _ in range(runs):
        out = folder / f"out-{count}.docx"
        done = run_cli([str(notes), "--provider", "offline", *BUILD, "--force", "-o", str(out)])
        if best is None or done.wall < best[0]:
            best = (done.wall, done.peak_mb)
    assert best is not None
    return best


def in_process(count: int, folder: Path, runs: int) -> float:
    """Best seconds of reading, drafting and rendering ``count`` opinions in this (warm)
    process: the work alone, without start-up or one-time loading."""
    from selfreview.drafting.base import DraftRequest
    from selfreview.drafting.offline import OfflineDrafter
    from selfreview.notes import read_notes
    from selfreview.outline import load_outline
    from selfreview.render import render
    from selfreview.schema import Voice

    notes = folder / f"notes-{count}.txt"
    notes.write_text(make_notes(count), encoding="utf-8")
    drafter = OfflineDrafter()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        request = DraftRequest(
            opinions=read_notes(notes).opinions,
            outline=load_outline(None),
            voice=Voice.COLLECTIVE,
            org="某市政府党组",
        )
        render(drafter.draft(request).material, folder / f"warm-{count}.docx")
        best = min(best, time.perf_counter() - start)
    return best


def exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    """k in t ~ n^k between two sizes."""
    return math.log(max(t2, 1e-9) / max(t1, 1e-9)) / math.log(n2 / n1)


def nlogn_exponent(n1: int, n2: int) -> float:
    """The exponent n log n growth has between two sizes."""
    return 1 + math.log(math.log(n2) / math.log(n1)) / math.log(n2 / n1)


def run(sizes: list[int], runs: int = 3) -> Report:
    """Measure every size; exponents between consecutive sizes."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        draft_once(FLOOR_SIZE, folder, 1)  # warm the OS file cache and jieba's dict cache
        floor_wall, floor_peak = draft_once(FLOOR_SIZE, folder, runs)
        measured = {size: draft_once(size, folder, runs) for size in sizes}
        in_process(FLOOR_SIZE, folder, 1)  # load jieba and python-docx once
        warm = {size: in_process(size, folder, runs) for size in sizes}
    rows = [[FLOOR_SIZE, floor_wall, "", floor_peak, "", "", "", ""]]
    previous: tuple[int, float, float] | None = None
    growth = []
    for size in sizes:
        wall, peak = measured[size]
        work = warm[size]
        row: list[object] = [size, wall, f"{work:.3f}", peak, f"{1000 * work / size:.2f}"]
        if previous is None:
            row += ["", "", ""]
        else:
            n1, wall1, work1 = previous
            k_wall = exponent(n1, wall1, size, wall)
            k_work = exponent(n1, work1, size, work)
            bound = nlogn_exponent(n1, size)
            growth.append((n1, size, k_work, bound))
            row += [f"{k_wall:.2f}", f"{k_work:.2f}", f"{bound:.2f}"]
        rows.append(row)
        previous = (size, wall, work)
    targets = []
    if 500 in measured:
        wall, peak = measured[500]
        targets += [
            Target("500 opinions wall", f"{wall:.2f} s", "< 2 s", wall < 2),
            Target("500 opinions peak memory", f"{peak:.0f} MB", "< 300 MB", peak < 300),
        ]
    for n1, n2, k_work, bound in growth:
        targets.append(
            Target(
                f"growth {n1}->{n2} (in-process exponent)",
                f"{k_work:.2f}",
                f"<= {bound:.2f} (n log n)",
                k_work <= bound + 0.05,
            )
        )
    return Report(
        benchmark="offline_scaling",
        title=f"2. Offline draft end to end (fresh process, best of {runs})",
        columns=[
            "opinions",
            "wall s",
            "in-process s",
            "peak MB",
            "ms/opinion",
            "k wall",
            "k in-process",
            "k n log n",
        ],
        rows=rows,
        notes=[
            f"wall: fresh process ({FLOOR_SIZE} opinions: the fixed cost of start-up, imports, "
            "jieba's dictionary); in-process: read + draft + render DOCX in a warm process; "
            "k = growth exponent from the previous size"
        ],
        targets=targets,
        data={"floor": {"wall": floor_wall, "peak_mb": floor_peak}},
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.sizes, args.runs), args.json)


if __name__ == "__main__":
    main()
