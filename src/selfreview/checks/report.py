"""Print findings and the rule list, as text for people or JSON for tools."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from selfreview.checks.config import UNIT_WORDS, RuleConfig
from selfreview.checks.model import CheckTarget, Finding, Severity

_KIND_WORDS = {"imported": "导入的材料", "draft": "草稿文件", "material": "材料 JSON"}
_APPLIES_WORDS = {"all": "所有材料", "imported": "导入的材料", "draft": "草稿文件"}
_VOICE_WORDS = {"collective": "班子材料", "personal": "个人材料"}


def summary(findings: Sequence[Finding]) -> str:
    """ "2 个错误，5 个警告，3 条提示" (or "没有发现问题")."""
    counts = Counter(f.severity for f in findings)
    if not findings:
        return "没有发现问题"
    return (
        f"{counts[Severity.ERROR]} 个错误，{counts[Severity.WARNING]} 个警告，"
        f"{counts[Severity.INFO]} 条提示"
    )


def text_report(target: CheckTarget, findings: Sequence[Finding]) -> str:
    """One header line, then one line per finding: severity, rule, location, message."""
    kind = _KIND_WORDS[target.kind]
    voice = _VOICE_WORDS[target.voice.value]
    lines = [f"{target.source}（{kind}，{voice}）：{summary(findings)}"]
    for finding in findings:
        where = finding.location.describe()
        lines.append(f"{finding.severity.label} [{finding.rule}] {where}：{finding.message}")
    return "\n".join(lines)


def json_report(target: CheckTarget, findings: Sequence[Finding]) -> str:
    """The findings as JSON: file, kind, voice, counts and the list of findings."""
    counts = Counter(f.severity.value for f in findings)
    data: dict[str, Any] = {
        "file": target.source,
        "kind": target.kind,
        "voice": target.voice.value,
        "counts": {s.value: counts.get(s.value, 0) for s in Severity},
        "findings": [f.model_dump(mode="json") for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def rules_text(rules: Sequence[RuleConfig]) -> str:
    """The rule list for ``draft check --rules``: id, severity, scope, description, params."""
    lines: list[str] = []
    for rule in rules:
        state = "" if rule.enabled else "（已关闭）"
        lines.append(
            f"{rule.id}  {rule.severity.label}  {rule.title}{state}"
            f"（适用于{_APPLIES_WORDS[rule.applies_to]}，指向{UNIT_WORDS[rule.unit]}）"
        )
        if rule.description:
            lines.append(f"    {rule.description}")
        for name, value in rule.params.items():
            shown = "、".join(str(v) for v in value) if isinstance(value, list) else str(value)
            lines.append(f"    {name}：{shown}")
    return "\n".join(lines)


def rules_json(rules: Sequence[RuleConfig]) -> str:
    """The rule list as JSON."""
    return json.dumps([r.model_dump(mode="json") for r in rules], ensure_ascii=False, indent=2)


def explain_text(rule: RuleConfig) -> str:
    """``draft check --explain RULE``: what the rule finds, why it matters, a good and a bad
    example."""
    state = "" if rule.enabled else "（已关闭）"
    lines = [
        f"{rule.id}：{rule.title}{state}",
        f"级别：{rule.severity.label}；适用于{_APPLIES_WORDS[rule.applies_to]}；"
        f"指向{UNIT_WORDS[rule.unit]}",
    ]
    if rule.description:
        lines += ["", f"查什么：{rule.description}"]
    if rule.why:
        lines += ["", f"为什么：{rule.why}"]
    if rule.bad:
        lines += ["", f"不好的写法：{rule.bad}"]
    if rule.good:
        lines += [f"好的写法：{rule.good}"]
    return "\n".join(lines)
