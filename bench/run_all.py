"""Every benchmark, one after the other, with the machine and a summary of the targets.

    python bench/run_all.py                 # all nine tables and the targets
    python bench/run_all.py --quick         # smaller runs (a faster simulated model)
    python bench/run_all.py --json out.json # also write every result as JSON
    python bench/run_all.py --markdown      # also print the summary as a Markdown table

One command per benchmark, if only one is wanted:

    python bench/startup.py          1. start-up
    python bench/offline_scaling.py  2. offline drafter, 50 / 500 / 5,000 opinions
    python bench/llm_speed.py        3. LLM path vs one call, simulated model
    python bench/token_budget.py     4. tokens sent per draft
    python bench/rerun.py            5. re-run with unchanged notes
    python bench/render_speed.py     6. rendering 30 problems
    python bench/offline_startup.py  7. offline draft of 500 opinions, whole process
    python bench/reading_speed.py    8. reading a .docx of 10,000 paragraphs and 19 MB of text
    python bench/review_edits.py     9. review actions on the draft of 500 opinions

The benchmarks are not tests (pytest collects only tests/); they time this checkout's
``src`` (``BENCH_ROOT=…`` times another checkout).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import llm_speed
import offline_scaling
import offline_startup
import reading_speed
import render_speed
import rerun
import review_edits
import startup
import token_budget
from benchlib import Report, machine, machine_line, render_report, table


def run(quick: bool) -> list[Report]:
    """Run every benchmark; print each table as it is done."""
    steps: list[Callable[[], Report]] = [
        lambda: startup.run(5 if quick else 10),
        lambda: offline_scaling.run([50, 500, 5000], 1 if quick else 3),
        lambda: llm_speed.run(0.2, 400.0, [4, 8]) if quick else llm_speed.run(1.0, 40.0, [4, 8]),
        lambda: token_budget.run([50, 500, 5000]),
        lambda: rerun.run(),
        lambda: render_speed.run(30, 5),
        lambda: offline_startup.run(500, 5),
        lambda: reading_speed.run(2_000, 4.0) if quick else reading_speed.run(10_000, 19.0),
        lambda: review_edits.run(500, 50 if quick else 200, 500 if quick else 2000),
    ]
    reports = []
    for step in steps:
        start = time.perf_counter()
        report = step()
        print(render_report(report))
        print(f"  ({time.perf_counter() - start:.0f} s)\n", flush=True)
        reports.append(report)
    return reports


def main() -> None:
    """Run everything; print the targets at the end."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller, faster runs")
    parser.add_argument("--json", type=Path, help="write all results to this JSON file")
    parser.add_argument("--markdown", action="store_true", help="print the summary as Markdown")
    args = parser.parse_args()
    print(machine_line(), "\n", flush=True)
    reports = run(args.quick)
    targets = [(r.benchmark, t) for r in reports for t in r.targets]
    print("== Targets")
    print(
        table(
            ["benchmark", "target", "measured", "wanted", "met"],
            [[b, t.name, t.value, t.target, "yes" if t.ok else "NO"] for b, t in targets],
        )
    )
    if args.markdown:
        print("\n| 基准 | 项目 | 实测 | 目标 | 达标 |\n|---|---|---:|---|---|")
        for bench, t in targets:
            print(f"| {bench} | {t.name} | {t.value} | {t.target} | {'是' if t.ok else '否'} |")
    if args.json:
        data = {"machine": machine(), "reports": [r.to_json() for r in reports]}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
