"""What the offline drafter makes of every notes fixture: the truth figures, per fixture.

    python bench/fixture_report.py [--runs 3] [--outline ID] [--json | --markdown]

For each file in ``fixtures/notes/`` (the ``sample-*`` ones under the 2021 outline, the
others under recent-six or ``--outline``; a name with ``personal`` in personal voice, as the
truth properties test them) it reads the notes and drafts offline in this process, and counts:
opinions read; real problems; placeholders (aspect placeholders plus problems whose
example is 【待补：具体事例】); opinions cited by a problem, how many of them report a fact,
and how many of those have every fact in the problem's text; opinions left unused, each
with the drafter's reason; and the time to read and to draft (best of ``--runs``, warm).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from benchlib import ROOT, Report, emit, machine_line

NOTES = ROOT / "fixtures" / "notes"


@dataclass
class FixtureFigures:
    """The figures of one fixture's offline draft."""

    name: str
    opinions: int
    problems: int
    placeholders: int
    cited: int
    with_facts: int
    facts_reached: int
    unused: list[tuple[str, str]]
    read_ms: float
    draft_ms: float


def fixtures() -> list[Path]:
    """Every notes file of ``fixtures/notes`` (the folder holds notes only)."""
    return sorted(p for p in NOTES.iterdir() if p.is_file())


def measure(path: Path, runs: int, outline_id: str = "recent-six") -> FixtureFigures:
    """Read and draft one fixture ``runs`` times; the figures of the last draft."""
    from selfreview.drafting.base import DraftRequest
    from selfreview.drafting.offline import OfflineDrafter
    from selfreview.notes import read_notes
    from selfreview.outline import load_outline
    from selfreview.predicates import reported_facts
    from selfreview.schema import PLACEHOLDER_EXAMPLE, ProblemKind, Voice

    outline = load_outline("2021-five" if path.name.startswith("sample") else outline_id)
    voice = Voice.PERSONAL if "personal" in path.name else Voice.COLLECTIVE
    drafter = OfflineDrafter()
    read_best = draft_best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        opinions = read_notes(path).opinions
        read_best = min(read_best, time.perf_counter() - start)
        start = time.perf_counter()
        result = drafter.draft(DraftRequest(opinions=opinions, outline=outline, voice=voice))
        draft_best = min(draft_best, time.perf_counter() - start)
    by_id = {o.id: o for o in opinions}
    items = result.material.all_problems()
    real = [p for p in items if p.kind is ProblemKind.PROBLEM]
    gaps = [p for p in items if p.kind is ProblemKind.ASPECT_PLACEHOLDER]
    cited = list(dict.fromkeys(s for p in real for s in p.sources if s in by_id))
    with_facts = [o for o in cited if reported_facts(by_id[o].text)]
    return FixtureFigures(
        name=path.name,
        opinions=len(opinions),
        problems=len(real),
        placeholders=len(gaps) + sum(PLACEHOLDER_EXAMPLE in p.example for p in real),
        cited=len(cited),
        with_facts=len(with_facts),
        facts_reached=sum(o not in result.uncovered for o in with_facts),
        unused=[(u.id, u.reason) for u in result.unused],
        read_ms=1000 * read_best,
        draft_ms=1000 * draft_best,
    )


COLUMNS = [
    "fixture",
    "opinions",
    "problems",
    "placeholders",
    "cited",
    "facts reach text / cited with facts",
    "unused",
    "read ms",
    "draft ms",
]


def rows_of(figures: list[FixtureFigures]) -> list[list[object]]:
    """One table row per fixture."""
    return [
        [
            f.name,
            f.opinions,
            f.problems,
            f.placeholders,
            f.cited,
            f"{f.facts_reached}/{f.with_facts}",
            len(f.unused),
            f"{f.read_ms:.1f}",
            f"{f.draft_ms:.1f}",
        ]
        for f in figures
    ]


def run(runs: int = 3, outline_id: str = "recent-six") -> Report:
    """Measure every fixture."""
    from selfreview.drafting.offline import OfflineDrafter

    OfflineDrafter()  # the phrase bank; jieba loads with the first draft, before timing
    measure(fixtures()[0], 1)
    figures = [measure(path, runs, outline_id) for path in fixtures()]
    notes = [
        f"unused {f.name}: " + "; ".join(f"{oid} ({reason})" for oid, reason in f.unused)
        for f in figures
        if f.unused
    ]
    return Report(
        benchmark="fixture_report",
        title=f"Offline drafts of the notes fixtures, {outline_id} (warm process, best of {runs})",
        columns=COLUMNS,
        rows=rows_of(figures),
        notes=notes,
        data={"fixtures": [vars(f) for f in figures]},
    )


def markdown(report: Report) -> str:
    """The table and the unused opinions as Markdown (for README.md)."""
    lines = ["| " + " | ".join(report.columns) + " |", "|" + "---|" * len(report.columns)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in report.rows]
    return "\n".join([*lines, "", *(f"- {note}" for note in report.notes)])


def main() -> None:
    """Print the table (or JSON with ``--json``, Markdown with ``--markdown``)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--outline", default="recent-six", help="outline of the non-sample notes")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    report = run(args.runs, args.outline)
    if args.markdown:
        print(machine_line())
        print(markdown(report))
    else:
        emit(report, args.json)


if __name__ == "__main__":
    main()
