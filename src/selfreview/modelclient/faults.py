"""Errors of a model call, and where the key the provider refused came from.

Two kinds of transport error: :class:`ModelCallError` stops the run (a refused key, an
unknown model, a server that cannot be reached: every other call would fail the same
way), while :class:`CallFailedError` concerns one call only (the server stayed busy or
broken through every retry, or the answer did not end before the deadline): the drafter
lets the stage's other calls finish, keeps what they answered, and records the failure
in the draft file.
"""

from __future__ import annotations

from selfreview.modelclient.providers import ResolvedProvider, find_api_key, mask_key
from selfreview.places import config_path


def key_origin(provider: ResolvedProvider) -> str | None:
    """Where the key sent to ``provider`` came from, in Chinese; None when none was sent."""
    found = find_api_key(provider)
    return None if found is None else found.origin


def refused_key_message(provider: ResolvedProvider, where: str, status: int) -> str:
    """Say the key was refused and where it came from, or that none was sent."""
    origin = key_origin(provider)
    if origin is None:
        return (
            f"{where} 要求 API key（HTTP {status}），但没有发送 key：请设置环境变量"
            f" {provider.spec.key_env}，或在配置文件 {config_path()} 的"
            f" [providers.{provider.name}] 中写 api_key"
        )
    what = "拒绝了 API key" if status == 401 else "拒绝了请求（key 无权访问该模型或已停用）"
    return f"{where} {what}（HTTP {status}）：该 key 取自{origin}，请检查它是否有效"


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with every secret (of 8 characters or more) replaced by its masked form."""
    for secret in secrets:
        if len(secret) >= 8:
            text = text.replace(secret, mask_key(secret))
    return text
