"""The prompt files in ``prompts/llm/``: loading, variable checks, rendering.

One template syntax for all of them: mustache with triple braces (``{{{name}}}``), which
inserts text as is. Data from the notes is delimited by the markers below; a marker (or a
look-alike of one) inside the notes is defused so the notes cannot close the data block early.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import yaml

from selfreview.errors import DataFileError
from selfreview.resources import data_file
from selfreview.schema import Voice

STAGE_PROMPTS = ("system", "sort", "problems", "causes", "measures")
DATA_START, DATA_END = "<<<材料开始>>>", "<<<材料结束>>>"


def prompt_path(name: str) -> Path:
    """The file of prompt ``name`` (found through ``$SELFREVIEW_PROMPTS`` first)."""
    return data_file("llm", f"{name}.md")


@cache
def _template(path: Path, mtime: float) -> tuple[str, frozenset[str]]:
    from langchain_core.prompts import PromptTemplate

    text = path.read_text(encoding="utf-8")
    if "{{" in text.replace("{{{", "").replace("}}}", ""):
        raise DataFileError("提示词只能用 {{{变量}}} 三层花括号（两层会做 HTML 转义）", path=path)
    template = PromptTemplate.from_template(text, template_format="mustache")
    return text, frozenset(template.input_variables)


def prompt_variables(name: str) -> frozenset[str]:
    """The variables prompt ``name`` uses."""
    path = prompt_path(name)
    return _load(path)[1]


def render_prompt(name: str, **variables: str) -> str:
    """Prompt ``name`` with ``variables`` filled in; they must match what it uses, exactly."""
    from langchain_core.prompts import PromptTemplate

    path = prompt_path(name)
    text, used = _load(path)
    missing = sorted(used - variables.keys())
    unused = sorted(variables.keys() - used)
    if missing or unused:
        detail = "；".join(
            part
            for part in (
                f"缺少变量 {'、'.join(missing)}" if missing else "",
                f"未使用变量 {'、'.join(unused)}" if unused else "",
            )
            if part
        )
        raise DataFileError(f"提示词的变量与程序提供的不一致：{detail}", path=path)
    template = PromptTemplate.from_template(text, template_format="mustache")
    return template.format(**variables).strip()


def voice_rules(voice: Voice) -> str:
    """The voice paragraph for the system prompt."""
    path = data_file("llm", "voice.yaml")
    try:
        rules = yaml.safe_load(path.read_text(encoding="utf-8"))
        return str(rules[voice.value])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DataFileError(f"无法读取语气规则（{exc}）", path=path) from None


# Characters that look like the markers' angle brackets, with how many of them each one
# looks like. Compatibility forms (full-width ＜, small ﹤, vertical ︽, 〈 U+2329) and
# ones with a combining mark (≮) are folded to these first (see _bracket).
_OPENERS = {"<": 1, "‹": 1, "〈": 1, "《": 1, "⟨": 1, "❮": 1, "❬": 1, "❰": 1, "⦑": 1,
            "⧼": 1, "˂": 1, "ᐸ": 1, "«": 2, "⟪": 2, "≪": 2, "⋘": 3}  # fmt: skip
_CLOSERS = {">": 1, "›": 1, "〉": 1, "》": 1, "⟩": 1, "❯": 1, "❭": 1, "❱": 1, "⦒": 1,
            "⧽": 1, "˃": 1, "ᐳ": 1, "»": 2, "⟫": 2, "≫": 2, "⋙": 3}  # fmt: skip
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Fillers and blanks that render as nothing but are not format characters."""
_MARKER_RUN = 3
"""A run of this many brackets one way (the markers have three) is rewritten."""
_DEFUSED = {1: "《《", -1: "》》"}


def defuse(text: str) -> str:
    """Notes text made safe to sit between the data markers (one line, no markers).

    Whitespace runs (line breaks of every kind included) become one space. Every run of
    three or more angle brackets one way is rewritten as 《《 or 》》: ``<<<``, and any
    look-alike of it, whether full-width (＜＜＜), another script's brackets (〈〈〈, 《《《,
    ‹‹‹, «<), a mix, or with invisible characters inside (zero-width spaces and joiners,
    word joiner, BOM, soft hyphen and other format characters, combining marks, spaces).
    Everything else is left exactly as it was.
    """
    text = " ".join(text.split())
    out: list[str] = []
    done = 0
    for start, end, way in _bracket_runs(text):
        out += [text[done:start], _DEFUSED[way]]
        done = end
    return "".join(out) + text[done:] if out else text


def _bracket_runs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, way) of each marker-like run: way 1 opening, -1 closing."""
    runs: list[tuple[int, int, int]] = []
    way = weight = start = end = 0
    for index, char in enumerate(text):
        kind = _bracket(char)
        if kind is None:
            if char.isspace() or _invisible(char):
                continue  # a run goes on across it
            kind = (0, 0)
        if kind[0] != way:
            if weight >= _MARKER_RUN:
                runs.append((start, end, way))
            way, weight, start = kind[0], 0, index
        weight += kind[1]
        end = index + 1
    if weight >= _MARKER_RUN:
        runs.append((start, end, way))
    return runs


@lru_cache(maxsize=4096)
def _bracket(char: str) -> tuple[int, int] | None:
    """(1, n) for a character that looks like n opening angle brackets, (-1, n) for
    closing ones, None for anything else (judged on its compatibility decomposition
    without combining marks and format characters)."""
    if char in _OPENERS:
        return 1, _OPENERS[char]
    if char in _CLOSERS:
        return -1, _CLOSERS[char]
    if char.isascii():
        return None
    folded = [c for c in unicodedata.normalize("NFKD", char) if not _invisible(c)]
    if folded and all(c in _OPENERS for c in folded):
        return 1, sum(_OPENERS[c] for c in folded)
    if folded and all(c in _CLOSERS for c in folded):
        return -1, sum(_CLOSERS[c] for c in folded)
    return None


def _invisible(char: str) -> bool:
    """A character that shows nothing by itself: format (Cf) or combining (Mn, Me)."""
    return unicodedata.category(char) in ("Cf", "Mn", "Me") or char in _INVISIBLE


def _load(path: Path) -> tuple[str, frozenset[str]]:
    try:
        return _template(path, path.stat().st_mtime)
    except OSError as exc:
        raise DataFileError(f"无法读取提示词（{exc.strerror}）", path=path) from None
