"""The provider registry, the config file, and resolving provider settings and API keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfreview.errors import ConfigError, MissingKeyError, ProviderError
from selfreview.modelclient.config import UserConfig, load_config
from selfreview.modelclient.providers import (
    OutputMode,
    ResolvedProvider,
    configured_provider,
    load_registry,
    mask_key,
    provider_names,
    resolve_api_key,
    resolve_provider,
)

KEY_ENVS = (
    "OPENAI_API_KEY",
    "DEEPSEEK_API_KEY",
    "DASHSCOPE_API_KEY",
    "MOONSHOT_API_KEY",
    "ZHIPUAI_API_KEY",
    "OLLAMA_API_KEY",
    "VLLM_API_KEY",
    "MYCORP_API_KEY",
    "CORP_TOKEN",
)

EXPECTED = {
    # name: (key_env, output mode, needs_key, base_url host)
    "openai": ("OPENAI_API_KEY", OutputMode.JSON_SCHEMA, True, "api.openai.com"),
    "deepseek": ("DEEPSEEK_API_KEY", OutputMode.JSON_OBJECT, True, "api.deepseek.com"),
    "qwen": ("DASHSCOPE_API_KEY", OutputMode.JSON_OBJECT, True, "dashscope.aliyuncs.com"),
    "kimi": ("MOONSHOT_API_KEY", OutputMode.JSON_OBJECT, True, "api.moonshot.cn"),
    "glm": ("ZHIPUAI_API_KEY", OutputMode.JSON_OBJECT, True, "open.bigmodel.cn"),
    "ollama": ("OLLAMA_API_KEY", OutputMode.JSON_SCHEMA, False, "localhost"),
    "vllm": ("VLLM_API_KEY", OutputMode.JSON_SCHEMA, False, "localhost"),
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No real keys, no real config file: every test sees only what it sets."""
    for name in (*KEY_ENVS, "SELFREVIEW_PROVIDER"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("SELFREVIEW_CONFIG", str(config))
    return config


def write_config(path: Path, text: str) -> UserConfig:
    path.write_text(text, encoding="utf-8")
    return load_config()


# -- registry ----------------------------------------------------------------------------


def test_registry_has_the_seven_providers() -> None:
    assert set(load_registry()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_registry_entry(name: str) -> None:
    key_env, output, needs_key, host = EXPECTED[name]
    spec = load_registry()[name]
    assert spec.key_env == key_env
    assert spec.output is output
    assert spec.needs_key is needs_key
    assert spec.base_url.startswith(("https://", "http://"))
    assert spec.base_url.split("/")[2].split(":")[0] == host
    assert spec.model.strip()
    assert spec.label.strip()
    assert spec.context_tokens >= 2000
    if needs_key:
        # A key is only ever sent over TLS to a remote provider.
        assert spec.base_url.startswith("https://")


def test_qwen_turns_thinking_off_in_the_request_body() -> None:
    registry = load_registry()
    assert registry["qwen"].extra_body == {"enable_thinking": False}
    assert all(spec.extra_body == {} for name, spec in registry.items() if name != "qwen")


def test_provider_names_include_config_providers_and_offline(clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.mycorp]\nbase_url = "http://x/v1"\nmodel = "m"\n')
    names = provider_names(config)
    assert names[-1] == "offline"
    assert set(EXPECTED) | {"mycorp"} <= set(names)
    assert len(names) == len(set(names))


def test_registry_defaults_when_nothing_is_configured() -> None:
    resolved = resolve_provider("deepseek", UserConfig())
    spec = load_registry()["deepseek"]
    assert resolved.name == "deepseek"
    assert resolved.model == spec.model == "deepseek-chat"
    assert resolved.base_url == "https://api.deepseek.com/v1"
    assert resolved.spec == spec


# -- resolve_provider precedence -------------------------------------------------------


PRECEDENCE_CONFIG = """
provider = "deepseek"
model = "top-level-model"
base_url = "https://top.example/v1"

[providers.deepseek]
model = "table-model"
base_url = "https://table.example/v1/"
"""


def test_cli_beats_config_file_beats_registry(clean_env: Path) -> None:
    config = write_config(clean_env, PRECEDENCE_CONFIG)
    cli = resolve_provider(
        "deepseek", config, model="cli-model", base_url="http://127.0.0.1:9000/v1/"
    )
    assert (cli.model, cli.base_url) == ("cli-model", "http://127.0.0.1:9000/v1")
    table = resolve_provider("deepseek", config)
    assert (table.model, table.base_url) == ("table-model", "https://table.example/v1")


def test_provider_table_beats_top_level_keys(clean_env: Path) -> None:
    # The documented order: the provider's own table, then the top-level keys.
    config = write_config(clean_env, PRECEDENCE_CONFIG)
    resolved = resolve_provider("deepseek", config)
    assert resolved.model == "table-model"
    assert resolved.base_url == "https://table.example/v1"


def test_top_level_keys_apply_to_the_configured_provider_only(clean_env: Path) -> None:
    config = write_config(
        clean_env,
        'provider = "deepseek"\nmodel = "deepseek-reasoner"\nbase_url = "https://proxy.example/v1"\n',
    )
    chosen = resolve_provider("deepseek", config)
    assert chosen.model == "deepseek-reasoner"
    assert chosen.base_url == "https://proxy.example/v1"
    other = resolve_provider("kimi", config)
    assert other.model == load_registry()["kimi"].model
    assert other.base_url == load_registry()["kimi"].base_url


def test_table_overrides_only_what_it_sets(clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.qwen]\nmodel = "qwen-max"\n')
    resolved = resolve_provider("qwen", config)
    registry = load_registry()["qwen"]
    assert resolved.model == "qwen-max"
    assert resolved.base_url == registry.base_url
    assert resolved.spec.key_env == "DASHSCOPE_API_KEY"
    assert resolved.spec.extra_body == {"enable_thinking": False}
    assert resolved.spec.output is OutputMode.JSON_OBJECT


def test_table_can_change_output_mode_and_key_env(clean_env: Path) -> None:
    config = write_config(
        clean_env, '[providers.openai]\noutput = "tools"\nkey_env = "CORP_TOKEN"\n'
    )
    resolved = resolve_provider("openai", config)
    assert resolved.spec.output is OutputMode.TOOLS
    assert resolved.spec.key_env == "CORP_TOKEN"


def test_new_provider_defined_only_in_the_config_file(clean_env: Path) -> None:
    config = write_config(
        clean_env,
        """
[providers.mycorp]
base_url = "http://10.1.2.3:8000/v1"
model = "qwen2.5-72b-instruct"
output = "json_schema"
needs_key = false
""",
    )
    resolved = resolve_provider("mycorp", config)
    assert resolved.model == "qwen2.5-72b-instruct"
    assert resolved.base_url == "http://10.1.2.3:8000/v1"
    assert resolved.spec.output is OutputMode.JSON_SCHEMA
    assert resolved.spec.needs_key is False
    assert resolved.spec.label == "mycorp"
    assert resolved.spec.key_env == "MYCORP_API_KEY"
    assert resolve_api_key(resolved) == "not-needed"


def test_new_provider_defaults_to_json_mode_and_needing_a_key(clean_env: Path) -> None:
    config = write_config(
        clean_env, '[providers.mycorp]\nbase_url = "https://llm.corp.example/v1"\nmodel = "m"\n'
    )
    resolved = resolve_provider("mycorp", config)
    assert resolved.spec.output is OutputMode.JSON_OBJECT
    with pytest.raises(MissingKeyError, match="MYCORP_API_KEY"):
        resolve_api_key(resolved)


def test_new_provider_without_base_url_or_model_is_an_error(clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.mycorp]\nmodel = "m"\n')
    with pytest.raises(ProviderError, match="base_url") as info:
        resolve_provider("mycorp", config)
    assert info.value.path == clean_env


def test_bad_output_mode_in_config_names_the_file(clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.openai]\noutput = "xml"\n')
    with pytest.raises(ProviderError) as info:
        resolve_provider("openai", config)
    assert info.value.path == clean_env
    assert "output" in str(info.value)


def test_unknown_provider_lists_the_known_ones() -> None:
    with pytest.raises(ProviderError) as info:
        resolve_provider("nosuch", UserConfig())
    message = str(info.value)
    assert "nosuch" in message
    assert "deepseek" in message and "offline" in message


def test_auto_uses_env_then_config_file(monkeypatch: pytest.MonkeyPatch, clean_env: Path) -> None:
    config = write_config(clean_env, 'provider = "kimi"\n')
    assert configured_provider(config) == "kimi"
    monkeypatch.setenv("SELFREVIEW_PROVIDER", "glm")
    assert configured_provider(config) == "glm"
    monkeypatch.delenv("SELFREVIEW_PROVIDER")
    assert configured_provider(UserConfig()) is None


# -- config file errors -----------------------------------------------------------------


def test_missing_config_file_is_an_empty_config(clean_env: Path) -> None:
    assert not clean_env.exists()
    assert load_config() == UserConfig()


def test_config_file_read_from_selfreview_config(clean_env: Path) -> None:
    clean_env.write_text('provider = "glm"\njobs = 8\nretries = 0\n', encoding="utf-8")
    config = load_config()
    assert (config.provider, config.jobs, config.retries) == ("glm", 8, 0)


def test_config_file_with_bom_is_read(clean_env: Path) -> None:
    clean_env.write_bytes('\ufeffprovider = "glm"\n'.encode())
    assert load_config().provider == "glm"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('provider = "deepseek\n', "TOML"),
        ("provider = deepseek\n", "TOML"),
        ('provder = "deepseek"\n', "provder"),
        ('[providers.deepseek]\nmodle = "x"\n', "modle"),
        ("jobs = 0\n", "jobs"),
        ("retries = 99\n", "retries"),
    ],
    ids=[
        "unclosed-string",
        "bare-word",
        "unknown-top-field",
        "unknown-table-field",
        "jobs",
        "retries",
    ],
)
def test_config_errors_name_the_file(clean_env: Path, text: str, fragment: str) -> None:
    clean_env.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config()
    assert info.value.path == clean_env
    assert str(clean_env) in str(info.value)
    assert fragment in str(info.value)


