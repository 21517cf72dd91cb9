"""Walk a material's text in document order, each piece with its location."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from selfreview.checks.model import CheckTarget, Location
from selfreview.render.compose import (
    chinese_number,
    item_segments,
    measure_lead,
    ordinal,
    problem_segments,
)
from selfreview.schema import ASPECT_PLACEHOLDER_HEADLINE, Cause, Measure, Problem, ProblemKind
from selfreview.textrules import clean

Section = Literal[
    "title", "preamble", "heading", "intro", "problem", "cause", "measure", "extra", "closing",
    "unplaced",
]  # fmt: skip


@dataclass(frozen=True)
class Piece:
    """One text to check: where it is, what it is, the item it belongs to (if any)."""

    location: Location
    section: Section
    text: str
    item: Problem | Cause | Measure | None = None


def is_gap(item: Problem | Cause | Measure) -> bool:
    """Whether ``item`` is an aspect placeholder (a visible gap, not a problem): by its kind in
    a draft, by its headline 【待补：本方面问题】 in an imported material."""
    if not isinstance(item, Problem):
        return False
    return (
        item.kind is ProblemKind.ASPECT_PLACEHOLDER
        or item.headline.strip().rstrip("。") == ASPECT_PLACEHOLDER_HEADLINE
    )


def problem_pieces(target: CheckTarget) -> Iterator[Piece]:
    """Every problem item as printed ("一是…。…。如，…。"), with its location."""
    material = target.material
    for number, group in enumerate(material.problems, start=1):
        aspect = f"（{chinese_number(number)}）{clean(group.aspect).rstrip('。')}"
        for index, problem in enumerate(group.items, start=1):
            text = "".join(s.text for s in problem_segments(index, problem))
            location = Location(
                part=material.headings.problems,
                aspect=aspect,
                item=ordinal(index),
                id=problem.id,
                line=target.lines.get(problem.id),
            )
            yield Piece(location, "problem", text, problem)


def numbered_pieces(target: CheckTarget, section: Literal["cause", "measure"]) -> Iterator[Piece]:
    """Every cause (or measure) as printed, with its location."""
    material = target.material
    part = material.headings.causes if section == "cause" else material.headings.measures
    items: Sequence[Cause | Measure] = material.causes if section == "cause" else material.measures
    for index, item in enumerate(items, start=1):
        lead = measure_lead(material, item) if isinstance(item, Measure) else ""
        text = "".join(s.text for s in item_segments(index, item, lead))
        location = Location(
            part=part, item=ordinal(index), id=item.id, line=target.lines.get(item.id)
        )
        yield Piece(location, section, text, item)


def pieces(target: CheckTarget) -> Iterator[Piece]:
    """All text of the target in document order (extra parts last), unplaced text included."""
    material = target.material
    headings = material.headings
    yield Piece(Location(part="标题"), "title", material.title)
    if material.preamble:
        yield Piece(Location(part="开头"), "preamble", material.preamble)
    for heading in (headings.problems, headings.causes, headings.measures):
        yield Piece(Location(part=heading), "heading", heading)
    if material.problems_intro:
        yield Piece(Location(part=headings.problems), "intro", material.problems_intro)
    for number, group in enumerate(material.problems, start=1):
        aspect = f"（{chinese_number(number)}）{group.aspect}"
        yield Piece(
            Location(part=headings.problems, aspect=aspect, line=target.lines.get(f"A{number}")),
            "heading",
            group.aspect,
        )
    yield from problem_pieces(target)
    if material.causes_intro:
        yield Piece(Location(part=headings.causes), "intro", material.causes_intro)
    yield from numbered_pieces(target, "cause")
    if material.measures_intro:
        yield Piece(Location(part=headings.measures), "intro", material.measures_intro)
    yield from numbered_pieces(target, "measure")
    for extra in material.extra_parts:
        yield Piece(Location(part=extra.heading), "heading", extra.heading)
        for paragraph in extra.paragraphs:
            yield Piece(Location(part=extra.heading), "extra", paragraph)
    if material.closing:
        yield Piece(Location(part="结尾"), "closing", material.closing)
    for unplaced in target.unplaced:
        yield Piece(Location(part="未归类文字", line=unplaced.line), "unplaced", unplaced.text)


def body_length(target: CheckTarget) -> tuple[int, int]:
    """(characters of problems and causes, characters of all text except title and headings)."""
    core = total = 0
    for piece in pieces(target):
        if piece.section in ("title", "heading"):
            continue
        size = len("".join(piece.text.split()))
        total += size
        if piece.section in ("problem", "cause") or (
            piece.section == "intro" and piece.location.part == target.material.headings.causes
        ):
            core += size
    return core, total
