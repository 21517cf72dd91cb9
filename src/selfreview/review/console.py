"""Where the terminal review reads and writes: a real terminal, or a script for tests.

The review loop only talks to a :class:`Console`: it writes text, reads one line, and
hands a text to an editor. :class:`TerminalConsole` does that with ``input()``, stdout
and ``$VISUAL``/``$EDITOR``; :class:`ScriptedConsole` replays scripted lines and edits
and records everything shown, so tests and notebooks drive the same loop.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from selfreview.errors import SelfReviewError

ScriptedEdit = str | Callable[[str], str]
"""What a scripted editor returns: a fixed text, or a function of the text it was given."""


class EditorError(SelfReviewError):
    """The editor could not be started or did not exit cleanly."""


class Console(Protocol):
    """What the terminal review needs from its terminal."""

    is_tty: bool
    """True on a real terminal (colour may be used)."""

    def write(self, text: str) -> None:  # pragma: no cover - protocol
        """Show ``text`` as is (the caller adds line ends)."""
        ...

    def read_line(self, prompt: str) -> str:  # pragma: no cover - protocol
        """Show ``prompt`` and read one line; raise ``EOFError`` at end of input."""
        ...

    def edit(self, text: str) -> str:  # pragma: no cover - protocol
        """Let the person edit ``text`` in an editor and return the result."""
        ...


def editor_command(environ: dict[str, str] | None = None, platform: str = os.name) -> list[str]:
    """The editor to run: ``$VISUAL``, else ``$EDITOR``, else nano or vi (notepad on Windows).

    The variable may hold arguments (``code --wait``). Raises :class:`EditorError` when
    no editor is set and none of the fallbacks is installed.
    """
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            words = shlex.split(value, posix=platform != "nt")
            if words:
                return words
    fallbacks = ("notepad",) if platform == "nt" else ("nano", "vi")
    for fallback in fallbacks:
        found = shutil.which(fallback)
        if found:
            return [found]
    raise EditorError("找不到文本编辑器：请设置环境变量 EDITOR（如 nano、vim），或用 i 逐项修改")


def run_editor(text: str, command: Sequence[str]) -> str:
    """Write ``text`` to a temp file, open it with ``command`` and read it back (UTF-8)."""
    fd, name = tempfile.mkstemp(prefix="selfreview-", suffix=".txt")
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as err:
            raise EditorError(f"无法启动编辑器 {command[0]}（{err.strerror or err}）") from None
        if result.returncode != 0:
            raise EditorError(f"编辑器 {command[0]} 异常退出（{result.returncode}），未作修改")
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise EditorError(
                "编辑后的文件不是 UTF-8 编码，未作修改；请在编辑器中以 UTF-8 保存"
            ) from None
    finally:
        path.unlink(missing_ok=True)


class TerminalConsole:
    """A real terminal: ``input()``, stdout and an external editor."""

    def __init__(self) -> None:
        self.is_tty = sys.stdin.isatty() and sys.stdout.isatty()
        if self.is_tty:
            # line editing that deletes a whole Chinese character with one backspace
            with contextlib.suppress(ImportError):
                import readline  # noqa: F401

    def write(self, text: str) -> None:
        """Write to stdout and flush, so text shows before the next prompt."""
        sys.stdout.write(text)
        sys.stdout.flush()

    def read_line(self, prompt: str) -> str:
        """One line from stdin (``EOFError`` at end of input, Ctrl-C propagates)."""
        return input(prompt)

    def edit(self, text: str) -> str:
        """Open ``text`` in the person's editor and return what they saved."""
        return run_editor(text, editor_command())


class ScriptedConsole:
    """A console that answers from a script and records everything shown.

    ``lines`` are returned by :meth:`read_line` one by one; ``edits`` by :meth:`edit`
    (a string, or a function of the text the editor was given). When the script runs
    out, ``EOFError`` is raised, as at the end of real input.
    """

    def __init__(
        self, lines: Sequence[str], edits: Sequence[ScriptedEdit] = (), *, is_tty: bool = False
    ) -> None:
        self.lines = list(lines)
        self.edits = list(edits)
        self.is_tty = is_tty
        self.output: list[str] = []
        self.editor_texts: list[str] = []
        """Every text handed to the editor, in order."""

    @property
    def text(self) -> str:
        """Everything shown so far, prompts and echoed answers included."""
        return "".join(self.output)

    def write(self, text: str) -> None:
        """Record ``text``."""
        self.output.append(text)

    def read_line(self, prompt: str) -> str:
        """The next scripted line (echoed after the prompt, as a terminal would show it)."""
        self.output.append(prompt)
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        self.output.append(line + "\n")
        return line

    def edit(self, text: str) -> str:
        """The next scripted edit, applied to ``text`` if it is a function."""
        self.editor_texts.append(text)
        if not self.edits:
            raise EOFError
        edit = self.edits.pop(0)
        return edit(text) if callable(edit) else edit
