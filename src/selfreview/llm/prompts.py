"""The prompt files in ``prompts/llm/``: loading, variable checks, rendering.

One template syntax for all of them: mustache with triple braces (``{{{name}}}``), which
inserts text as is. Data from the notes is delimited by the markers below; a marker that
occurs inside the notes is defused so the notes cannot close the data block early.
"""

from __future__ import annotations

from functools import cache
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


def defuse(text: str) -> str:
    """Notes text made safe to sit between the data markers (one line, no markers)."""
    text = " ".join(text.split())
    return text.replace("<<<", "《《").replace(">>>", "》》")


def _load(path: Path) -> tuple[str, frozenset[str]]:
    try:
        return _template(path, path.stat().st_mtime)
    except OSError as exc:
        raise DataFileError(f"无法读取提示词（{exc.strerror}）", path=path) from None
