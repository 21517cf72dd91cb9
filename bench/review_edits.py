"""Review edits on the offline draft of 500 opinions: what one edit costs.

    python bench/review_edits.py [--opinions 500] [--edits 200] [--json]
    BENCH_ROOT=/path/to/other/checkout python bench/review_edits.py   # before/after

The draft is made once with ``draft NOTES --provider offline --no-review`` (generated
notes, see notes_gen.py). Then, in this process, a :class:`ReviewSession` makes ``--edits``
actions round-robin over the problems, causes and measures: an edit of a body, a move to
the front, a relink. "in memory" is a session without a file (the edit alone: validating
and recording it); "saved" is a session on the draft file, which after every action
takes the file's lock, checks (by its digest) whether someone else saved meanwhile, and
writes it atomically. Median milliseconds per action. A last row repeats the in-memory
actions on the same draft with its problems repeated to ``--large`` of them: how the cost
of one edit grows with the size of the material.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchlib import Report, Target, emit, run_cli
from notes_gen import make_notes

TARGET_MS = 5.0
"""An in-memory edit of one unit of a 500-opinion draft: well under a keystroke's delay."""


def draft_of(count: int, folder: Path) -> Path:
    """The draft file of ``count`` generated opinions, drafted offline."""
    notes = folder / f"notes-{count}.txt"
    notes.write_text(make_notes(count), encoding="utf-8")
    run_cli([str(notes), "--provider", "offline", "--org", "某市政府党组", "--no-review"])
    return folder / f"notes-{count}.draft.json"


def actions(session: object, edits: int) -> list[Callable[[], None]]:
    """``edits`` review actions spread over the draft's items (same list before and after)."""
    from selfreview.review.session import ReviewSession

    assert isinstance(session, ReviewSession)
    material = session.material
    problems = [p.id for p in material.all_problems()]
    followups = [item.id for item in [*material.causes, *material.measures]]
    steps: list[Callable[[], None]] = []
    for n in range(edits):
        pid = problems[n % len(problems)]
        kind = n % 4
        if kind in (0, 1):
            target = pid if kind == 0 else followups[n % len(followups)]
            body = f"第{n}次修改后的正文。"
            steps.append(lambda t=target, b=body: session.edit(t, {"body": b}))
        elif kind == 2:
            steps.append(lambda t=pid: session.move(t, position=1))
        else:
            target = followups[n % len(followups)]
            steps.append(lambda t=target, p=pid: session.set_links(t, [p]))
    return steps


def enlarged(draft: Any, problems: int) -> Any:
    """``draft`` with its problems repeated (renumbered) to ``problems`` of them."""
    from selfreview.draftfile import drafted_review
    from selfreview.schema import Material

    material = draft.material
    own = material.all_problems()
    groups = [list(group.items) for group in material.problems]
    for n in range(len(own), problems):
        copy = own[n % len(own)].model_copy(update={"id": f"P{n + 1}"})
        groups[n % len(groups)].append(copy)
    bigger = material.model_copy(
        update={
            "problems": [
                group.model_copy(update={"items": items})
                for group, items in zip(material.problems, groups, strict=True)
            ]
        }
    )
    bigger = Material.model_validate(bigger.model_dump())
    review = drafted_review(bigger, draft.created, "bench")
    return draft.model_copy(update={"material": bigger, "review": review})


def time_actions(path: Path | None, draft: Any, edits: int) -> list[float]:
    """Seconds of each action of a session on ``draft`` (saved to ``path`` if given)."""
    from selfreview.review.session import ReviewSession

    session = ReviewSession(draft, path, by="bench")
    times = []
    for step in actions(session, edits):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def run(count: int = 500, edits: int = 200, large: int = 2000) -> Report:
    """Time ``edits`` review actions on the offline draft of ``count`` opinions."""
    from selfreview.draftfile import load_draft
    from selfreview.units import unit_ids

    with tempfile.TemporaryDirectory() as tmp:
        source = draft_of(count, Path(tmp))
        draft = load_draft(source)
        assert draft.material is not None
        units = len(unit_ids(draft.material))
        size = source.stat().st_size
        memory = time_actions(None, draft, edits)
        copy = Path(tmp) / "saved.draft.json"
        copy.write_bytes(source.read_bytes())
        saved = time_actions(copy, load_draft(copy), edits)
        big = time_actions(None, enlarged(draft, large), edits)
    rows = []
    for name, times in (
        ("in memory", memory),
        ("saved to the file", saved),
        (f"in memory, {large:,} problems", big),
    ):
        ms = [t * 1000 for t in times]
        rows.append([name, statistics.median(ms), max(ms), sum(times)])
    in_memory = statistics.median(memory) * 1000
    return Report(
        benchmark="review_edits",
        title=(
            f"9. Review actions on the offline draft of {count} opinions "
            f"({units} units, draft file {size / 1024:.0f} KiB), {edits} actions"
        ),
        columns=["session", "median ms", "max ms", "total s"],
        rows=rows,
        notes=[
            "actions: edit a problem's body, edit a cause's or measure's body, move a problem "
            "to the front of its aspect, relink a cause or measure (round robin)",
            "saved: every action also locks, checks the file's digest (re-reading and merging "
            "only when another window saved since) and atomically writes the draft file",
        ],
        targets=[
            Target(
                "in-memory edit, median",
                f"{in_memory:.2f} ms",
                f"< {TARGET_MS:g} ms",
                in_memory < TARGET_MS,
            )
        ],
        data={
            "units": units,
            "draft_bytes": size,
            "memory_s": memory,
            "saved_s": saved,
            "large_s": big,
        },
    )


def main() -> None:
    """Parse the arguments and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--opinions", type=int, default=500)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    emit(run(args.opinions, args.edits, args.large), args.json)


if __name__ == "__main__":
    main()
