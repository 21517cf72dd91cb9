"""The text a unit is edited as in an editor: one labelled block per field.

::

    # 修改 问题 P3（理论学习方面）……
    标题句：学用结合不够紧密
    正文：有的同志……
    事例：在……

A block starts at a line beginning with the field's Chinese name and a colon and runs to
the next such line; lines starting with ``#`` are ignored. Every field of the unit must be
there exactly once; a mistake is reported with its line number.
"""

from __future__ import annotations

import re

from selfreview.errors import EditFormError
from selfreview.units import FIELD_NAMES, FIELDS, UnitKind, field_labels

_LABEL = re.compile(r"^\s*([\u4e00-\u9fff]{2,4})\s*[：:]\s?(.*)$")


def edit_template(kind: UnitKind, label: str, fields: dict[str, str]) -> str:
    """The text to open in the editor for a unit of ``kind`` with ``fields``."""
    labels = field_labels(kind)
    lines = [
        f"# 修改 {label}。每项以“{labels[FIELDS[kind][0]]}：”这样的名称开头，可写多行；",
        "# 以 # 开头的行不计。保存并关闭编辑器后生效；不作改动则不记录任何决定。",
    ]
    for name in FIELDS[kind]:
        lines.append(f"{labels[name]}：{fields.get(name, '')}")
    return "\n".join(lines) + "\n"


def parse_edit(kind: UnitKind, text: str) -> dict[str, str]:
    """The fields written in ``text`` (see the module doc); raises :class:`EditFormError`.

    Continuation lines of a block are joined without a break, except in an extra part's
    正文, where each line is a paragraph.
    """
    labels = field_labels(kind)
    names = {labels[name]: name for name in FIELDS[kind]}
    foreign = set(FIELD_NAMES.values()) - set(names)
    blocks: dict[str, list[str]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        match = _LABEL.match(line)
        if match and match.group(1) in names:
            field = names[match.group(1)]
            if field in blocks:
                raise EditFormError(f"第 {number} 行：“{match.group(1)}”出现了两次")
            blocks[field] = [match.group(2)]
            current = field
        elif match and match.group(1) in foreign:
            raise EditFormError(f"第 {number} 行：这一项没有“{match.group(1)}”")
        elif current is None:
            if line.strip():
                raise EditFormError(
                    f"第 {number} 行：文字应写在“{labels[FIELDS[kind][0]]}：”等名称之后"
                )
        else:
            blocks[current].append(line)
    missing = [labels[name] for name in FIELDS[kind] if name not in blocks]
    if missing:
        raise EditFormError(f"缺少“{'”“'.join(missing)}：”（名称后加冒号，不要删掉）")
    joiner = "\n" if kind is UnitKind.PART else ""
    return {
        name: joiner.join(part.strip() for part in blocks[name] if part.strip())
        for name in FIELDS[kind]
    }
