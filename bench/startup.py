"""Start-up cost: `draft --help` and `import selfreview`, wall time and heavy imports.

    python bench/startup.py [--runs 10]

Each command runs in a fresh interpreter; the table gives the median and the best of
the runs, and which heavy modules (python-docx, jieba, pydantic, openai, langchain) the
path imported. Target: `draft --help` under 0.3 s with none of them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

HEAVY = ("docx", "jieba", "pydantic", "yaml", "openai", "langchain_core", "langchain_openai")
PROBES = {
    "draft --help": ("import sys\nfrom selfreview.cli.app import run_cli\nrun_cli(['--help'])\n"),
    "import selfreview": "import sys\nimport selfreview\n",
}
REPORT = "print('HEAVY', ','.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"


def measure(code: str, runs: int) -> tuple[list[float], str]:
    """Wall times of ``runs`` fresh interpreters running ``code``, and the heavy modules."""
    times: list[float] = []
    heavy = ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code + REPORT.format(heavy=HEAVY)],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
        heavy = done.stderr.strip().rsplit("HEAVY", 1)[-1].strip()
    return times, heavy


def main() -> None:
    """Print one row per probe."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"{'command':<20} {'median s':>9} {'best s':>8}  heavy imports")
    for name, code in PROBES.items():
        times, heavy = measure(code, args.runs)
        print(f"{name:<20} {statistics.median(times):>9.3f} {min(times):>8.3f}  {heavy or '-'}")


if __name__ == "__main__":
    main()
