"""Layout settings for the rendered document (GB/T 9704-2012 defaults, all configurable)."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

PT_PER_MM = 72 / 25.4


class LayoutSettings(BaseModel):
    """Fonts, sizes, spacing and page geometry of the Word output.

    Defaults follow GB/T 9704-2012 and common practice. The _GB2312 font names are what
    government machines usually have; where they are missing Word/WPS/LibreOffice substitute,
    so a user without them may set e.g. ``body_font="仿宋"``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title_font: str = Field(default="方正小标宋简体", min_length=1)
    heading1_font: str = Field(default="黑体", min_length=1)
    heading2_font: str = Field(default="楷体_GB2312", min_length=1)
    body_font: str = Field(default="仿宋_GB2312", min_length=1)
    page_number_font: str = Field(default="宋体", min_length=1)

    title_size_pt: float = Field(default=22.0, gt=0, le=72)
    """二号."""
    body_size_pt: float = Field(default=16.0, gt=0, le=72)
    """三号; headings use the same size."""
    page_number_size_pt: float = Field(default=14.0, gt=0, le=72)
    """四号."""
    table_size_pt: float = Field(default=12.0, gt=0, le=72)
    """小四: the 整改清单 table (headers in the level-1 heading font, cells in the body font)."""
    table_line_spacing_pt: float = Field(default=20.0, gt=0, le=200)
    """Exact line spacing inside the 整改清单 table (固定值 20 磅 is common for 小四)."""

    line_spacing_pt: float = Field(default=28.95, gt=0, le=200)
    """Exact line spacing; 28.95 pt fits 22 lines into the 225 mm type area (28 is common)."""

    bold_headline: bool = True
    """Bold the "一是<headline>。" sentence (house style, not part of the standard)."""
    shade_placeholders: bool = True
    """Highlight 【待补…】, xx, x成, D史 and the like so nobody overlooks them."""
    blank_line_after_title: bool = True
    """GB/T 9704 puts the text one empty line below the title."""
    widow_control: bool = False
    """Off by default so that every full page has exactly 22 lines (the GB/T 9704 grid);
    Word and LibreOffice otherwise leave a line empty to avoid a single-line widow/orphan."""

    chars_per_line: int | None = Field(default=28, ge=10, le=60)
    """Characters per body line (GB/T 9704: 28). 16 pt characters in the 156 mm type
    area give only 27, so body runs are narrowed just enough to fit 28; ``None`` leaves
    the natural width. Done with the runs' horizontal scale (w:w), not with character
    spacing (w:spacing): LibreOffice drops a line-end punctuation mark that hangs past
    the margin of a justified paragraph whose runs carry character spacing (the comma
    of "…把工作摆进去，" vanished from the page), and not with Word's document grid
    (w:docGrid linesAndChars), which LibreOffice lays out character by character."""
    indent_chars: int = Field(default=2, ge=0, le=8)
    """First-line indent, in characters, of body paragraphs and of the 一、 and （一）
    headings (offices indent every paragraph two characters); the title, 附件, the 讨论稿
    mark and the 落款 are never indented."""

    page_width_mm: float = Field(default=210.0, gt=0)
    page_height_mm: float = Field(default=297.0, gt=0)
    margin_top_mm: float = Field(default=37.0, ge=0)
    margin_bottom_mm: float = Field(default=35.0, ge=0)
    margin_left_mm: float = Field(default=28.0, ge=0)
    margin_right_mm: float = Field(default=26.0, ge=0)
    page_number_gap_mm: float = Field(default=7.0, ge=0)
    """Distance from the lower edge of the type area down to the page-number line."""

    @property
    def char_scale_percent(self) -> int:
        """Horizontal scale of body-size runs, in percent (100: natural width).

        Rounded down so that ``chars_per_line`` characters always fit the type area.
        """
        if self.chars_per_line is None:
            return 100
        width_pt = (self.page_width_mm - self.margin_left_mm - self.margin_right_mm) * PT_PER_MM
        pitch_pt = width_pt / self.chars_per_line
        return max(1, min(600, math.floor(pitch_pt / self.body_size_pt * 100)))

    @property
    def footer_distance_mm(self) -> float:
        """Distance from the paper's lower edge to the bottom of the page-number line.

        The page-number paragraph has an exact line height equal to its font size, so its
        top sits ``page_number_gap_mm`` below the type area when the footer distance is
        bottom margin − gap − line height (35 − 7 − 4.94 ≈ 23.1 mm by default).
        """
        line_mm = self.page_number_size_pt / PT_PER_MM
        return max(self.margin_bottom_mm - self.page_number_gap_mm - line_mm, 0.0)


class Signature(BaseModel):
    """The 落款: the unit's name and the date, below the text (GB/T 9704-2012 §7.3.5.2).

    The date ("2026年1月6日", Arabic digits, no zero padding) sits right-aligned four
    characters in from the right margin; the unit is centred over the date.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: str = Field(min_length=1)
    date: str = Field(min_length=1)
