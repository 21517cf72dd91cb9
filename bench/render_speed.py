"""Rendering a material of 30 problems to DOCX (and to Markdown, for comparison).

    python bench/render_speed.py [--problems 30] [--runs 5] [--json]

The material: 5 aspects of 6 problems each, with causes and measures, its text taken
from the sample's recorded answers (fixtures/answers/sample-notes.json) so paragraph
lengths are realistic. Rendered in process with :func:`selfreview.render.render` and the
default GB/T 9704 layout: "cold" is the first render (it imports python-docx and loads
the template), "warm" the median of the following runs. "fresh process" renders once in
a new interpreter (start-up and imports included), as `draft --approve-all` does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Report, child_env, emit
from selfreview.schema import AspectProblems, Cause, Material, Measure, Problem

ANSWERS = ROOT / "fixtures" / "answers" / "sample-notes.json"
FRESH = (
    "import sys, time\n"
    "start = time.perf_counter()\n"
    "from pathlib import Path\n"
    "from selfreview.render import render\n"
    "from selfreview.schema import Material\n"
    "material = Material.model_validate_json(Path(sys.argv[1]).read_text(encoding='utf-8'))\n"
    "render(material, Path(sys.argv[2]))\n"
    "print(time.perf_counter() - start)\n"
)


def material_of(count: int) -> Material:
    """A material with ``count`` problems over five aspects, and 5 causes and 6 measures."""
    answers = json.loads(ANSWERS.read_text(encoding="utf-8"))
    names = {
        "theory": "理论学习方面",
        "standard": "标准境界方面",
        "style": "工作作风方面",
        "masses": "宗旨意识方面",
        "discipline": "纪律规矩方面",
    }
    pool = [item for items in answers["problems"].values() for item in items]
    per_aspect: dict[str, list[Problem]] = {aspect: [] for aspect in names}
    for n in range(count):
        item = pool[n % len(pool)]
        target = list(names)[n % len(names)]
        per_aspect[target].append(
            Problem(
                id=f"P{n + 1}",
                headline=item["headline"],
                body=item["body"],
                example=item["example"],
                sources=[],
            )
        )
    ids = [f"P{n + 1}" for n in range(count)]
    causes = [
        Cause(id=f"C{n + 1}", headline=c["headline"], body=c["body"], explains=ids[n::5])
        for n, c in enumerate((answers["causes"] * 2)[:5])
    ]
    measures = [
        Measure(id=f"M{n + 1}", headline=m["headline"], body=m["body"], addresses=ids[n::6])
        for n, m in enumerate((answers["measures"] * 2)[:6])
    ]
    return Material(
        title="某市政府党组2021年度专题民主生活会对照检查材料",
        preamble="按照市委统一部署，市政府党组紧扣会议主题，认真开展会前学习研讨、"
        "广泛征求意见、深入谈心谈话，对照检查查摆问题，现将有关情况报告如下。",
        problems=[AspectProblems(aspect=names[a], items=items) for a, items in per_aspect.items()],
        causes=causes,
        measures=measures,
    )


def time_render(material: Material, path: Path, runs: int) -> tuple[float, float, int]:
    """Cold seconds, warm median seconds and file size of rendering to ``path``."""
    from selfreview.render import render

    start = time.perf_counter()
    render(material, path)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(runs):
        start = time.perf_counter()
        render(material, path)
        warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm), path.stat().st_size


def fresh_render(material: Material, path: Path) -> tuple[float, float]:
    """Wall seconds of a fresh interpreter rendering once, and the time inside it."""
    source = path.with_suffix(".json")
    source.write_text(material.model_dump_json(), encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", FRESH, str(source), str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    return time.perf_counter() - start, float(done.stdout.strip().splitlines()[-1])


def run(count: int = 30, runs: int = 5) -> Report:
    """Time DOCX and Markdown rendering of a ``count``-problem material."""
    material = material_of(count)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".docx", ".md"):
            path = Path(tmp) / f"material{suffix}"
            fresh_wall, _ = fresh_render(material, Path(tmp) / f"fresh{suffix}")
            cold, warm, size = time_render(material, path, runs)
            rows.append(
                [
                    suffix.lstrip(".").upper(),
                    f"{cold:.3f}",
                    f"{warm:.3f}",
                    f"{fresh_wall:.2f}",
                    f"{size / 1024:.0f}",
                ]
            )
    return Report(
        benchmark="render_speed",
        title=(
            f"6. Rendering {len(material.all_problems())} problems, {len(material.causes)} "
            f"causes, {len(material.measures)} measures"
        ),
        columns=["format", "cold s", f"warm s (median of {runs})", "fresh process s", "KiB"],
        rows=rows,
        notes=[
            "cold: first render in the process (imports python-docx, loads the template); "
            "warm: later renders; fresh process: a new interpreter reading the material "
            "JSON and rendering once"
        ],
    )


def main() -> None:
    """Print the table (or JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--problems", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    emit(run(args.problems, args.runs), args.json)


if __name__ == "__main__":
    main()
