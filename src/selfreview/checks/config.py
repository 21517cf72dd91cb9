"""The rule list as data: ``prompts/checks/rules.yaml``, optionally overridden by a user file.

A user file has the same shape and names only what it changes. For each rule it may set
``severity``, ``enabled``, ``params`` (each given parameter replaces the default) and
``extend`` (lists appended to the default lists). Unknown rules, keys or parameters are
errors naming the file, so that a typo never silently disables a check.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from selfreview.checks.model import Finding, Location, Severity
from selfreview.errors import DataFileError, InputError
from selfreview.resources import data_file
from selfreview.validation import describe_validation_error
from selfreview.yamltext import parse_yaml

Applies = Literal["all", "imported", "draft"]
Unit = Literal["document", "title", "aspect", "problem", "example", "cause", "measure", "text"]
"""What a rule's findings point at: the whole text, the title, an aspect, a problem, a
problem's example, a cause, a measure, or whatever paragraph holds the text."""

UNIT_WORDS: dict[str, str] = {
    "document": "全文",
    "title": "标题",
    "aspect": "方面",
    "problem": "问题",
    "example": "问题的事例",
    "cause": "原因",
    "measure": "整改措施",
    "text": "所在段落",
}
"""The Chinese name of each :data:`Unit`, as ``--rules`` and ``--explain`` print it."""


class RuleConfig(BaseModel):
    """One rule's settings as loaded (defaults merged with the user's file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    severity: Severity
    enabled: bool = True
    applies_to: Applies = "all"
    title: str
    description: str = ""
    unit: Unit = "text"
    message: str = ""
    """The finding's message as a template ("{headline}"); rules that build their own
    message leave it empty."""
    why: str = ""
    good: str = ""
    bad: str = ""
    params: dict[str, Any] = Field(default_factory=dict)

    def finding(self, location: Location, message: str) -> Finding:
        """A finding of this rule at its configured severity."""
        return Finding(rule=self.id, severity=self.severity, location=location, message=message)

    def say(self, location: Location, **values: object) -> Finding:
        """A finding whose message is this rule's ``message`` template filled with ``values``."""
        return self.finding(location, self.message.format(**values))

    def words(self, name: str) -> list[str]:
        """A parameter that is a list of phrases (empty when absent)."""
        value = self.params.get(name, [])
        return [str(item) for item in value] if isinstance(value, list) else []


class _RuleEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    severity: Severity
    enabled: bool = True
    applies_to: Applies = "all"
    title: str
    description: str = ""
    unit: Unit = "text"
    message: str = ""
    why: str = ""
    good: str = ""
    bad: str = ""
    params: dict[str, Any] = Field(default_factory=dict)


class _RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    rules: dict[str, _RuleEntry]


class _Override(BaseModel):
    model_config = ConfigDict(extra="forbid")

    severity: Severity | None = None
    enabled: bool | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    extend: dict[str, list[Any]] = Field(default_factory=dict)


class _OverrideFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    rules: dict[str, _Override] = Field(default_factory=dict)


def load_rules(user_file: Path | None = None) -> list[RuleConfig]:
    """The built-in rules, with ``user_file``'s overrides applied when given."""
    path = data_file("checks", "rules.yaml")
    try:
        defaults = _RulesFile.model_validate(_read_yaml(path, DataFileError))
    except ValidationError as exc:
        raise DataFileError(describe_validation_error(exc), path=path) from None
    rules = [
        RuleConfig(id=rule_id, **entry.model_dump()) for rule_id, entry in defaults.rules.items()
    ]
    if user_file is None:
        return rules
    try:
        overrides = _OverrideFile.model_validate(_read_yaml(user_file, InputError))
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc), path=user_file) from None
    return _apply(rules, overrides, user_file)


def _apply(rules: list[RuleConfig], overrides: _OverrideFile, path: Path) -> list[RuleConfig]:
    by_id = {rule.id: rule for rule in rules}
    unknown = sorted(set(overrides.rules) - set(by_id))
    if unknown:
        raise InputError(
            f"没有这条规则：{'、'.join(unknown)}（draft check --rules 列出全部规则）", path=path
        )
    for rule_id, override in overrides.rules.items():
        rule = by_id[rule_id]
        params = dict(rule.params)
        for name in [*override.params, *override.extend]:
            if name not in params:
                known = "、".join(params) or "无"
                raise InputError(f"规则 {rule_id} 没有参数 {name}（可用参数：{known}）", path=path)
        params.update(override.params)
        for name, values in override.extend.items():
            if not isinstance(params[name], list):
                raise InputError(f"规则 {rule_id} 的参数 {name} 不是列表，不能 extend", path=path)
            params[name] = [*params[name], *values]
        update: dict[str, Any] = {"params": params}
        if override.severity is not None:
            update["severity"] = override.severity
        if override.enabled is not None:
            update["enabled"] = override.enabled
        by_id[rule_id] = rule.model_copy(update=update)
    return list(by_id.values())


def _read_yaml(path: Path, error: type[DataFileError] | type[InputError]) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error("规则文件不存在", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"无法读取规则文件（{exc}）", path=path) from None
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "格式"
        raise error(f"规则文件不是有效的 YAML（{where}有误）", path=path) from None
    if not isinstance(data, dict):
        raise error("规则文件应是一个以 rules: 开头的映射", path=path)
    return data


def enabled_for(rules: Iterable[RuleConfig], kind: str) -> list[RuleConfig]:
    """The enabled rules that apply to a target of this kind ("imported"/"draft"/"material")."""
    return [r for r in rules if r.enabled and r.applies_to in ("all", kind)]


def rule_by_id(rules: Iterable[RuleConfig], rule_id: str) -> RuleConfig:
    """The rule called ``rule_id``; an unknown id is a one-line error listing the known ids."""
    known = list(rules)
    for rule in known:
        if rule.id == rule_id:
            return rule
    raise InputError(f"没有这条规则：{rule_id}（可用：{'、'.join(r.id for r in known)}）")
