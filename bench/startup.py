"""Start-up cost: `draft --help` and `import selfreview`, wall time and what gets imported.

    python bench/startup.py [--runs 10] [--json]

Each probe runs in a fresh interpreter; the table gives the median and best wall time of
the runs, how many modules the probe loaded, and which heavy packages (python-docx, jieba,
pydantic, PyYAML, openai, langchain, httpx) it imported. `python -c pass` is the floor:
the interpreter's own start-up. Target: `draft --help` under 0.3 s, with no openai,
langchain or docx import.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from benchlib import Report, Target, child_env, emit

HEAVY = (
    "docx",
    "jieba",
    "pydantic",
    "yaml",
    "openai",
    "langchain_core",
    "langchain_openai",
    "httpx",
    "tiktoken",
)
FORBIDDEN = ("openai", "langchain_core", "langchain_openai", "docx")
PROBES = {
    "python -c pass": "",
    "import selfreview": "import selfreview\n",
    # exactly what the `draft` console script does
    "draft --help": (
        "import sys\nfrom selfreview.cli.app import main\nsys.argv = ['draft', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    ),
    "draft import --help": (
        "import sys\nfrom selfreview.cli.app import main\n"
        "sys.argv = ['draft', 'import', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    ),
}
REPORT = (
    "import sys as _s\n"
    "print('MODULES', len(_s.modules), file=_s.stderr)\n"
    "print('HEAVY', ','.join(m for m in {heavy!r} if m in _s.modules), file=_s.stderr)\n"
)


def measure(code: str, runs: int) -> tuple[list[float], int, list[str]]:
    """Wall times of ``runs`` fresh interpreters running ``code``; modules and heavy ones."""
    times: list[float] = []
    modules = 0
    heavy: list[str] = []
    env = child_env()
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code + REPORT.format(heavy=HEAVY)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
        for line in done.stderr.splitlines():
            if line.startswith("MODULES "):
                modules = int(line.split()[1])
            elif line.startswith("HEAVY"):
                heavy = [m for m in line.removeprefix("HEAVY").strip().split(",") if m]
    return times, modules, heavy


def run(runs: int = 10) -> Report:
    """Measure every probe."""
    rows = []
    results = {}
    for name, code in PROBES.items():
        times, modules, heavy = measure(code, runs)
        median = statistics.median(times)
        results[name] = (median, heavy)
        rows.append([name, f"{median:.3f}", f"{min(times):.3f}", modules, ",".join(heavy) or "-"])
    help_time, help_heavy = results["draft --help"]
    forbidden = [m for m in help_heavy if m in FORBIDDEN]
    return Report(
        benchmark="startup",
        title=f"1. Start-up (fresh interpreter, {runs} runs each)",
        columns=["command", "median s", "best s", "modules", "heavy imports"],
        rows=rows,
        targets=[
            Target("draft --help wall", f"{help_time:.3f} s", "< 0.3 s", help_time < 0.3),
            Target(
                "draft --help heavy imports",
                ",".join(forbidden) or "none",
                "no openai/langchain/docx",
                not forbidden,
            ),
        ],
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.runs), args.json)


if __name__ == "__main__":
    main()
