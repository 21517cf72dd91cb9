"""Outlines: the aspect list of one year's notice, kept as data (YAML), never as code.

Built-in outlines live in ``prompts/outlines/*.yaml``; a user passes their own file with
``--outline FILE``. Errors name the file and the field that is wrong.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, StringConstraints, ValidationError, field_validator, model_validator

from selfreview.errors import OutlineError
from selfreview.resources import prompts_dir
from selfreview.schema import PartHeadings, StrictModel
from selfreview.validation import describe_validation_error

DEFAULT_OUTLINE = "2021-five"
MAX_OUTLINE_BYTES = 1024 * 1024
"""An outline file is a page of YAML; anything larger than this is not one."""

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A name as printed: surrounding spaces (full-width too) removed, not blank."""


class Aspect(StrictModel):
    """One aspect of the outline, e.g. 理论学习方面."""

    id: str = Field(pattern=r"^\S+$")
    """Short name without spaces, e.g. theory or 理论学习."""
    name: Name
    """As printed in the material, e.g. "理论学习方面"."""
    scope: str = ""
    """One line on what belongs under this aspect."""
    keywords: list[str] = Field(default_factory=list)
    topic: str | None = None
    """The phrase-bank topic the offline drafter writes this aspect from (optional)."""
    required: bool = True
    """The notice requires this aspect: the material may not leave it out silently."""


MEETINGS = ("民主生活会", "专题民主生活会", "组织生活会", "专题组织生活会")
"""The meeting kinds a notice calls; the 专题 forms are named so in the title."""


class OutlineSource(StrictModel):
    """Where an outline's wording came from: the notice or the public page that reports it."""

    title: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    quote: str = ""
    """The source's own words for the theme and aspects, as quoted."""

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        """YAML reads an unquoted 2025-12-01 as a date; keep it as the text it was."""
        return value.isoformat() if hasattr(value, "isoformat") else value


class Outline(StrictModel):
    """The aspect list and part headings of one year's notice."""

    id: str = Field(pattern=r"^\S+$")
    """Defaults to the file's name without .yaml (a Chinese name is fine)."""
    name: Name
    year: int | None = Field(default=None, ge=1949, le=2100)
    """The notice's year: 2025 for a 2025年度民主生活会 (held early in 2026)."""
    meeting: str = "专题民主生活会"
    """Printed in the default title, e.g. 专题民主生活会 / 专题组织生活会."""
    theme: str = ""
    """The meeting's theme as the notice words it; the preamble quotes it exactly."""
    study: str = ""
    """What was studied, quoted exactly into the preamble (political formulations verbatim)."""
    level: str = ""
    """Who holds the meeting, e.g. 党组（党委）领导班子 or 党支部、党员; informational."""
    source: OutlineSource | None = None
    """Where the wording came from; ``None`` for a user's own outline."""
    unverified: str = ""
    """What the source did not give and the user must check against the notice."""
    historical: bool = False
    """An earlier year's outline kept for old drafts; never chosen as the default."""
    headings: PartHeadings = Field(default_factory=PartHeadings)
    aspects: list[Aspect] = Field(min_length=1)

    @field_validator("meeting")
    @classmethod
    def _known_meeting(cls, meeting: str) -> str:
        meeting = meeting.strip()
        if meeting not in MEETINGS:
            raise ValueError(f"会议应为 {'、'.join(MEETINGS)} 之一")
        return meeting

    @field_validator("aspects")
    @classmethod
    def _unique_aspects(cls, aspects: list[Aspect]) -> list[Aspect]:
        for attr in ("id", "name"):
            values = [getattr(a, attr) for a in aspects]
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"方面的 {attr} 重复：{'、'.join(repeated)}")
        return aspects

    @model_validator(mode="after")
    def _has_keywords(self) -> Outline:
        empty = [a.id for a in self.aspects if not a.keywords]
        if empty:
            raise ValueError(f"方面缺少 keywords：{'、'.join(empty)}")
        return self


def builtin_outline_files() -> dict[str, Path]:
    """Map outline id to its bundled YAML file (the id is the file's stem)."""
    folder = prompts_dir() / "outlines"
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def load_outline(spec: str | Path | None = None) -> Outline:
    """Load a built-in outline by id, or a user's outline file by path.

    ``None`` gives the default outline. A value that names an existing file, or ends in
    .yaml/.yml, is read as a file; anything else must be a built-in id.
    """
    spec = DEFAULT_OUTLINE if spec is None else spec
    path = Path(spec)
    if path.is_file() or path.suffix.lower() in {".yaml", ".yml"}:
        return read_outline_file(path)
    files = builtin_outline_files()
    if str(spec) not in files:
        known = "、".join(files) or "（无）"
        raise OutlineError(
            f"没有名为“{spec}”的内置提纲；可用的有：{known}（也可给出 YAML 文件路径）"
        )
    return read_outline_file(files[str(spec)])


def read_outline_file(path: Path) -> Outline:
    """Read and validate one outline YAML file; errors name the file and the field."""
    import yaml  # deferred: not needed on the --help path

    from selfreview.errors import InputError
    from selfreview.notes.reading import read_file_bytes
    from selfreview.yamltext import parse_yaml

    try:
        raw = read_file_bytes(path, limit=MAX_OUTLINE_BYTES)
    except InputError as err:
        message = err.message if os.path.lexists(path) else "提纲文件不存在"
        raise OutlineError(message, path=path) from None
    try:
        data: Any = parse_yaml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise OutlineError("提纲文件须为 UTF-8 编码", path=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 1} 行）" if mark is not None else ""
        raise OutlineError(f"YAML 格式错误{where}", path=path) from None
    if not isinstance(data, dict):
        raise OutlineError("提纲文件应为键值映射（id、name、aspects…）", path=path)
    data.setdefault("id", path.stem)
    try:
        return Outline.model_validate(data)
    except ValidationError as exc:
        raise OutlineError(describe_validation_error(exc), path=path) from None
