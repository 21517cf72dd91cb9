"""The provider registry (``prompts/providers.yaml``) and resolving what a run talks to.

Resolution order, first set wins: command-line option, config file (the provider's own
table, then the top-level keys), registry default. :func:`find_api_key` is the only
place a key is looked up; see its docstring for the order.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import Field, ValidationError

from selfreview.errors import DataFileError, MissingKeyError, ProviderError
from selfreview.modelclient.config import ProviderOverride, UserConfig
from selfreview.places import config_path
from selfreview.resources import data_file
from selfreview.schema import StrictModel
from selfreview.validation import describe_validation_error
from selfreview.yamltext import parse_yaml

OFFLINE = "offline"
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})


class OutputMode(StrEnum):
    """How a provider is asked for structured output."""

    JSON_SCHEMA = "json_schema"
    JSON_OBJECT = "json_object"
    TOOLS = "tools"


class ProviderSpec(StrictModel):
    """One registry entry (see the comments in providers.yaml)."""

    label: str
    base_url: str
    model: str
    key_env: str
    needs_key: bool = True
    output: OutputMode
    extra_body: dict[str, Any] = Field(default_factory=dict)
    context_tokens: int = Field(default=32000, ge=2000)


class ResolvedProvider(StrictModel):
    """Everything a run needs to reach a model, except the key (resolved lazily)."""

    name: str
    spec: ProviderSpec
    model: str
    base_url: str
    config_key: str | None = Field(default=None, repr=False, exclude=True)

    @property
    def is_local(self) -> bool:
        """True when the server is on this machine (nothing leaves it).

        Local means the host is ``localhost`` or a loopback address (127.0.0.0/8, ::1);
        a machine on the office network (10.x, 192.168.x) is not local. Requests to a local
        server ignore proxy settings (see :func:`selfreview.modelclient.transport.deadline_client`).
        """
        host = urlsplit(self.base_url).hostname or ""
        if host in LOCAL_HOSTS:
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


def load_registry() -> dict[str, ProviderSpec]:
    """The bundled providers, by name."""
    path = data_file("providers.yaml")
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
        return {name: ProviderSpec.model_validate(entry) for name, entry in data.items()}
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise DataFileError(f"无法读取 provider 列表（{exc}）", path=path) from None
    except ValidationError as exc:
        raise DataFileError(describe_validation_error(exc), path=path) from None


def provider_names(config: UserConfig | None = None) -> list[str]:
    """Every provider a user can name: the registry's, the config file's, and offline."""
    names = list(load_registry())
    names += [n for n in (config.providers if config else {}) if n not in names]
    return [*names, OFFLINE]


def configured_provider(config: UserConfig) -> str | None:
    """What ``--provider auto`` means: ``$SELFREVIEW_PROVIDER``, else the config file."""
    return os.environ.get("SELFREVIEW_PROVIDER") or config.provider


def resolve_provider(
    name: str, config: UserConfig, *, model: str | None = None, base_url: str | None = None
) -> ResolvedProvider:
    """Merge registry, config file and command line into the settings for ``name``."""
    registry = load_registry()
    override = config.providers.get(name)
    if name not in registry and override is None:
        known = "、".join(provider_names(config))
        raise ProviderError(f"未知的 provider：{name}（可用：{known}；也可在配置文件中添加）")
    base = registry[name].model_dump() if name in registry else {}
    if override is not None:
        base.update(override.model_dump(exclude_none=True, exclude={"api_key"}))
    base.setdefault("label", name)
    base.setdefault("key_env", f"{name.upper().replace('-', '_')}_API_KEY")
    base.setdefault("output", OutputMode.JSON_OBJECT.value)
    if "base_url" not in base or "model" not in base:
        raise ProviderError(
            f"配置文件中的 provider {name} 须写明 base_url 和 model", path=config_path()
        )
    try:
        spec = ProviderSpec.model_validate(base)
    except ValidationError as exc:
        raise ProviderError(describe_validation_error(exc), path=config_path()) from None
    table = override or ProviderOverride()
    top = config if config.provider == name else UserConfig()
    return ResolvedProvider(
        name=name,
        spec=spec,
        model=model or table.model or top.model or spec.model,
        base_url=(base_url or table.base_url or top.base_url or spec.base_url).rstrip("/"),
        config_key=table.api_key,
    )


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key and where it was found (``repr`` leaves the key out)."""

    value: str = field(repr=False)
    origin: str
    """Where the key came from, in Chinese, for messages: "环境变量 DEEPSEEK_API_KEY" or
    "配置文件 … 中 [providers.x] 的 api_key"."""
    from_env: bool
    """True for the environment variable, False for the config file."""


def find_api_key(provider: ResolvedProvider) -> ApiKey | None:
    """The API key configured for ``provider`` and where it came from, or None.

    The one place that knows the order: the environment variable the provider names
    (``key_env``, e.g. ``DEEPSEEK_API_KEY``), then ``api_key`` in the provider's table of
    the config file. Blank values count as unset.
    """
    from_env = os.environ.get(provider.spec.key_env, "").strip()
    if from_env:
        return ApiKey(from_env, f"环境变量 {provider.spec.key_env}", from_env=True)
    from_config = (provider.config_key or "").strip()
    if from_config:
        origin = f"配置文件 {config_path()} 中 [providers.{provider.name}] 的 api_key"
        return ApiKey(from_config, origin, from_env=False)
    return None


def resolve_api_key(provider: ResolvedProvider) -> str:
    """The API key for ``provider``, read only when a request is about to be sent.

    Found as :func:`find_api_key` says. A provider that needs no key (a local server) gets
    a dummy value; one that needs a key and has none raises :class:`MissingKeyError`.
    """
    found = find_api_key(provider)
    if found is not None:
        return found.value
    if not provider.spec.needs_key:
        return "not-needed"
    raise MissingKeyError(
        f"未找到 {provider.spec.label} 的 API key：请设置环境变量 {provider.spec.key_env}"
        f"（例如 export {provider.spec.key_env}=…），或在配置文件 {config_path()} 的"
        f" [providers.{provider.name}] 中写 api_key"
    )


def mask_key(key: str) -> str:
    """``sk-abcd…wxyz`` style: enough to tell keys apart, never enough to use one."""
    if len(key) < 16:  # a short key would be mostly shown
        return "****"
    return f"{key[:3]}…{key[-4:]}"
