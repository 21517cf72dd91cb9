"""``draft import`` of a document this tool built gives back the same structure.

Draft offline from a fixture's notes, build .docx and .md (as a 讨论稿 with the 落款 and the
ledger, the hardest case: a mark above the title, placeholders, the unit and date and an
attachment after the closing), import
the built file and compare title, preamble, parts, aspects, problems, causes and measures
(headlines, bodies, examples) and the closing. Ids, sources and links are not in a document
and are not compared; the 落款 comes back as the import's signature.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from selfreview.cli.app import run_cli
from selfreview.draftfile import load_draft
from selfreview.importing import import_file
from selfreview.render.compose import bare_headline, measure_lead, split_paragraphs
from selfreview.schema import Material, Problem
from selfreview.textrules import clean

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ["bureau-2026-collective.txt", "personal-deputy-director.txt", "sample-notes.txt"]
SIGNED = {  # the 落款's default unit (the person, for a personal material), as built
    "bureau-2026-collective.txt": "某市生态环境局党组",
    "personal-deputy-director.txt": "张某某",
    "sample-notes.txt": "某市政府党组",
}


def _text(value: str | None) -> str:
    return "\n\n".join(split_paragraphs(value))


def _item(item: Problem | object) -> tuple[str, ...]:
    headline = bare_headline(getattr(item, "headline", ""))
    body = clean(getattr(item, "body", "")).rstrip("。")
    # A sentence's final 。 is the printer's; a placeholder example ("【待补：具体事例】")
    # must come back as written, without a full stop it never had.
    example = clean(getattr(item, "example", "") or "")
    if not example.rstrip("。").endswith("】"):
        example = example.rstrip("。")
    return (headline, body, example)


def structure(material: Material) -> dict[str, object]:
    """What a reader of the document sees, without ids, sources and links."""
    return {
        "title": clean(material.title),
        "preamble": _text(material.preamble),
        "headings": material.headings.model_dump(),
        "aspects": [clean(g.aspect).rstrip("。") for g in material.problems],
        "problems": [[_item(p) for p in g.items] for g in material.problems],
        "causes": [_item(c) for c in material.causes],
        # A measure's printed body opens with the lead naming its problems (from its links).
        "measures": [
            (bare_headline(m.headline), clean(measure_lead(material, m) + m.body).rstrip("。"))
            for m in material.measures
        ],
        "extra": [
            (e.heading, e.position, [_text(p) for p in e.paragraphs]) for e in material.extra_parts
        ],
        "closing": _text(material.closing),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Material, Path]]:
    folder = tmp_path_factory.mktemp("roundtrip")
    out: dict[str, tuple[Material, Path]] = {}
    for name in FIXTURES:
        notes = folder / name
        shutil.copy(ROOT / "fixtures" / "notes" / name, notes)
        docx_out = notes.with_suffix(".docx")
        args = [str(notes), "-o", str(docx_out), "--approve-all", "--allow-placeholders"]
        assert run_cli([*args, "--ledger", "--sign-date", "2026-01-06"]) == 0
        draft = load_draft(notes.with_name(notes.stem + ".draft.json"))
        assert draft.material is not None
        md_out = notes.with_suffix(".md")
        build = ["build", str(notes.with_name(notes.stem + ".draft.json")), "-o", str(md_out)]
        assert run_cli([*build, "--allow-placeholders", "--ledger"]) == 0
        out[name] = (draft.material, docx_out)
    return out


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_import_of_a_built_document_gives_back_its_structure(
    built: dict[str, tuple[Material, Path]], name: str, suffix: str
) -> None:
    material, docx_path = built[name]
    imported = import_file(docx_path.with_suffix(suffix))
    want, got = structure(material), structure(imported.material)
    for key in want:
        assert got[key] == want[key], key
    # The 讨论稿 mark and the attached 整改清单 are left out of the material, and said so.
    assert [u.text for u in imported.unplaced if "讨论稿" in u.text] == []
    assert any(u.text.strip("*") == "讨论稿" for u in imported.skipped)
    assert any("整改清单" in u.text for u in imported.skipped)
    # The 落款 below the closing comes back as the signature, not as closing or measure text.
    assert imported.signature is not None
    assert (imported.signature.unit, imported.signature.date) == (SIGNED[name], "2026年1月6日")
