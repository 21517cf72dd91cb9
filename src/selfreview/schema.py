"""The data contract every stage shares: opinions in, a three-part material out.

Validators here hold only what must always be true (unique ids, references that resolve,
no empty headline). Genre rules a person may override (counts, lengths, placeholders)
belong to the checks, not to the schema. Every model forbids unknown fields so that a
typo in a hand-edited or model-written JSON file is an error, not silently lost data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

PLACEHOLDER_EXAMPLE = "【待补：具体事例】"
"""Written where a concrete example is missing; a person must fill it before finalizing."""

ASPECT_PLACEHOLDER_HEADLINE = "【待补：本方面问题】"
"""Headline of the one item an aspect with no opinion gets (see :class:`ProblemKind`)."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("不能为空")
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank)]
"""Text that must hold more than white space (headlines, titles, aspect names)."""


class OpinionKind(StrEnum):
    """Where an opinion came from; set by the section heading it stands under."""

    SOLICITED = "征求意见"
    TALK = "谈心谈话"
    SELF = "自查"
    LAST_YEAR = "上年度整改"
    OTHER = "其他"


class Voice(StrEnum):
    """Collective material (党组/班子, 有的同志…) or personal material (我…)."""

    COLLECTIVE = "collective"
    PERSONAL = "personal"


class StrictModel(BaseModel):
    """Base for every schema model: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid")


class Origin(StrictModel):
    """Where a piece of text stood in its input file (1-based line; paragraph for .docx)."""

    file: str
    line: int = Field(ge=1)
    end_line: int | None = Field(default=None, ge=1)


class Opinion(StrictModel):
    """One numbered opinion split from the raw notes."""

    id: str = Field(pattern=r"^O[1-9][0-9]*$")
    text: str = Field(min_length=1)
    kind: OpinionKind = OpinionKind.OTHER
    origin: Origin
    section: str = ""
    """The section heading the opinion stood under, as written (may be empty)."""


class ProblemKind(StrEnum):
    """A real problem, or the visible gap an aspect with no source opinion leaves.

    An aspect placeholder is not a problem: it cites nothing, claims nothing (headline
    :data:`ASPECT_PLACEHOLDER_HEADLINE`, empty body and example), and exists so that the gap
    shows in review and blocks the build until a person writes a problem or removes it.
    """

    PROBLEM = "problem"
    ASPECT_PLACEHOLDER = "aspect-placeholder"


class Problem(StrictModel):
    """One problem item: 一是<headline>。<body>。如，<example>。"""

    id: str = Field(pattern=r"^P[1-9][0-9]*$")
    kind: ProblemKind = ProblemKind.PROBLEM
    headline: NonBlank
    body: str = ""
    example: str = ""
    """The "如，…" text without the leading 如，; may be empty or a placeholder."""
    sources: list[str] = Field(default_factory=list)
    """Ids of the opinions this problem rests on."""


class AspectProblems(StrictModel):
    """The problems found under one aspect of the outline."""

    aspect: NonBlank
    """The aspect as printed, e.g. "理论学习方面"."""
    items: list[Problem] = Field(default_factory=list)


class Cause(StrictModel):
    """One cause in part two; ``explains`` names the problems it accounts for."""

    id: str = Field(pattern=r"^C[1-9][0-9]*$")
    headline: NonBlank
    body: str = ""
    explains: list[str] = Field(default_factory=list)


class Measure(StrictModel):
    """One rectification measure in part three; ``addresses`` names the problems it answers."""

    id: str = Field(pattern=r"^M[1-9][0-9]*$")
    headline: NonBlank
    body: str = ""
    addresses: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    """Ids of the opinions whose advice or proposals (要…/建议…) this measure takes up."""
    leader: str = ""
    """责任领导 for the rectification ledger, when the notes or the reviewer name one."""
    deadline: str = ""
    """完成时限 for the rectification ledger (e.g. "2025年6月底前", "长期坚持")."""


class PartHeadings(StrictModel):
    """The three part headings, as printed after 一、二、三、 (they come from the outline)."""

    problems: str = "查找的突出问题"
    causes: str = "产生问题的原因分析"
    measures: str = "努力方向和整改措施"


class ExtraPart(StrictModel):
    """A part outside the three, e.g. 上年度整改落实情况, kept as plain paragraphs."""

    heading: str
    paragraphs: list[str] = Field(default_factory=list)
    position: Literal["before", "after"] = "before"
    sources: list[str] = Field(default_factory=list)
    """Ids of the opinions the paragraphs were written from."""


class Material(StrictModel):
    """A complete 对照检查材料 in the three-part format."""

    title: NonBlank
    preamble: str = ""
    voice: Voice = Voice.COLLECTIVE
    headings: PartHeadings = Field(default_factory=PartHeadings)
    problems_intro: str = ""
    problems: list[AspectProblems] = Field(default_factory=list)
    causes_intro: str = ""
    causes: list[Cause] = Field(default_factory=list)
    measures_intro: str = ""
    measures: list[Measure] = Field(default_factory=list)
    extra_parts: list[ExtraPart] = Field(default_factory=list)
    closing: str | None = None

    @model_validator(mode="after")
    def _ids_unique_and_references_resolve(self) -> Material:
        ids = [p.id for p in self.all_problems()]
        ids += [c.id for c in self.causes] + [m.id for m in self.measures]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"编号重复：{'、'.join(duplicates)}")
        problem_ids = {p.id for p in self.all_problems()}
        followups: list[Cause | Measure] = [*self.causes, *self.measures]
        for item in followups:
            unknown = unknown_problems(item, problem_ids)
            if unknown:
                raise ValueError(unknown)
        return self

    def all_problems(self) -> list[Problem]:
        """Every problem item across all aspects, in document order."""
        return [item for group in self.problems for item in group.items]

    def cited_opinions(self) -> set[str]:
        """Ids of every opinion some problem or extra part cites."""
        cited = {source for item in self.all_problems() for source in item.sources}
        cited |= {source for measure in self.measures for source in measure.sources}
        return cited | {source for part in self.extra_parts for source in part.sources}


def unknown_problems(item: Cause | Measure, problem_ids: set[str]) -> str:
    """What is wrong with the problems a cause explains or a measure addresses when some
    are not in ``problem_ids`` (one line naming them), or "" when all resolve."""
    field = "explains" if isinstance(item, Cause) else "addresses"
    refs: list[str] = getattr(item, field)
    unknown = [ref for ref in refs if ref not in problem_ids]
    if not unknown:
        return ""
    return f"{item.id}.{field} 引用了不存在的问题：{'、'.join(unknown)}"
