"""The model services the start page offers, each with what it still needs before drafting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selfreview.modelclient.config import UserConfig


@dataclass(frozen=True, slots=True)
class ProviderChoice:
    """One service in the drafting form: its name and a note on its key (Chinese)."""

    name: str
    note: str


def provider_choices(config: UserConfig) -> list[ProviderChoice]:
    """Every configured or registered model service but the offline drafter, with a note
    saying whether a key is found, not needed (a local server), or where to put one.

    The key itself is never read into the note, only whether one is found."""
    from selfreview.errors import SelfReviewError
    from selfreview.modelclient.providers import find_api_key, provider_names, resolve_provider

    choices: list[ProviderChoice] = []
    for name in provider_names(config):
        if name == "offline":
            continue
        try:
            provider = resolve_provider(name, config)
        except SelfReviewError as err:
            choices.append(ProviderChoice(name, f"配置有误：{err}"))
            continue
        if not provider.spec.needs_key:
            note = "本机服务，无需密钥"
        elif find_api_key(provider) is not None:
            note = "已找到密钥"
        else:
            note = f"需先设置环境变量 {provider.spec.key_env} 或在配置文件中写 api_key"
        choices.append(ProviderChoice(name, note))
    return choices
