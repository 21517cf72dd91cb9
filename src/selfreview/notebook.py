"""How the API's objects show in a notebook: Markdown tables and rendered materials.

Jupyter (and VS Code, and nbconvert) call ``_repr_markdown_`` on the value of a cell; the
classes here hold one result each (a review table, a material, check findings, the
outline list) and give that method, plus a plain ``__str__`` for a terminal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from selfreview.record import STATUS_NAMES
from selfreview.units import (
    KIND_NAMES,
    UnitKind,
    aspect_of,
    links_of,
    unit_ids,
    unit_kind,
    unit_text,
)

if TYPE_CHECKING:
    from selfreview.checks import CheckTarget, Finding
    from selfreview.draftfile import DraftFile
    from selfreview.importing import ImportResult
    from selfreview.outline import Outline
    from selfreview.schema import Material

CELL_LIMIT = 40
"""Characters of a headline shown in a table cell before it is cut with …."""

REVIEW_COLUMNS = ("id", "方面", "状态", "标题句", "依据")


def cell(text: str, limit: int = CELL_LIMIT) -> str:
    """Text fit for one Markdown table cell: one line, ``|`` escaped, cut at ``limit``."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("\\", "\\\\").replace("|", "\\|")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown pipe table (cells are escaped with :func:`cell` by the caller)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def review_rows(draft: DraftFile) -> list[tuple[str, str, str, str, str]]:
    """One row per unit, in document order: id, 方面, 状态, 标题句, 依据 (plain text)."""
    material = draft.material
    if material is None:
        return []
    rows = []
    for uid in unit_ids(material):
        kind = unit_kind(uid)
        unit = draft.review[uid]
        status = STATUS_NAMES[unit.status] + ("（需再看）" if unit.flag else "")
        where = aspect_of(material, uid) if kind is UnitKind.PROBLEM else KIND_NAMES[kind]
        if kind in (UnitKind.PROBLEM, UnitKind.CAUSE, UnitKind.MEASURE):
            headline = unit.current.fields["headline"]
            basis = "、".join(links_of(material, uid))
        else:
            headline = unit_text(material, uid)
            basis = ""
        rows.append((uid, where, status, headline, basis))
    return rows


def review_markdown(draft: DraftFile, name: str) -> str:
    """The review table with a one-line header: counts of units per status."""
    rows = review_rows(draft)
    if not rows:
        return f"**{cell(name, 80)}**：起草未完成，没有可审阅的内容。"
    counts: dict[str, int] = {}
    for uid in (r[0] for r in rows):
        label = STATUS_NAMES[draft.review[uid].status]
        counts[label] = counts.get(label, 0) + 1
    summary = "，".join(f"{label} {n}" for label, n in counts.items())
    header = f"**{cell(name, 80)}**：共 {len(rows)} 项（{summary}）"
    body = table(REVIEW_COLUMNS, [tuple(cell(c) for c in row) for row in rows])
    return f"{header}\n\n{body}\n"


@dataclass(repr=False)
class MaterialView:
    """A material shown as the document reads (rendered Markdown)."""

    material: Material
    note: str = ""
    """A line shown above the material (e.g. what was left out)."""

    @property
    def markdown(self) -> str:
        """The material as Markdown (the same text ``build(….md)`` writes)."""
        from selfreview.render.markdown import render_markdown

        return render_markdown(self.material)

    def _repr_markdown_(self) -> str:
        return (f"*{self.note}*\n\n" if self.note else "") + self.markdown

    def __str__(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return f"<MaterialView {self.material.title}>"


@dataclass(repr=False)
class Imported:
    """An existing material read into the schema by :func:`selfreview.import_material`."""

    result: ImportResult

    @property
    def material(self) -> Material:
        """The imported material."""
        return self.result.material

    def _repr_markdown_(self) -> str:
        text = MaterialView(self.material).markdown
        unplaced = self.result.unplaced
        if unplaced:
            rows = [(str(u.line or ""), cell(u.text, 60), cell(u.reason, 30)) for u in unplaced]
            text += "\n**未能归入结构的文字**\n\n" + table(("行", "文字", "原因"), rows) + "\n"
        return text

    def __str__(self) -> str:
        return MaterialView(self.material).markdown

    def __repr__(self) -> str:
        return f"<Imported {self.result.source}：{self.material.title}>"


@dataclass(repr=False)
class CheckReport:
    """The findings of a check, iterable; shown as a table of rule, severity, place, message."""

    target: CheckTarget
    findings: list[Finding] = field(default_factory=list)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def has_errors(self) -> bool:
        """True when any finding is an error (``draft check`` would exit 1)."""
        from selfreview.checks import has_errors

        return has_errors(self.findings)

    def rules(self) -> list[str]:
        """The ids of the rules that found something, each once, in order."""
        return list(dict.fromkeys(f.rule for f in self.findings))

    def _repr_markdown_(self) -> str:
        from selfreview.checks.report import summary

        header = f"**检查 {cell(self.target.source, 80)}**：{summary(self.findings)}"
        if not self.findings:
            return header + "\n"
        rows = [
            (
                f.severity.label,
                cell(f.rule),
                cell(f.location.describe(), 60),
                cell(f.message, 80),
            )
            for f in self.findings
        ]
        return f"{header}\n\n{table(('级别', '规则', '位置', '说明'), rows)}\n"

    def __str__(self) -> str:
        from selfreview.checks.report import text_report

        return text_report(self.target, self.findings)

    def __repr__(self) -> str:
        from selfreview.checks.report import summary

        return f"<CheckReport {self.target.source}：{summary(self.findings)}>"


class OutlineList(list["Outline"]):
    """The built-in outlines; shown as a table of id, name and aspects."""

    def _repr_markdown_(self) -> str:
        rows = [
            (cell(o.id), cell(o.name, 60), cell("、".join(a.name for a in o.aspects), 80))
            for o in self
        ]
        return table(("id", "名称", "方面"), rows) + "\n"

    def __str__(self) -> str:
        return "\n".join(f"{o.id}\t{o.name}" for o in self)

    def __repr__(self) -> str:
        return f"<OutlineList {'、'.join(o.id for o in self)}>"
