"""The user's config file and the per-user directories selfreview writes to.

Config file (TOML), first found of:

1. ``$SELFREVIEW_CONFIG``
2. ``%APPDATA%\\selfreview\\config.toml`` on Windows,
   ``$XDG_CONFIG_HOME/selfreview/config.toml`` (default ``~/.config/…``) elsewhere.

Example::

    provider = "deepseek"          # what --provider auto uses
    jobs = 4
    retries = 2

    [providers.deepseek]
    model = "deepseek-chat"

    [providers.mycorp]             # any other OpenAI-compatible server
    base_url = "http://10.1.2.3:8000/v1"
    model = "qwen2.5-72b-instruct"
    output = "json_schema"
    needs_key = false
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from selfreview.errors import ConfigError
from selfreview.places import config_path, user_cache_home
from selfreview.schema import StrictModel
from selfreview.validation import describe_validation_error


class ProviderOverride(StrictModel):
    """A provider's table in the config file: overrides or a new provider."""

    label: str | None = None
    base_url: str | None = None
    model: str | None = None
    key_env: str | None = None
    api_key: str | None = None
    """Allowed, but an environment variable is safer; never printed."""
    needs_key: bool | None = None
    output: str | None = None
    extra_body: dict[str, Any] | None = None
    context_tokens: int | None = None


class UserConfig(StrictModel):
    """The whole config file."""

    provider: str | None = None
    model: str | None = None
    base_url: str | None = None
    jobs: int | None = Field(default=None, ge=1, le=64)
    retries: int | None = Field(default=None, ge=0, le=10)
    timeout: float | None = Field(default=None, gt=0)
    providers: dict[str, ProviderOverride] = Field(default_factory=dict)


def cache_dir() -> Path:
    """Where model exchanges are cached: ``$SELFREVIEW_CACHE_DIR`` or the user cache dir."""
    explicit = os.environ.get("SELFREVIEW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return user_cache_home() / "responses"


def load_config(path: Path | None = None) -> UserConfig:
    """Read the config file; a missing file is an empty config."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserConfig()
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件（{exc.strerror}）", path=path) from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件不是有效的 TOML（{exc}）", path=path) from None
    try:
        return UserConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc), path=path) from None
