"""``draft check`` against a labelled corpus: per-rule precision and recall (issue 15).

Every ``fixtures/materials/NAME.findings.yaml`` names a material of that folder and the
findings a genre expert expects in it (rule id and where). A finding the expert did not
expect is a false positive; an expected one the check does not report is a false negative.
Run with ``-s`` to see the table; a failing assertion prints it too.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from selfreview.checks import Finding, load_rules, run_checks
from selfreview.workflow.checking import check_target

MATERIALS = Path(__file__).resolve().parents[1] / "fixtures" / "materials"

NEW_RULES = (
    "unsourced-problem",
    "uncovered-fact",
    "example-off-topic",
    "example-restates",
    "example-frame",
    "example-advice",
    "dangling-de",
    "measure-unrelated",
    "measure-lead-twice",
    "stale-headline",
)
"""The rules issue 15 adds: each must find every case planted for it."""

_UNIT_ID = re.compile(r"^[PCME][0-9]+$")


@dataclass(frozen=True)
class Expected:
    """One finding the expert expects: a rule and where (a unit id or part of a location)."""

    rule: str
    at: str

    def matches(self, finding: Finding) -> bool:
        """Whether ``finding`` is this one: same rule, same unit (or location part)."""
        if finding.rule != self.rule:
            return False
        if _UNIT_ID.match(self.at):
            return finding.location.id == self.at
        return self.at in finding.location.describe()


@dataclass(frozen=True)
class Case:
    """A material of the corpus with its expected findings and what the check found."""

    file: str
    quality: str
    expected: tuple[Expected, ...]
    found: tuple[Finding, ...]


def _load(path: Path) -> Case:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = tuple(Expected(str(e["rule"]), str(e["at"])) for e in data["findings"] or [])
    found = run_checks(check_target(MATERIALS / data["file"]), load_rules())
    return Case(data["file"], data["quality"], expected, tuple(found))


@cache
def corpus() -> tuple[Case, ...]:
    """Every labelled material, checked once."""
    return tuple(_load(p) for p in sorted(MATERIALS.glob("*.findings.yaml")))


@dataclass
class Score:
    """Counts for one rule over the corpus."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """Share of the rule's findings the expert expected (None without findings)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Share of the expected cases the rule found (None without expected cases)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def compare(case: Case) -> tuple[list[Expected], list[Expected], list[Finding]]:
    """(found as expected, expected but not found, found but not expected); each finding
    answers at most one expectation."""
    left = list(case.found)
    hits: list[Expected] = []
    misses: list[Expected] = []
    for expected in case.expected:
        match = next((f for f in left if expected.matches(f)), None)
        if match is None:
            misses.append(expected)
        else:
            left.remove(match)
            hits.append(expected)
    return hits, misses, left


@cache
def scores() -> dict[str, Score]:
    """Per rule: true positives, false positives and false negatives over the corpus."""
    table: dict[str, Score] = {}
    for case in corpus():
        hits, misses, extra = compare(case)
        for e in hits:
            table.setdefault(e.rule, Score()).tp += 1
        for e in misses:
            table.setdefault(e.rule, Score()).fn += 1
        for f in extra:
            table.setdefault(f.rule, Score()).fp += 1
    return dict(sorted(table.items()))


def table() -> str:
    """The per-rule table, and where the misses and false alarms are."""

    def shown(value: float | None) -> str:
        return "  -  " if value is None else f"{value:5.2f}"

    lines = [f"{'rule':<20} {'TP':>3} {'FP':>3} {'FN':>3} precision recall"]
    for rule, s in scores().items():
        lines.append(
            f"{rule:<20} {s.tp:>3} {s.fp:>3} {s.fn:>3}     {shown(s.precision)}  {shown(s.recall)}"
        )
    total = Score(*(sum(getattr(s, k) for s in scores().values()) for k in ("tp", "fp", "fn")))
    lines.append(
        f"{'all':<20} {total.tp:>3} {total.fp:>3} {total.fn:>3}"
        f"     {shown(total.precision)}  {shown(total.recall)}"
    )
    for case in corpus():
        _, misses, extra = compare(case)
        for e in misses:
            lines.append(f"missed  {case.file}: {e.rule} at {e.at}")
        for f in extra:
            lines.append(f"extra   {case.file}: {f.rule} at {f.location.describe()}")
    return "\n".join(lines)


def test_the_corpus_has_good_and_bad_hand_written_and_drafted_materials() -> None:
    cases = corpus()
    assert len(cases) >= 6
    for quality in ("good", "bad"):
        files = [c.file for c in cases if c.quality == quality]
        assert any(f.endswith(".draft.json") for f in files), quality
        assert any(not f.endswith(".json") for f in files), quality
    assert all(c.expected for c in cases if c.quality == "bad")
    assert not any(c.expected for c in cases if c.quality == "good")


def test_print_the_table() -> None:
    print("\n" + table())
    assert scores()


def test_no_false_positives_on_the_good_materials() -> None:
    noise = [(c.file, f.rule, f.location.describe()) for c in corpus() if c.quality == "good"
             for f in c.found]  # fmt: skip
    assert noise == [], table()


@pytest.mark.parametrize("rule", NEW_RULES)
def test_every_new_rule_finds_each_case_planted_for_it(rule: str) -> None:
    score = scores().get(rule, Score())
    assert score.tp + score.fn >= 1, f"no case planted for {rule}\n{table()}"
    assert score.recall == 1.0, table()


def test_the_corpus_expects_only_known_rules() -> None:
    from selfreview.checks import RULES

    unknown = {e.rule for c in corpus() for e in c.expected} - set(RULES)
    assert not unknown


def test_each_material_is_described_in_the_readme() -> None:
    readme = (MATERIALS / "README.md").read_text(encoding="utf-8")
    named = Counter(p.name for p in MATERIALS.iterdir() if p.is_file() and p.name != "README.md")
    assert [n for n in named if f"`{n}`" not in readme] == []


# -- one check path: the API and draft check agree on the corpus's drafts ---------------


@pytest.mark.parametrize("name", ["good-water-draft.draft.json", "bad-water-draft.draft.json"])
def test_api_and_draft_check_agree_on_the_drafts(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import selfreview
    from selfreview.cli.app import run_cli

    path = tmp_path / name
    shutil.copy(MATERIALS / name, path)

    def both() -> tuple[list[object], list[object]]:
        api = [f.model_dump(mode="json") for f in selfreview.open_draft(path).check()]
        run_cli(["check", str(path), "--json"])
        cli = json.loads(capsys.readouterr().out)["findings"]
        return api, cli

    api, cli = both()
    assert api == cli
    review = selfreview.open_draft(path)
    answered = review.measures[0].addresses
    for problem_id in answered:  # the first measure now answers nothing
        review.reject(problem_id)
    review.reject(review.causes[-1].id)
    api_after, cli_after = both()
    assert api_after == cli_after
    assert api_after != api
    rejected = {*answered, review.causes[-1].id}
    assert not {f["location"]["id"] for f in cli_after} & rejected  # type: ignore[index]
    assert "measure-rejected" in {f["rule"] for f in cli_after}  # type: ignore[index]
