"""Every test runs with its own empty config and cache, and no provider keys set.

Property tests run under one of two hypothesis profiles (see thoroughness.py): "fast" by
default, "thorough" with ``--hypothesis-profile=thorough``, which scripts/test.sh (the
README's test command, and so CI) always passes.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from thoroughness import FAST, THOROUGH

settings.register_profile("thorough", max_examples=THOROUGH)
settings.register_profile("fast", max_examples=FAST)
# hypothesis's pytest plugin loads a profile named by --hypothesis-profile after this
settings.load_profile("fast")

KEY_VARIABLES = (
    "OPENAI_API_KEY",
    "DEEPSEEK_API_KEY",
    "DASHSCOPE_API_KEY",
    "MOONSHOT_API_KEY",
    "ZHIPUAI_API_KEY",
    "OLLAMA_API_KEY",
    "VLLM_API_KEY",
    "SELFREVIEW_PROVIDER",
)


@pytest.fixture(autouse=True, scope="session")
def _one_certificate_store() -> Iterator[None]:
    """Build the TLS context of model clients once per run instead of once per client.

    Tests talk plain HTTP to 127.0.0.1, yet every client loads the machine's CA
    certificates (about 0.1 s each, some 160 times a run). Where httpcore2 has no such
    function (another version), nothing changes.
    """
    try:
        import httpcore2
    except ImportError:
        yield
        return
    made = getattr(httpcore2, "default_ssl_context", None)
    if made is None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(httpcore2, "default_ssl_context", functools.cache(made))
        yield


@pytest.fixture(scope="session")
def _user_homes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("users")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(_user_homes: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # mkdtemp, not tmp_path_factory.mktemp: that one lists every folder made so far to
    # number the next, which over some 2,000 tests cost seconds.
    home = Path(tempfile.mkdtemp(dir=_user_homes))
    monkeypatch.setenv("SELFREVIEW_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("SELFREVIEW_CACHE_DIR", str(home / "cache"))
    for name in KEY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def user_cache() -> Path:
    """The cache folder the current test's runs write to."""
    import os

    return Path(os.environ["SELFREVIEW_CACHE_DIR"])