def test_config_file_that_is_not_utf8_names_the_file(clean_env: Path) -> None:
    clean_env.write_bytes('provider = "深度"\n'.encode("gbk"))
    with pytest.raises(ConfigError) as info:
        load_config()
    assert info.value.path == clean_env


# -- API keys ---------------------------------------------------------------------------


def test_key_from_the_env_var_the_provider_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHSCOPE_API_KEY", "  sk-from-env-0123456789  ")
    monkeypatch.setenv("QWEN_API_KEY", "sk-wrong-variable")
    assert resolve_api_key(resolve_provider("qwen", UserConfig())) == "sk-from-env-0123456789"


def test_env_var_beats_config_api_key(monkeypatch: pytest.MonkeyPatch, clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.deepseek]\napi_key = "sk-from-config-0000"\n')
    resolved = resolve_provider("deepseek", config)
    assert resolve_api_key(resolved) == "sk-from-config-0000"
    monkeypatch.setenv("DEEPSEEK_API_KEY", "sk-from-env-1111")
    assert resolve_api_key(resolved) == "sk-from-env-1111"
    monkeypatch.setenv("DEEPSEEK_API_KEY", "   ")
    assert resolve_api_key(resolved) == "sk-from-config-0000"


def test_config_key_is_never_dumped_or_shown(clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.deepseek]\napi_key = "sk-secret-value-9999"\n')
    resolved = resolve_provider("deepseek", config)
    assert "sk-secret-value-9999" not in repr(resolved)
    assert "sk-secret-value-9999" not in resolved.model_dump_json()
    assert "api_key" not in resolved.spec.model_dump()


