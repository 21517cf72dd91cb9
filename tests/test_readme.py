"""Every command shown in README.md runs, as a newcomer would run it, and does what it says.

Rules (keep the README to them; the lead's README and this test share them):

1. Commands are the lines of fenced code blocks marked ``bash``, ``sh``, ``shell`` or
   ``console`` (fences may be indented, e.g. inside a list). In a ``console`` block only
   lines starting with ``$ `` are commands; the rest is shown output. A line ending in
   ``\\`` continues on the next. Blank lines and lines starting with ``#`` are skipped.
2. A comment starts at `` #`` (space, hash). If it mentions ``退出码 N`` (or ``退出码为 N``),
   the command must exit with N; otherwise it must exit 0.
3. ``a && b`` runs a, then b. Parts that install or test (``pip …``, ``python -m pip …``,
   ``pytest``, ``python -m pytest``, ``bash scripts/test.sh``) are skipped: CI runs them. ``export NAME=VALUE`` sets
   an environment variable for the commands after it. ``draft …`` runs the CLI (in this
   process, without a terminal). Anything else fails the test: add a rule here first.
4. All commands run in order, top to bottom, in one empty folder that holds a copy of
   ``fixtures/`` and the files the README names (:data:`NOTES_FILES`, :data:`TEXT_FILES`,
   :data:`YAML_FILES`):
   what one command writes (a draft file, an import JSON) the next may use.
5. No command reaches the network: every provider's ``base_url`` points at a local
   OpenAI-compatible server that answers like a good model (``tests/author_server.py``),
   every provider's key variable holds a fake key, and a ``--base-url URL`` in a command
   is replaced by that server's URL. A command with ``--replay`` runs without that config
   file (it reaches no server; with deepseek pointed at 127.0.0.1 it would not redact as
   the recordings were, and miss them).
6. ``python`` blocks (the notebook API) run too, each as a whole in its place among the
   commands, in a fresh namespace, in the same folder; an exception fails the test.
7. A command that needs a person at a terminal (``draft review FILE``, the terminal review)
   says so and exits 1 without one; that counts as run, and the test then does what the
   person would there (:func:`stand_in_review`): it fills every placeholder (【待补…】, xx)
   with a stand-in text and approves every unit of FILE. ``draft NOTES`` without a
   terminal does not go on into the review; it drafts, saves and exits 0.

Model answers cover the two bundled samples only: a model draft of other notes, or with
another outline, fails with "the sample author cannot answer this request".
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from docx import Document

from author_server import author_server
from recorded import NOTES, ROOT
from selfreview.cli.app import run_cli
from selfreview.modelclient.providers import load_registry

pytestmark = pytest.mark.slow

README = ROOT / "README.md"
SHELL_FENCES = ("bash", "sh", "shell", "console")
SKIPPED = (
    ("pip",),
    ("python", "-m", "pip"),
    ("pytest",),
    ("python", "-m", "pytest"),
    ("bash", "scripts/test.sh"),
)
NEEDS_TERMINAL = "终端"
FAKE_KEY = "sk-readme-test-0000"
NO_CONFIG = "no-config.toml"
"""A config file that does not exist (relative to the working folder): built-in defaults."""

NOTES_FILES = {
    "笔记.txt": "sample-notes",
    "征求意见.txt": "personal-solicited",
    "谈话记录.docx": "personal-rest",
}
"""Notes files the README names -> which part of a bundled sample they hold. The
personal sample is cut before its 二、谈心谈话记录 heading: the two files read together
give the same opinions as the whole sample, so the model answers still fit."""
TEXT_FILES = {"班子成员.txt": "# 班子成员名单（示例）\n李明\n赵建国\n周强  # 副市长\n陈红\n"}
"""Other files the README names -> their content."""
YAML_FILES = {"我的提纲.yaml": "aspects:", "我的规则.yaml": "rules:"}
"""Files the README names -> a line that starts the README ``yaml`` block to save as it."""


@dataclass(frozen=True)
class Command:
    """One command from the README: its words, expected exit code, and where it stands."""

    words: tuple[str, ...]
    exit_code: int
    line: int
    text: str


_FENCE = re.compile(r"^(\s*)```\s*([\w-]*)\s*$")
_EXIT = re.compile(r"退出码\s*(?:为\s*)?(\d+)")


def code_blocks(markdown: str) -> list[tuple[str, int, list[str]]]:
    """(language, line number of the first line, lines) of every fenced block; the lines
    lose the fence's own indentation only (YAML keeps its nesting)."""
    blocks: list[tuple[str, int, list[str]]] = []
    current: tuple[str, int, list[str]] | None = None
    indent = ""
    for number, line in enumerate(markdown.splitlines(), 1):
        fence = _FENCE.match(line)
        if current is None and fence:
            current, indent = (fence.group(2).lower(), number + 1, []), fence.group(1)
        elif current is not None and fence and not fence.group(2):
            blocks.append(current)
            current = None
        elif current is not None:
            current[2].append(line.removeprefix(indent))
    return blocks


