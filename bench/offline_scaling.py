"""Offline drafter end to end (read, draft, render DOCX) on 50 / 500 / 5,000 opinions.

Each size runs `draft … --approve-all` in a fresh process and prints wall time and peak
memory (max RSS of the child). Notes are generated from the bundled sample's opinions
with varied figures, so the text looks like real notes and no two lines are equal.

    python bench/offline_scaling.py [--sizes 50 500 5000]
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["一、征求意见情况", "二、谈心谈话记录", "三、自己查摆的问题"]


def make_notes(count: int) -> str:
    """Notes with ``count`` opinions built from the sample's concrete lines."""
    sample = (ROOT / "fixtures" / "notes" / "sample-notes.txt").read_text(encoding="utf-8")
    seeds = [
        re.sub(r"^\s*(?:\d+[.、]|（\d+）|[①-⑳]|-)\s*", "", line).strip()
        for line in sample.splitlines()
        if re.search(r"\d", line) and len(line) > 20
    ]
    lines: list[str] = []
    per_section = math.ceil(count / len(SECTIONS))
    for section_no, heading in enumerate(SECTIONS):
        lines.append(heading)
        for n in range(per_section):
            index = section_no * per_section + n
            if index >= count:
                break
            seed = seeds[index % len(seeds)]
            shift = index % 97
            varied = re.sub(r"\d+", lambda m, k=shift: str(int(m.group()) + k), seed, count=1)
            lines.append(f"{n + 1}. {varied}")
        lines.append("")
    return "\n".join(lines)


CHILD = (
    "import resource, sys\n"
    "from selfreview.cli.app import run_cli\n"
    "code = run_cli(sys.argv[1:])\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run(count: int, folder: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one draft of ``count`` opinions, in a fresh process."""
    notes = folder / f"notes-{count}.txt"
    notes.write_text(make_notes(count), encoding="utf-8")
    args = [str(notes), "--approve-all", "--force", "-o", str(folder / f"out-{count}.docx")]
    start = time.perf_counter()
    child = subprocess.run(
        [sys.executable, "-c", CHILD, *args], check=True, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    peak_kb = int(child.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024


def main() -> None:
    """Print a table: opinions, wall time, peak memory, time per opinion."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    args = parser.parse_args()
    # Warm jieba's dictionary cache once so the first size is not charged for it.
    with tempfile.TemporaryDirectory() as tmp:
        run(5, Path(tmp))
        print(f"{'opinions':>8} {'wall s':>8} {'peak MB':>8} {'ms/opinion':>11}")
        for size in args.sizes:
            wall, peak = run(size, Path(tmp))
            print(f"{size:>8} {wall:>8.2f} {peak:>8.0f} {1000 * wall / size:>11.2f}")


if __name__ == "__main__":
    main()