def test_config_key_of_another_provider_is_not_used(clean_env: Path) -> None:
    config = write_config(clean_env, '[providers.kimi]\napi_key = "sk-kimi-key-0000"\n')
    with pytest.raises(MissingKeyError):
        resolve_api_key(resolve_provider("deepseek", config))


@pytest.mark.parametrize("name", ["openai", "deepseek", "qwen", "kimi", "glm"])
def test_missing_key_names_the_env_var(name: str) -> None:
    resolved = resolve_provider(name, UserConfig())
    with pytest.raises(MissingKeyError) as info:
        resolve_api_key(resolved)
    message = str(info.value)
    assert EXPECTED[name][0] in message
    assert f"[providers.{name}]" in message


@pytest.mark.parametrize("name", ["ollama", "vllm"])
def test_local_providers_get_a_dummy_key(name: str) -> None:
    key = resolve_api_key(resolve_provider(name, UserConfig()))
    assert key
    assert key == "not-needed"


def test_local_provider_still_uses_a_key_when_one_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VLLM_API_KEY", "token-abc")
    assert resolve_api_key(resolve_provider("vllm", UserConfig())) == "token-abc"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "a",
        "sk-1234",
        "sk-12345",
        "sk-123456",
        "sk-abcdefghijklmnop",
        "sk-" + "0123456789abcdef" * 3,
        "1a2b3c4d5e6f.abcdefghijklmnopqrstuvwxyz",
    ],
)
def test_mask_key_shows_at_most_three_plus_four_chars(key: str) -> None:
    masked = mask_key(key)
    visible = masked.replace("…", "").replace("*", "")
    assert len(visible) <= 7
    assert masked != key
    if len(key) >= 16:  # shorter keys would be mostly shown
        assert masked == f"{key[:3]}…{key[-4:]}"
        assert key[3:-4] not in masked
    else:
        assert masked == "****"


# -- is_local ---------------------------------------------------------------------------


def provider_at(url: str) -> ResolvedProvider:
    return resolve_provider("openai", UserConfig(), base_url=url)


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:11434/v1",
        "http://127.0.0.1:8000/v1",
        "http://[::1]:8000/v1",
        "http://LOCALHOST:8000/v1",
    ],
)
def test_local_urls(url: str) -> None:
    assert provider_at(url).is_local


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1",
        "http://10.1.2.3:8000/v1",
        "http://localhost.evil.example/v1",
        "http://127.0.0.1.nip.io/v1",
        "https://api.deepseek.com/v1?host=localhost",
    ],
)
def test_remote_urls(url: str) -> None:
    assert not provider_at(url).is_local


def test_registry_local_flags() -> None:
    flags = {name: resolve_provider(name, UserConfig()).is_local for name in EXPECTED}
    assert flags == {name: name in {"ollama", "vllm"} for name in EXPECTED}
