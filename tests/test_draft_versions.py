"""Every earlier draft-file version loads as the current one, losing no decision or edit.

The files under tests/data were saved by the real code of their version (see
tests/data/README.md); they are never rewritten by the tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from selfreview.draftfile import DRAFT_FORMAT, DRAFT_FORMATS, load_draft, save_draft
from selfreview.errors import DraftFileError
from selfreview.record import Status
from selfreview.review.build import BuildOptions, build_document
from selfreview.review.gate import printed_measure
from selfreview.review.session import ReviewSession
from selfreview.units import get_fields, unit_ids

DATA = Path(__file__).parent / "data"
V1 = DATA / "draft-v1-approved.json"
V2 = DATA / "draft-v2-reviewed.json"
V3 = DATA / "draft-v3-reviewed.json"
V4 = DATA / "draft-v4-reviewed.json"


def _raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _copy(path: Path, folder: Path) -> Path:
    target = folder / "笔记.draft.json"
    shutil.copy(path, target)
    return target


def test_the_fixtures_are_the_versions_they_claim() -> None:
    formats = [_raw(source)["format"] for source in (V1, V2, V3, V4)]
    assert formats == list(DRAFT_FORMATS[:4])
    assert DRAFT_FORMATS[-1] == DRAFT_FORMAT == "selfreview.draft/5"


@pytest.mark.parametrize("source", [V2, V3], ids=["v2", "v3"])
def test_a_version_2_or_3_draft_keeps_every_decision_and_edit(source: Path, tmp_path: Path) -> None:
    old = _raw(source)
    draft = load_draft(_copy(source, tmp_path))
    assert draft.format == DRAFT_FORMAT and draft.material is not None
    assert list(draft.review) == list(old["review"])
    for uid, before in old["review"].items():
        after = draft.review[uid].model_dump(mode="json")
        assert after["decisions"] == before["decisions"], uid
        assert after["flag"] == before["flag"], uid  # no "edited by hand" flag either
        assert len(after["revisions"]) == len(before["revisions"]), uid
        for new, was in zip(after["revisions"], before["revisions"], strict=True):
            assert {k: v for k, v in new.items() if k != "fields"} == {
                k: v for k, v in was.items() if k != "fields"
            }
            for name, text in was["fields"].items():
                if uid.startswith("M") and name == "body":  # frozen lead stripped
                    assert text.endswith(new["fields"][name]), (uid, text)
                elif uid.startswith("C") and name == "body":  # frozen tail stripped
                    assert text.startswith(new["fields"][name]), (uid, text)
                else:
                    assert new["fields"][name] == text, (uid, name)
        assert draft.review[uid].current.fields == get_fields(draft.material, uid)


def test_a_version_2_draft_loses_its_frozen_leads_but_not_the_reviewers_words(
    tmp_path: Path,
) -> None:
    old = {m["id"]: m for m in _raw(V2)["material"]["measures"]}
    draft = load_draft(_copy(V2, tmp_path))
    assert draft.material is not None
    new = {m.id: m for m in draft.material.measures}
    for mid in ("M1", "M2", "M4", "M5"):  # drafted leads, M1's edited by the reviewer
        assert old[mid]["body"].startswith("针对“") and not new[mid].body.startswith("针对")
    assert "制定个人年度学习计划" in new["M1"].body and new["M1"].leader == "王某某"
    assert draft.review["M1"].current.origin == "edited"
    # The reviewer's own leads quote no problem headline: they are the reviewer's words.
    assert new["M3"].body == old["M3"]["body"] and new["M3"].body.startswith("针对会议偏多")
    assert new["M6"].body == old["M6"]["body"]
    statuses = {uid: unit.status for uid, unit in draft.review.items()}
    assert statuses["M3"] is Status.APPROVED_WITH_EDITS and statuses["M5"] is Status.REJECTED
    assert statuses["P1"] is Status.APPROVED_WITH_EDITS and statuses["P5"] is Status.REJECTED
    problems = {p.id: p.headline for p in draft.material.all_problems()}
    assert problems["P1"] == "学习主动性不够强"


def test_a_migrated_draft_prints_one_lead_naming_the_current_headlines(tmp_path: Path) -> None:
    path = _copy(V2, tmp_path)
    session = ReviewSession(load_draft(path), path, by="审阅人")
    printed = printed_measure(session.draft, "M1")
    assert printed.count("针对“") == 1
    assert "针对“学习主动性不够强”“学习不够系统深入”“研讨交流不够深入”等问题，" in printed
    m2 = printed_measure(session.draft, "M2")
    assert "“思想不够解放”" in m2 and "推进落实力度不够大" not in m2  # P5 was rejected
    session.approve_all()
    out = tmp_path / "定稿.md"
    build_document(session.draft, BuildOptions(output=out, allow_placeholders=True, ledger=True))
    text = out.read_text(encoding="utf-8")
    assert "针对“学习主动性不够强”" in text and "“学习不够积极主动”" not in text


def test_a_migrated_draft_saves_as_the_current_version_and_reloads_unchanged(
    tmp_path: Path,
) -> None:
    for source in (V1, V2, V3):
        path = _copy(source, tmp_path)
        draft = load_draft(path)
        save_draft(draft, path)
        assert _raw(path)["format"] == DRAFT_FORMAT
        assert load_draft(path) == draft


def test_a_version_1_draft_keeps_its_bulk_approval_and_loses_its_leads(tmp_path: Path) -> None:
    old = _raw(V1)
    draft = load_draft(_copy(V1, tmp_path))
    assert draft.format == DRAFT_FORMAT and draft.material is not None
    assert list(draft.review) == unit_ids(draft.material)
    approval = old["approval"]
    for unit in draft.review.values():
        assert unit.status is Status.APPROVED and not unit.flag
        [decision] = unit.decisions
        assert (decision.by, decision.via) == (approval["by"], "approve-all")
        assert decision.at.isoformat().startswith(approval["at"][:19])
    for measure in draft.material.measures:
        assert not measure.body.startswith("针对")
        assert draft.review[measure.id].current.fields["body"] == measure.body
    old_bodies = [m["body"] for m in old["material"]["measures"]]
    assert all(b.startswith("针对“") for b in old_bodies)
    assert [m.body for m in draft.material.measures] == [
        b[b.index("等问题，") + 4 :] for b in old_bodies
    ]


def test_a_version_1_draft_without_approval_loads_pending(tmp_path: Path) -> None:
    raw = _raw(V1)
    del raw["approval"]
    path = tmp_path / "笔记.draft.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    draft = load_draft(path)
    assert draft.material is not None
    assert all(u.status is Status.PENDING for u in draft.review.values())
    assert not any(m.body.startswith("针对") for m in draft.material.measures)


def test_an_unknown_version_is_one_line_naming_the_file(tmp_path: Path) -> None:
    raw = _raw(V2)
    raw["format"] = "selfreview.draft/9"
    path = tmp_path / "笔记.draft.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DraftFileError, match=DRAFT_FORMAT) as refused:
        load_draft(path)
    assert refused.value.path == path


def test_a_version_3_draft_loses_its_frozen_cause_tails_but_not_the_reviewers_words(
    tmp_path: Path,
) -> None:
    old = {c["id"]: c for c in _raw(V3)["material"]["causes"]}
    draft = load_draft(_copy(V3, tmp_path))
    assert draft.material is not None
    new = {c.id: c for c in draft.material.causes}
    for cid in ("C1", "C2"):  # drafted tails; C1's body edited by the reviewer, tail kept
        assert old[cid]["body"].endswith("等问题，根子都在这里")
        assert old[cid]["body"].startswith(new[cid].body) and "根子都在这里" not in new[cid].body
    assert "挤时间自学少" in new["C1"].body and draft.review["C1"].current.origin == "edited"
    assert new["C3"].body == old["C3"]["body"]  # the reviewer's own tail quotes no headline
    statuses = {uid: unit.status for uid, unit in draft.review.items()}
    assert statuses["C1"] is Status.PENDING and statuses["C2"] is Status.APPROVED
    assert statuses["C3"] is Status.APPROVED_WITH_EDITS and statuses["P4"] is Status.REJECTED
    assert new["C1"].explains == ["P1", "P2", "P3"] and "P4" in new["C2"].explains
    assert draft.material.measures[0].leader == "王某某"


def test_a_migrated_version_3_draft_builds_without_a_stale_or_rejected_headline(
    tmp_path: Path,
) -> None:
    path = _copy(V3, tmp_path)
    session = ReviewSession(load_draft(path), path, by="审阅人")
    session.approve_all()
    out = tmp_path / "定稿.md"
    build_document(session.draft, BuildOptions(output=out, allow_placeholders=True, ledger=True))
    text = out.read_text(encoding="utf-8")
    assert "“学习主动性不够强”" in text  # P1's new headline, in M1's computed lead
    for stale in ("学习不够积极主动", "思想不够解放"):  # P1's old headline, rejected P4
        assert stale not in text
    assert "根子都在这里" in text  # C3's tail is the reviewer's


def test_a_machine_written_measure_restating_its_lead_loses_it_on_loading(
    tmp_path: Path,
) -> None:
    raw = _raw(V3)
    restated = "针对学习不够深入、调研不够扎实等问题，"
    for uid in ("M3", "M1"):  # M3 as drafted; M1 drafted, then edited by the reviewer
        [measure] = [m for m in raw["material"]["measures"] if m["id"] == uid]
        revisions = raw["review"][uid]["revisions"]
        revisions[0]["fields"]["body"] = restated + revisions[0]["fields"]["body"]
        if uid == "M3":
            measure["body"] = revisions[0]["fields"]["body"]
    path = tmp_path / "笔记.draft.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    draft = load_draft(path)
    assert draft.material is not None
    bodies = {m.id: m.body for m in draft.material.measures}
    assert not bodies["M3"].startswith("针对") and bodies["M3"].startswith("围绕")
    assert draft.review["M3"].current.fields["body"] == bodies["M3"] and not draft.review["M3"].flag
    assert not draft.review["M1"].revisions[0].fields["body"].startswith("针对")
    assert bodies["M1"] == raw["review"]["M1"]["revisions"][-1]["fields"]["body"]


def test_a_version_4_draft_keeps_every_decision_and_edit_and_gets_run_options(
    tmp_path: Path,
) -> None:
    old = _raw(V4)
    draft = load_draft(_copy(V4, tmp_path))
    assert draft.format == DRAFT_FORMAT and draft.material is not None
    assert {uid: unit.model_dump(mode="json") for uid, unit in draft.review.items()} == old[
        "review"
    ]
    assert draft.material.model_dump(mode="json") == old["material"]
    assert (
        draft.status("P2") is Status.REJECTED and draft.status("P1") is Status.APPROVED_WITH_EDITS
    )
    # the options an offline /4 draft was made with: offline, default layout, no roster
    assert draft.options.provider == "offline" and draft.options.base_url is None
    assert draft.options.layout == {} and draft.options.names == []


def test_a_migrated_model_draft_regenerates_on_the_server_it_was_drafted_with(
    tmp_path: Path,
) -> None:
    """/4 kept the server only in the model log: the migration makes it the run option."""
    raw = _raw(V4)
    raw["settings"].update(provider="vllm", model="qwen-72b")
    raw["model_log"] = {
        "provider": "vllm",
        "model": "qwen-72b",
        "base_url": "http://10.1.2.3:8000/v1",
    }
    path = tmp_path / "笔记.draft.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    options = load_draft(path).options
    assert (options.provider, options.model, options.base_url) == (
        "vllm",
        "qwen-72b",
        "http://10.1.2.3:8000/v1",
    )
    assert options.redact is None  # as before: decided by where the server is
