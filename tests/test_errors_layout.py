"""Every exception of the package lives in ``selfreview.errors`` under one base."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import selfreview
from selfreview import errors
from selfreview.errors import (
    DeadlineExpired,
    GaveUp,
    SelfReviewError,
    StructuredOutputError,
    UnknownPlaceholderError,
)

_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _exception_classes() -> list[tuple[str, type[BaseException]]]:
    found = []
    for info in pkgutil.walk_packages(selfreview.__path__, "selfreview."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == info.name
            ):
                found.append((f"{info.name}.{name}", value))
    return found


def test_every_exception_class_is_defined_in_errors_under_the_base() -> None:
    classes = _exception_classes()
    assert len(classes) > 20  # the walk did reach the package's modules
    misplaced = [name for name, cls in classes if cls.__module__ != "selfreview.errors"]
    outside = [name for name, cls in classes if not issubclass(cls, SelfReviewError)]
    assert misplaced == []
    assert outside == []


def test_errors_module_defines_only_exceptions() -> None:
    defined = [
        value
        for value in vars(errors).values()
        if inspect.isclass(value) and value.__module__ == "selfreview.errors"
    ]
    assert all(issubclass(cls, SelfReviewError) for cls in defined)


@pytest.mark.parametrize(
    "err",
    [
        DeadlineExpired(30),
        GaveUp(ConnectionError("reset"), 3),
        UnknownPlaceholderError(["〔人名9〕"]),
        UnknownPlaceholderError(["〔人名9〕"], label="问题:1", raw="〔人名9〕"),
    ],
)
def test_messages_of_formerly_internal_errors_are_chinese_one_liners(err: SelfReviewError) -> None:
    text = str(err)
    assert _CHINESE.search(text)
    assert "\n" not in text


def test_one_unknown_placeholder_error_for_redactor_and_chat() -> None:
    bare = UnknownPlaceholderError(["〔人名9〕", "〔身份证1〕"])
    labelled = UnknownPlaceholderError(bare.placeholders, label="问题:1", raw="x")
    assert isinstance(bare, StructuredOutputError) and bare.reaskable
    assert "〔人名9〕、〔身份证1〕" in str(bare)
    assert str(labelled).startswith("模型在 问题:1 ")
    assert labelled.errors == bare.errors and labelled.last_raw == "x"