def commands(markdown: str) -> list[Command]:
    """Every command of the shell blocks, ``&&`` parts apart, per the rules above."""
    found: list[Command] = []
    for language, first, lines in code_blocks(markdown):
        if language not in SHELL_FENCES:
            continue
        pending, start = "", 0
        for offset, raw in enumerate(lines):
            line = raw.strip()
            if language == "console":
                if not line.startswith("$ ") and not pending:
                    continue
                line = line.removeprefix("$ ")
            if not pending:
                start = first + offset
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            line, pending = pending + line, ""
            if not line or line.startswith("#"):
                continue
            text, _, comment = line.partition(" #")
            match = _EXIT.search(comment)
            expected = int(match.group(1)) if match else 0
            for part in text.split("&&"):
                words = tuple(shlex.split(part))
                if words and not any(words[: len(s)] == s for s in SKIPPED):
                    found.append(Command(words, expected, start, part.strip()))
    return found


def python_blocks(markdown: str) -> list[tuple[int, str]]:
    """(line number of the first line, code) of every ``python`` block."""
    return [
        (first, "\n".join(lines) + "\n")
        for language, first, lines in code_blocks(markdown)
        if language in ("python", "py")
    ]


def run_python(code: str, line: int) -> str | None:
    """Run one README python block; None when it ran, else the error."""
    try:
        exec(compile(code, f"README.md:{line}", "exec"), {"__name__": "readme"})
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def yaml_block(markdown: str, first_line: str) -> str:
    """The README ``yaml`` block that starts with ``first_line`` (or holds it at top level)."""
    for language, _, lines in code_blocks(markdown):
        if language in ("yaml", "yml") and any(line.startswith(first_line) for line in lines):
            return "\n".join(lines) + "\n"
    raise AssertionError(f"README.md has no yaml block with a line {first_line!r}")


def _personal_parts() -> tuple[list[str], list[str]]:
    lines = (NOTES / "sample-personal.txt").read_text(encoding="utf-8").splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("二、"))
    return lines[:cut], lines[cut:]


def prepare(folder: Path, markdown: str) -> None:
    """The folder a newcomer has after cloning: fixtures/, and the files the README names."""
    shutil.copytree(ROOT / "fixtures", folder / "fixtures")
    solicited, rest = _personal_parts()
    for name, source in NOTES_FILES.items():
        target = folder / name
        if source == "sample-notes":
            shutil.copy(NOTES / "sample-notes.txt", target)
        elif source == "personal-solicited":
            target.write_text("\n".join(solicited) + "\n", encoding="utf-8")
        else:
            document = Document()
            for line in rest:
                document.add_paragraph(line)
            document.save(str(target))
    for name, text in TEXT_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, first_line in YAML_FILES.items():
        if name in markdown:
            (folder / name).write_text(yaml_block(markdown, first_line), encoding="utf-8")


