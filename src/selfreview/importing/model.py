"""What an import gives back: the material, plus everything that did not fit it.

``ImportResult`` is also the JSON that ``draft import`` prints (format
``selfreview.import/1``), so that nothing the parser could not place is lost.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from selfreview.render.layout import Signature
from selfreview.schema import Material, StrictModel

IMPORT_FORMAT: Literal["selfreview.import/1"] = "selfreview.import/1"


class Unplaced(StrictModel):
    """Text the parser could not put into a field of the material, kept as written."""

    text: str
    line: int = Field(ge=1)
    reason: str


class NumberingRun(StrictModel):
    """The ordinals of one numbered list as written (一是 二是 …, （一）（二）…, 一、二、…).

    The material itself is renumbered when rendered, so the numbers as written are kept
    here for the numbering check.
    """

    scope: str
    """Where the list stands, e.g. "部分标题", "查找的突出问题 （二）标准境界方面"."""
    style: Literal["part", "paren", "shi", "arabic"]
    numbers: list[int]
    lines: list[int]


class ImportResult(StrictModel):
    """A parsed material and the parser's account of what it did."""

    format: Literal["selfreview.import/1"] = IMPORT_FORMAT
    source: str
    encoding: str = ""
    material: Material
    unplaced: list[Unplaced] = Field(default_factory=list)
    """Text kept but not placed in the material (reported, never dropped)."""
    skipped: list[Unplaced] = Field(default_factory=list)
    """Layout debris left out of the material: page numbers such as "— 3 —"."""
    warnings: list[str] = Field(default_factory=list)
    """Notes on the structure, e.g. a part that was not found."""
    numbering: list[NumberingRun] = Field(default_factory=list)
    lines: dict[str, int] = Field(default_factory=dict)
    """Source line of each item (P1, C1, M1, …) and of each aspect ("A1", …)."""
    signature: Signature | None = None
    """The 落款 below the text (unit and date), when the document has one."""
