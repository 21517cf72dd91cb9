"""Reading large notes: a .docx of many short paragraphs and a text file near the size limit.

    python bench/reading_speed.py [--paragraphs 10000] [--megabytes 19] [--json]

Each case reads one generated file with :func:`selfreview.notes.read_notes` in a fresh
interpreter (imports included) and reports wall time and the child's peak memory (VmHWM),
and the same for half the size, so the growth exponent shows whether reading is linear
(1.0) or worse (the exponent is taken from CPU time, which a busy machine inflates less
than wall time). The files:

- docx: ``N`` short paragraphs ("N. 会议多，一周陪会N次。"), a heading every 100, in a
  document written by python-docx (its default template has 160 styles, so a style lookup
  that scans the styles per paragraph costs 160 comparisons each);
- txt: generated opinions (notes_gen.py) under section headings, UTF-8, repeated until the
  file reaches the size (the reader's limit is 20 MB).

Issue 17 measured 15 s for 10,000 paragraphs and 93 s / 800 MB for 19 MB of notes. Set
``BENCH_ROOT`` to another checkout to measure that one (before/after a change).
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Report, Target, child_env, emit
from notes_gen import make_notes

CHILD = (
    "import resource, sys\n"
    "from pathlib import Path\n"
    "from selfreview.notes import read_notes\n"
    "document = read_notes(Path(sys.argv[1]))\n"
    "with open('/proc/self/status') as status:\n"
    "    peak = [int(l.split()[1]) for l in status if l.startswith('VmHWM:')][0]\n"
    "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(len(document.opinions), peak, usage.ru_utime + usage.ru_stime)\n"
)
TARGET_EXPONENT = 1.2
"""Reading time may grow at most like n^1.2 between half and full size (linear: 1.0)."""


def make_docx(path: Path, paragraphs: int) -> Path:
    """A .docx of ``paragraphs`` short numbered paragraphs with a heading every 100."""
    import docx

    document = docx.Document()
    for n in range(1, paragraphs + 1):
        if n % 100 == 1:
            document.add_heading("征求意见" if n % 200 == 1 else "谈心谈话", level=1)
        document.add_paragraph(f"{n}. 会议多，一周陪会{n % 7 + 1}次。")
    document.save(str(path))
    return path


def make_text(path: Path, megabytes: float) -> Path:
    """A UTF-8 notes file of about ``megabytes`` MB: generated opinions under headings."""
    block = make_notes(2000)
    target = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    size = 0
    part = 0
    while size < target:
        part += 1
        text = f"第{part}部分\n\n{block}\n"
        size += len(text.encode("utf-8"))
        parts.append(text)
    data = "".join(parts).encode("utf-8")[:target]
    path.write_bytes(data[: data.rfind(b"\n") + 1])
    return path


def read_once(path: Path) -> tuple[float, float, float, int]:
    """Wall and CPU seconds, peak MB and opinions of reading ``path`` in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"reading {path.name} failed:\n{done.stderr}")
    opinions, peak_kb, cpu = done.stdout.split()
    return wall, float(cpu), int(peak_kb) / 1024, int(opinions)


def run(paragraphs: int = 10_000, megabytes: float = 19.0) -> Report:
    """Read each generated file at half and full size; report time, memory and growth."""
    rows = []
    targets = []
    data: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [
            ("docx", paragraphs, lambda n, p: make_docx(p, int(n)), "paragraphs"),
            ("txt", megabytes, lambda n, p: make_text(p, n), "MB"),
        ]
        for kind, full, make, unit in cases:
            results = []
            for size in (full / 2, full):
                path = make(size, folder / f"notes-{kind}-{size:g}.{kind}")
                megs = path.stat().st_size / 1024 / 1024
                wall, cpu, peak, opinions = read_once(path)
                results.append(cpu)
                label = f"{kind} {size:,.0f} {unit}"
                rows.append([label, f"{megs:.1f}", opinions, wall, cpu, peak])
                data[f"{kind}-{size:g}"] = {
                    "wall": wall,
                    "cpu": cpu,
                    "peak_mb": peak,
                    "opinions": opinions,
                }
            exponent = math.log(results[1] / results[0]) / math.log(2)
            targets.append(
                Target(
                    f"{kind}: growth exponent of CPU time, half to full size",
                    f"{exponent:.2f}",
                    f"<= {TARGET_EXPONENT}",
                    exponent <= TARGET_EXPONENT,
                )
            )
    return Report(
        benchmark="reading_speed",
        title="Reading large notes (fresh process, read_notes only)",
        columns=["file", "MB", "opinions", "wall s", "CPU s", "peak MB"],
        rows=rows,
        notes=[
            "times include interpreter start-up and imports (about 0.3 s); CPU time (user +"
            " system) is what a busy shared machine inflates least",
        ],
        targets=targets,
        data=data,
    )


def main() -> None:
    """Command line: sizes and --json."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--megabytes", type=float, default=19.0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.paragraphs, args.megabytes), args.json)


if __name__ == "__main__":
    main()