def fake_model_config(folder: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every provider at the local server and give each a fake key; returns the
    config file (set as ``$SELFREVIEW_CONFIG``)."""
    config = folder.parent / "config.toml"
    tables = [f'[providers.{name}]\nbase_url = "{url}"\n' for name in sorted(load_registry())]
    config.write_text("\n".join(tables), encoding="utf-8")
    monkeypatch.setenv("SELFREVIEW_CONFIG", str(config))
    for spec in load_registry().values():
        if spec.key_env:
            monkeypatch.setenv(spec.key_env, FAKE_KEY)
    return config


def stand_in_review(path: Path) -> None:
    """The terminal review a person would do: fill the placeholders, approve the rest."""
    from selfreview.draftfile import load_draft
    from selfreview.placeholders import find_placeholders
    from selfreview.review.session import ReviewSession
    from selfreview.units import get_fields

    session = ReviewSession(load_draft(path), path, by="readme-test", via="terminal")
    for uid in session.units():
        fields = get_fields(session.material, uid)
        filled = {}
        for name, text in fields.items():
            for found in find_placeholders(text):
                text = text.replace(found, "审阅时补充的事例")
            if text != fields[name]:
                filled[name] = text
        if filled:
            session.edit(uid, filled)
    session.approve_all()


def run(
    command: Command, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str | None:
    """Run one command; None when it did what the README says, else what went wrong."""
    words = list(command.words)
    if words[0] == "export":
        for assignment in words[1:]:
            name, _, value = assignment.partition("=")
            monkeypatch.setenv(name, value)
        return None
    if words[0] != "draft":
        return "not a command this test knows how to run (see the rules in tests/test_readme.py)"
    args = words[1:]
    for index, word in enumerate(args[:-1]):
        if word == "--base-url":
            args[index + 1] = url
    with monkeypatch.context() as replaying:
        if "--replay" in args:
            replaying.setenv("SELFREVIEW_CONFIG", NO_CONFIG)
        code = run_cli(args)
    err = capsys.readouterr().err
    if code == command.exit_code:
        return None
    if code == 1 and command.exit_code == 0 and NEEDS_TERMINAL in err and args[0] == "review":
        stand_in_review(Path(args[1]))
        return None
    return f"exit {code}, expected {command.exit_code}\n  stderr: {err.strip()[-600:]}"


def test_readme_commands_follow_the_rules() -> None:
    found = commands(README.read_text(encoding="utf-8"))
    assert any(c.words[0] == "draft" for c in found), "no draft command found in README.md"
    unknown = [c.text for c in found if c.words[0] not in ("draft", "export")]
    assert not unknown, f"README commands this test cannot run: {unknown}"


def test_every_readme_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    markdown = README.read_text(encoding="utf-8")
    folder = tmp_path / "newcomer"
    folder.mkdir()
    prepare(folder, markdown)
    monkeypatch.chdir(folder)
    failures = []
    with author_server() as server:
        fake_model_config(folder, server.url, monkeypatch)
        steps: list[tuple[int, Command | str]] = [(c.line, c) for c in commands(markdown)]
        steps += python_blocks(markdown)
        for line, step in sorted(steps, key=lambda s: s[0]):
            if isinstance(step, Command):
                problem = run(step, server.url, monkeypatch, capsys)
                shown = step.text
            else:
                problem = run_python(step, line)
                shown = "(python block)"
            if problem is not None:
                failures.append(f"README.md:{line}: {shown}\n  {problem}")
    assert not failures, "README commands that fail:\n" + "\n".join(failures)


def test_the_rules_read_a_readme_as_documented() -> None:
    markdown = "\n".join(
        [
            "```bash",
            "python -m pip install . && draft a.txt --approve-all   # 生成",
            "# a comment line",
            "draft check x.md          # 有错误时退出码为 1",
            "draft b.txt \\",
            "  --org 某单位",
            "```",
            "- item",
            "  ```console",
            "  $ draft outlines",
            "  2021-five  …",
            "  ```",
            "```toml",
            'provider = "x"',
            "```",
            "```python",
            "import selfreview",
            "```",
        ]
    )
    assert python_blocks(markdown) == [(17, "import selfreview\n")]
    assert [(c.words, c.exit_code, c.line) for c in commands(markdown)] == [
        (("draft", "a.txt", "--approve-all"), 0, 2),
        (("draft", "check", "x.md"), 1, 4),
        (("draft", "b.txt", "--org", "某单位"), 0, 5),
        (("draft", "outlines"), 0, 10),
    ]


def test_the_personal_notes_split_in_two_read_as_the_whole_sample(tmp_path: Path) -> None:
    from selfreview.notes import read_notes, read_notes_files

    markdown = "```yaml\naspects: []\n```\n```yaml\nrules: {}\n```\n"
    prepare(tmp_path, markdown)
    parts = read_notes_files([tmp_path / "征求意见.txt", tmp_path / "谈话记录.docx"])
    whole = read_notes(NOTES / "sample-personal.txt")
    assert [(o.id, o.text, o.kind) for o in parts.opinions] == [
        (o.id, o.text, o.kind) for o in whole.opinions
    ]
