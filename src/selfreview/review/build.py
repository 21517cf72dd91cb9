"""Assemble the approved material into a document: the last step, behind the gate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selfreview.draftfile import DraftFile
from selfreview.errors import OutputError, ReviewPendingError
from selfreview.placeholders import find_placeholders
from selfreview.render import SUFFIXES
from selfreview.render.layout import Signature
from selfreview.review.gate import (
    LIST_LIMIT,
    approved_material,
    missing_aspects,
    missing_aspects_phrase,
    placeholders_left,
    unanswered_problems,
)

SIGNATURE_ID = "落款"
"""How a placeholder in the 落款 is named in a refusal (it is no unit of the draft)."""


@dataclass
class BuildOptions:
    """How to build: where, whether to overwrite, placeholders, ledger, layout."""

    output: Path
    force: bool = False
    allow_placeholders: bool = False
    """Build although 【待补…】/xx remain: the document is marked 讨论稿, placeholders shaded."""
    ledger: bool = False
    """Add the 整改清单 table after the material."""
    allow_missing_aspects: bool = False
    """Build although a required aspect of the outline has no problem left."""
    layout: dict[str, Any] = field(default_factory=dict)
    """LayoutSettings fields to override."""
    draft_path: Path | None = None
    """The draft file, named in a refusal."""
    signature: Signature | None = None
    """The 落款 below the text (see :mod:`selfreview.workflow.signing`)."""
    signature_note: str = ""
    """What the report says about the 落款 (added as …, or how to add it)."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote and what the person should know about it."""

    output: Path
    placeholders: list[tuple[str, str]]
    unanswered: list[str]
    discussion_draft: bool
    missing_aspects: list[str] = field(default_factory=list)
    """Required aspects without a problem, built anyway (--allow-missing-aspects)."""
    signature_note: str = ""
    """The 落款 the document carries, or how to add one."""


def build_document(draft: DraftFile, options: BuildOptions) -> BuildReport:
    """Render the approved units of ``draft`` to ``options.output`` (.docx or .md).

    Refuses (:class:`ReviewPendingError`) while any unit is undecided, or while placeholders
    remain without ``allow_placeholders``; never overwrites an existing file without
    ``force``.
    """
    from selfreview.render import LayoutSettings, render

    output = options.output
    if output.suffix.lower() not in SUFFIXES:
        raise OutputError("输出文件须以 .docx 或 .md 结尾", path=output)
    material = approved_material(draft, options.draft_path)
    placeholders = placeholders_left(draft)
    signature = options.signature
    if signature is not None:  # named first: a refusal lists only the first few
        signed = f"{signature.unit}\n{signature.date}"
        placeholders = [(SIGNATURE_ID, hit) for hit in find_placeholders(signed)] + placeholders
    if placeholders and not options.allow_placeholders:
        shown = "、".join(f"{uid} {text}" for uid, text in placeholders[:LIST_LIMIT])
        more = f" 等 {len(placeholders)} 处" if len(placeholders) > LIST_LIMIT else ""
        raise ReviewPendingError(
            f"材料中还有待补内容：{shown}{more}；请在审阅中补全"
            + (
                "（落款请用 --sign-unit、--sign-date 给出，或加 --no-signature 不加落款）"
                if any(uid == SIGNATURE_ID for uid, _ in placeholders)
                else ""
            )
            + "，或加 --allow-placeholders 生成标注“讨论稿”的文档",
            sorted({uid for uid, _ in placeholders if uid != SIGNATURE_ID}),
            path=options.draft_path,
        )
    missing = missing_aspects(draft)
    if missing and not options.allow_missing_aspects:
        raise ReviewPendingError(
            f"{missing_aspects_phrase(missing)}；请在审阅中恢复"
            "或添加（按 n）该方面的问题，或加 --allow-missing-aspects 生成",
            [],
            path=options.draft_path,
        )
    if output.is_dir():
        raise OutputError("输出路径是一个文件夹，请给出文件名（如 对照检查材料.docx）", path=output)
    if output.exists() and not options.force:
        raise OutputError(
            "输出文件已存在；如要覆盖请加 --force（只重新生成文档，草稿和审阅决定不变）",
            path=output,
        )
    mark = bool(placeholders)
    render(
        material,
        output,
        LayoutSettings(**options.layout),
        ledger=options.ledger,
        draft_mark=mark,
        signature=signature,
    )
    return BuildReport(
        output=output,
        placeholders=placeholders,
        unanswered=unanswered_problems(draft),
        discussion_draft=mark,
        missing_aspects=missing,
        signature_note=options.signature_note,
    )
