"""The offline drafter's phrase bank: canonical headlines, elaborations, causes, measures.

The bank is data (``prompts/offline/phrasebank.yaml``) so that a unit can tune the wording
without touching code. Text may use only the placeholders listed in
:data:`ALLOWED_FIELDS`; loading checks that every template formats.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from selfreview.errors import DataFileError
from selfreview.resources import data_file
from selfreview.schema import StrictModel, Voice
from selfreview.validation import describe_validation_error

ALLOWED_FIELDS = frozenset(
    {
        "who",
        "we",
        "notice",
        "org",
        "theme",
        "study",
        "methods",
        "count",
        "stated",
        "problems",
        "aspect",
    }
)


class VoiceWords(StrictModel):
    """How one voice names an individual member (``who``) and the group (``we``)."""

    who: str
    we: str


class Theme(StrictModel):
    """A canonical problem: the headline and elaboration for one recurring shortcoming."""

    id: str
    headline: str = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list)
    body: str = ""


class Topic(StrictModel):
    """A family of problem themes (理论学习, 宗旨意识, …) that outline aspects map onto."""

    name: str
    keywords: list[str] = Field(default_factory=list)
    problems: list[Theme] = Field(min_length=2)


class GenericThemes(StrictModel):
    """Themes for an aspect whose topic the bank does not know; may use ``{aspect}``."""

    problems: list[Theme] = Field(min_length=2)


class Remedy(StrictModel):
    """A canonical cause or measure, tied to the topics whose problems it speaks to."""

    id: str
    headline: str = Field(min_length=1)
    topics: list[str] = Field(default_factory=list)
    body: str = ""


class VoiceTexts(StrictModel):
    """A text written once per voice."""

    collective: str
    personal: str

    def pick(self, voice: Voice) -> str:
        """The text for ``voice``."""
        return self.collective if voice is Voice.COLLECTIVE else self.personal


class Intros(StrictModel):
    """Optional paragraphs right under each part heading."""

    problems: str = ""
    causes: str = ""
    measures: str = ""


class NotOpinions(StrictModel):
    """Patterns of notes lines that describe the collection, not an opinion."""

    reason: str = "说明性文字，未作为意见使用"
    patterns: list[str] = Field(default_factory=list)

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式有误：{pattern}（{exc}）") from None
        return patterns

    def matches(self, text: str) -> bool:
        """True when ``text`` is a note about the collection rather than an opinion."""
        return any(re.search(pattern, text.strip()) for pattern in self.patterns)


class PhraseBank(StrictModel):
    """The whole bank as loaded from YAML."""

    version: int = 1
    not_opinions: NotOpinions = Field(default_factory=NotOpinions)
    weak_words: list[str] = Field(default_factory=list)
    """Keywords too common to attach an opinion by themselves (制度, 组织, 政策): they
    count a quarter, and a lexicon only they hit scores nothing."""
    voices: dict[Voice, VoiceWords]
    topics: dict[str, Topic]
    generic: GenericThemes
    causes: list[Remedy] = Field(min_length=3)
    measures: list[Remedy] = Field(min_length=3)
    preamble: VoiceTexts
    intros: Intros = Field(default_factory=Intros)
    closing: VoiceTexts

    @model_validator(mode="after")
    def _templates_are_sound(self) -> PhraseBank:
        for where, text in self._templates():
            fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            unknown = fields - ALLOWED_FIELDS
            if unknown:
                raise ValueError(f"{where} 使用了未知占位符：{'、'.join(sorted(unknown))}")
        for remedy in [*self.causes, *self.measures]:
            unknown_topics = set(remedy.topics) - set(self.topics)
            if unknown_topics:
                raise ValueError(f"{remedy.id} 引用了未知主题：{'、'.join(sorted(unknown_topics))}")
        return self

    def _templates(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for topic_id, topic in self.topics.items():
            found += [(f"topics.{topic_id}.{t.id}", t.body) for t in topic.problems]
            found += [(f"topics.{topic_id}.{t.id}", t.headline) for t in topic.problems]
        found += [(f"generic.{t.id}", t.body + t.headline) for t in self.generic.problems]
        found += [(f"causes.{r.id}", r.body) for r in self.causes]
        found += [(f"measures.{r.id}", r.body) for r in self.measures]
        found += [("preamble", self.preamble.collective + self.preamble.personal)]
        found += [("closing", self.closing.collective + self.closing.personal)]
        found += [("intros", self.intros.problems + self.intros.causes + self.intros.measures)]
        return found


@cache
def load_phrasebank(path: Path | None = None) -> PhraseBank:
    """Load and validate the phrase bank (the bundled one unless ``path`` is given)."""
    import yaml  # deferred: not needed on the --help path

    from selfreview.yamltext import parse_yaml

    path = path or data_file("offline", "phrasebank.yaml")
    try:
        data: Any = parse_yaml(path.read_text(encoding="utf-8"))
        return PhraseBank.model_validate(data)
    except yaml.YAMLError:
        raise DataFileError("短语库 YAML 格式错误", path=path) from None
    except ValidationError as exc:
        raise DataFileError(describe_validation_error(exc), path=path) from None


def fill(template: str, **values: str) -> str:
    """Format a bank template; placeholders without a value are left out, not crashed on."""
    return string.Formatter().vformat(template, (), _Blank(values))


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""
