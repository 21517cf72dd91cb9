"""Assemble paragraphs into a :class:`Material`, keeping whatever does not fit.

Decisions where real documents leave room (all reported in ``ImportResult.warnings``):

- no title found: the title becomes "【待补：标题】" (a placeholder the check flags);
- problems without aspect headings: they go under one aspect "【待补：方面名称】";
- an aspect with text but no numbered items: each of its paragraphs becomes one problem;
- text between an aspect heading and its first item has no field: it is kept in
  ``unplaced``; so is text before the title;
- causes/measures written as （一） sub-headings: the sub-heading is the headline and the
  paragraphs under it (including any 一是… inside) are the body;
- several paragraphs of one item are joined into one (the schema has one body);
- an extra part between the three parts is placed "after" (the renderer puts extra parts
  only before or after the three), with a warning;
- a second part of the same kind is kept as an extra part, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selfreview.importing.items import first_style, headline_and_rest, split_items, split_problem
from selfreview.importing.model import ImportResult, NumberingRun, Unplaced
from selfreview.importing.parts import (
    is_closing,
    is_pledge,
    is_signature,
    looks_like_title,
    part_heading,
)
from selfreview.importing.text import PAREN_RE, Para, cn_int, short_plain, split_first_sentence
from selfreview.render.compose import chinese_number
from selfreview.render.layout import Signature
from selfreview.schema import (
    AspectProblems,
    Cause,
    ExtraPart,
    Material,
    Measure,
    PartHeadings,
    Problem,
    Voice,
)

TITLE_PLACEHOLDER = "【待补：标题】"
ASPECT_PLACEHOLDER = "【待补：方面名称】"
HEADLINE_PLACEHOLDER = "【待补：标题句】"
_PERSONAL_I_RE = re.compile(r"我(?![们市县区省局委国党院校部厅镇乡村司处科室单])|本人")
DRAFT_MARKS = frozenset({"讨论稿", "征求意见稿", "送审稿", "初稿", "草稿"})
"""Marks set above the title of an unfinished document (the tool writes 讨论稿)."""
_LEDGER_HEADING_RE = re.compile(r"^(?:\S{0,60})整改(?:清单|台账)$")
_ATTACHMENT_RE = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*[：:]?$")
_COLLECTIVE_RE = re.compile(r"我们|党组|班子|有的同志|部分同志|党委")


@dataclass
class _Section:
    kind: str
    heading: str
    number: int | None
    line: int
    paras: list[Para] = field(default_factory=list)


@dataclass
class _Item:
    number: int | None
    line: int
    texts: list[str] = field(default_factory=list)


@dataclass
class _State:
    source: str
    unplaced: list[Unplaced] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    numbering: list[NumberingRun] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    skipped: list[Unplaced] = field(default_factory=list)

    def run(self, scope: str, style: str, items: list[tuple[int | None, int]]) -> None:
        """Record the numbers of one list as written (items without a number are skipped)."""
        numbered = [(n, line) for n, line in items if n is not None]
        if numbered:
            self.numbering.append(
                NumberingRun(
                    scope=scope,
                    style=style,
                    numbers=[n for n, _ in numbered],
                    lines=[line for _, line in numbered],
                )
            )


def build(paras: list[Para], source: str) -> ImportResult:
    """Parse paragraphs into an :class:`ImportResult` (see the module docstring)."""
    state = _State(source)
    headings = [(index, part_heading(para)) for index, para in enumerate(paras)]
    starts = [(index, hit) for index, hit in headings if hit is not None]
    first_part = starts[0][0] if starts else len(paras)
    paras = _cut_attachment(paras, first_part, state)
    starts = [(index, hit) for index, hit in starts if index < len(paras)]

    title, preamble_from = _title(paras[:first_part], state)
    preamble = "\n\n".join(p.text for p in paras[preamble_from:first_part])
    sections: list[_Section] = []
    for position, (index, hit) in enumerate(starts):
        assert hit is not None
        end = starts[position + 1][0] if position + 1 < len(starts) else len(paras)
        kind, heading, number = hit
        sections.append(_Section(kind, heading, number, paras[index].line, paras[index + 1 : end]))
    state.run("部分标题", "part", [(s.number, s.line) for s in sections])

    signature = _signature(sections[-1]) if sections else None
    closing = _closing(sections[-1]) if sections else ""
    fields: dict[str, object] = {"title": title, "preamble": preamble, "closing": closing or None}
    headings_seen: dict[str, str] = {}
    extras: list[ExtraPart] = []
    seen_problems = False
    for section in sections:
        if section.kind != "extra" and section.kind in headings_seen:
            state.warnings.append(
                f"第 {section.line} 行：又一个“{section.heading}”，作为附加部分保留"
            )
            section.kind = "extra"
        if section.kind == "extra":
            extras.append(_extra(section, seen_problems, sections, state))
            continue
        headings_seen[section.kind] = section.heading
        if section.kind == "problems":
            seen_problems = True
            fields["problems_intro"], fields["problems"] = _problems(section, state)
        else:
            fields[f"{section.kind}_intro"], fields[section.kind] = _numbered(section, state)
    for kind, name in (("problems", "查摆问题"), ("causes", "原因分析"), ("measures", "整改措施")):
        if kind not in headings_seen:
            state.warnings.append(f"没有找到“{name}”部分")
    material = Material(
        headings=PartHeadings(**headings_seen),
        extra_parts=extras,
        voice=_voice(title, paras),
        **fields,
    )
    return ImportResult(
        source=source,
        material=material,
        unplaced=state.unplaced,
        warnings=state.warnings,
        skipped=state.skipped,
        numbering=state.numbering,
        lines=state.lines,
        signature=signature,
    )


def _cut_attachment(paras: list[Para], first_part: int, state: _State) -> list[Para]:
    """The paragraphs before an attachment after the parts ("附件" label, 整改清单 heading).

    An attachment (the 整改清单 this tool appends) is not part of the material: its
    paragraphs and table cells go to ``skipped`` instead of running on into the closing.
    """
    for index in range(first_part + 1, len(paras)):
        text = paras[index].text.strip()
        heading = paras[index].level is not None or paras[index].standalone
        if _ATTACHMENT_RE.match(text) or (heading and _LEDGER_HEADING_RE.match(text)):
            state.skipped.extend(
                Unplaced(text=p.text, line=p.line, reason="附件，未放入材料") for p in paras[index:]
            )
            return paras[:index]
    return paras


def _title(head: list[Para], state: _State) -> tuple[str, int]:
    """The title and the index where the preamble starts; text above the title is kept.

    A title set on two or three lines (the trapezoid layout) is joined again: short lines
    without punctuation directly above it (except "附件2"-style labels) or a short line
    below it that names the document ("对照检查材料").
    """
    marks = 0
    while marks < len(head) and head[marks].text.strip().strip("*") in DRAFT_MARKS:
        state.skipped.append(
            Unplaced(text=head[marks].text, line=head[marks].line, reason="文稿标记，未放入材料")
        )
        marks += 1
    head = head[marks:]
    title, end = _title_after_marks(head, state)
    return title, end + marks


def _title_after_marks(head: list[Para], state: _State) -> tuple[str, int]:
    for index, para in enumerate(head[:3]):
        if looks_like_title(para):
            start = index
            while start > 0 and _title_piece(head[start - 1]):
                start -= 1
            for before in head[:start]:
                state.unplaced.append(
                    Unplaced(text=before.text, line=before.line, reason="标题前的文字")
                )
            end = index + 1
            below = head[end] if end < len(head) else None
            if below is not None and _title_piece(below, below=True) and looks_like_title(below):
                end += 1
            return "".join(p.text.strip() for p in head[start:end]), end
    if head and head[0].standalone and not head[0].text.endswith("。"):
        return head[0].text.strip(), 1
    state.warnings.append(f"没有找到标题，已写入“{TITLE_PLACEHOLDER}”")
    return TITLE_PLACEHOLDER, 0


def _title_piece(para: Para, *, below: bool = False) -> bool:
    """A short line without punctuation that may be part of a title set on several lines.

    A line above the title must have stood alone in the input; the joiner already keeps
    the line below a stand-alone title apart.
    """
    return (
        (para.standalone or below)
        and short_plain(para.text, 30)
        and not para.text.endswith(("。", "：", ":"))
        and _ATTACHMENT_RE.match(para.text) is None
    )


def _signature(section: _Section) -> Signature | None:
    """Take the 落款 off the end of the last part: a short unit (or name) line over a
    date line ("2026年1月6日", or this tool's 【待补：落款日期】)."""
    from selfreview.signing import DATE_LINE_RE

    paras = section.paras
    if len(paras) < 2:
        return None
    unit, date = paras[-2].text.strip(), paras[-1].text.strip()
    placeholder = unit.startswith("【待补") and unit.endswith("】")
    if DATE_LINE_RE.match(date) is None or not (placeholder or is_signature(paras[-2])):
        return None
    if first_style(unit) is not None or PAREN_RE.match(unit) or unit.endswith("。"):
        return None
    section.paras = paras[:-2]
    return Signature(unit=unit, date=date)


def _closing(section: _Section) -> str:
    """Cut the closing formula and signature lines off the end of the last part."""
    paras = section.paras
    cut = len(paras)
    while cut > 0 and is_signature(paras[cut - 1]) and not PAREN_RE.match(paras[cut - 1].text):
        cut -= 1
    for index in range(cut):
        if is_closing(paras[index]) and first_style(paras[index].text) is None:
            cut = index
            break
    else:
        items = [i for i in range(cut) if first_style(paras[i].text) is not None]
        for index in range(items[-1] + 1 if items else cut, cut):
            if is_pledge(paras[index]):
                cut = index
                break
    if cut == len(paras) or (cut == 0 and section.kind != "extra"):
        return ""
    closing = "\n\n".join(p.text for p in paras[cut:])
    section.paras = paras[:cut]
    return closing


def _extra(section: _Section, after: bool, sections: list[_Section], state: _State) -> ExtraPart:
    kinds_after = [s.kind for s in sections[sections.index(section) + 1 :]]
    if after and any(kind in ("causes", "measures") for kind in kinds_after):
        state.warnings.append(
            f"第 {section.line} 行：附加部分“{section.heading}”夹在三个部分之间，导入后放在最后"
        )
    return ExtraPart(
        heading=section.heading,
        paragraphs=[p.text for p in section.paras],
        position="after" if after else "before",
    )


def _problems(section: _Section, state: _State) -> tuple[str, list[AspectProblems]]:
    """Split the problems part into an intro and aspects of items."""
    style = _style_of(section.paras)
    parens = [m.group("rest") for p in section.paras if (m := PAREN_RE.match(p.text))]
    if style is None and parens and not any(_names_aspect(rest) for rest in parens):
        # No 一是 anywhere and no "…方面": the （一） paragraphs are the problems themselves.
        paren_intro, items = _paren_items(section.paras, section.heading, state)
        state.warnings.append(f"第 {section.line} 行：问题没有分方面，已归入“{ASPECT_PLACEHOLDER}”")
        state.lines["A1"] = section.line
        return "\n\n".join(paren_intro), [
            AspectProblems(aspect=ASPECT_PLACEHOLDER, items=_to_problems(items, 0, state))
        ]
    intro: list[str] = []
    groups: list[tuple[str, int | None, int, list[tuple[str, int]]]] = []
    for para in section.paras:
        paren = PAREN_RE.match(para.text)
        if paren is not None or para.level == 3:
            rest = paren.group("rest") if paren is not None else para.text
            name, remainder = split_first_sentence(rest, "。：:；")
            number = cn_int(paren.group("num")) if paren is not None else None
            groups.append((name.rstrip("。：:；").strip(), number, para.line, []))
            if remainder:
                groups[-1][3].append((remainder, para.line))
        elif groups:
            groups[-1][3].append((para.text, para.line))
        elif first_style(para.text) is not None:
            state.warnings.append(
                f"第 {para.line} 行：问题没有分方面，已归入“{ASPECT_PLACEHOLDER}”"
            )
            groups.append((ASPECT_PLACEHOLDER, None, para.line, [(para.text, para.line)]))
        else:
            intro.append(para.text)
    state.run(f"{section.heading}的方面", "paren", [(n, line) for _, n, line, _ in groups])
    result: list[AspectProblems] = []
    counter = 0
    for index, (name, _, line, contents) in enumerate(groups, start=1):
        aspect = name or ASPECT_PLACEHOLDER
        state.lines[f"A{index}"] = line
        scope = f"（{chinese_number(index)}）{aspect}"
        lead, items = _collect(contents, style, scope, state)
        if not items:
            if lead:
                state.warnings.append(f"第 {line} 行：{scope} 没有编号的条目，每段作为一条问题导入")
            items = [_Item(None, at, [text]) for text, at in lead]
        else:
            for text, at in lead:
                state.unplaced.append(
                    Unplaced(text=text, line=at, reason=f"{scope}下、第一条之前的文字")
                )
        problems = _to_problems(items, counter, state)
        counter += len(problems)
        result.append(AspectProblems(aspect=aspect, items=problems))
    return "\n\n".join(intro), result


def _to_problems(items: list[_Item], counter: int, state: _State) -> list[Problem]:
    problems = []
    for offset, item in enumerate(items, start=1):
        headline, body, example = split_problem("".join(item.texts))
        ident = f"P{counter + offset}"
        problems.append(
            Problem(id=ident, headline=headline or HEADLINE_PLACEHOLDER, body=body, example=example)
        )
        state.lines[ident] = item.line
    return problems


def _collect(
    contents: list[tuple[str, int]], style: str | None, scope: str, state: _State
) -> tuple[list[tuple[str, int]], list[_Item]]:
    """Cut (text, line) contents into lead-in text and numbered items."""
    items: list[_Item] = []
    lead: list[tuple[str, int]] = []
    for text, at in contents:
        for piece in split_items(text, style):
            if piece.number is None and not items:
                lead.append((piece.text, at))
            elif piece.number is None:
                items[-1].texts.append(piece.text)
            else:
                items.append(_Item(piece.number, at, [piece.text]))
    state.run(scope, style or "shi", [(item.number, item.line) for item in items])
    return lead, items


def _paren_items(paras: list[Para], scope: str, state: _State) -> tuple[list[str], list[_Item]]:
    """（一） sub-headings as items: the paragraphs under one belong to it; text before is intro."""
    intro: list[str] = []
    items: list[_Item] = []
    for para in paras:
        paren = PAREN_RE.match(para.text)
        if paren is not None:
            items.append(_Item(cn_int(paren.group("num")), para.line, [paren.group("rest")]))
        elif items:
            items[-1].texts.append(para.text)
        else:
            intro.append(para.text)
    state.run(scope, "paren", [(item.number, item.line) for item in items])
    return intro, items


def _numbered(section: _Section, state: _State) -> tuple[str, list[Cause] | list[Measure]]:
    """Causes or measures: 一是… items, or （一） sub-headings with body paragraphs."""
    prefix, model = ("C", Cause) if section.kind == "causes" else ("M", Measure)
    if any(PAREN_RE.match(p.text) for p in section.paras):
        intro, items = _paren_items(section.paras, section.heading, state)
    else:
        style = _style_of(section.paras)
        contents = [(p.text, p.line) for p in section.paras]
        lead, items = _collect(contents, style, section.heading, state)
        intro = [text for text, _ in lead]
        if not items and lead:
            state.warnings.append(
                f"第 {section.line} 行：“{section.heading}”没有编号的条目，每段作为一条导入"
            )
            intro, items = [], [_Item(None, at, [text]) for text, at in lead]
    built = []
    for number, item in enumerate(items, start=1):
        headline, body = headline_and_rest(item.texts[0])
        body = "".join([body, *item.texts[1:]])
        ident = f"{prefix}{number}"
        built.append(model(id=ident, headline=headline or HEADLINE_PLACEHOLDER, body=body))
        state.lines[ident] = item.line
    return "\n\n".join(intro), built  # type: ignore[return-value]


def _names_aspect(text: str) -> bool:
    """Whether a （一） heading's first sentence names an aspect ("理论学习方面")."""
    first, _ = split_first_sentence(text, "。：:；")
    return first.rstrip("。：:；").strip().endswith("方面")


def _style_of(paras: list[Para]) -> str | None:
    """The item style of the first paragraph that has an item marker."""
    return next((style for p in paras if (style := first_style(p.text)) is not None), None)


def _voice(title: str, paras: list[Para]) -> Voice:
    """Personal when the title says so (个人/本人) or first person clearly dominates."""
    if re.search(r"个人|本人", title):
        return Voice.PERSONAL
    text = "".join(p.text for p in paras)
    personal = len(_PERSONAL_I_RE.findall(text))
    collective = len(_COLLECTIVE_RE.findall(text))
    return Voice.PERSONAL if personal >= 3 and personal > collective else Voice.COLLECTIVE
