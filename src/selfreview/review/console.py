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
from pathlib import Path, PureWindowsPath
from types import ModuleType
from typing import Protocol

from selfreview.errors import EditorError, NoEditorError

ScriptedEdit = str | Callable[[str], str]
"""What a scripted editor returns: a fixed text, or a function of the text it was given."""


class Console(Protocol):
    """What the terminal review needs from its terminal."""

    is_tty: bool
    """True on a real terminal (colour may be used)."""

    def write(self, text: str) -> None:  # pragma: no cover - protocol
        """Show ``text`` as is (the caller adds line ends)."""
        ...

    can_prefill: bool
    """True when :meth:`read_line` can put ``prefill`` on the line for editing."""

    def read_line(self, prompt: str, prefill: str = "") -> str:  # pragma: no cover - protocol
        """Show ``prompt`` and read one line, starting from ``prefill`` where the console
        can (see ``can_prefill``); raise ``EOFError`` at end of input."""
        ...

    def edit(self, text: str) -> str:  # pragma: no cover - protocol
        """Let the person edit ``text`` in an editor and return the result."""
        ...


EASY_EDITORS = ("nano", "pico", "micro", "mcedit")
"""Fallback editors on POSIX, in order: each shows on screen how to save and leave.
vi is never chosen unless asked for: a clerk who does not know it is trapped."""

_SAVE_HINTS = {
    "nano": "改好后按 Ctrl-O、回车保存，Ctrl-X 退出",
    "pico": "改好后按 Ctrl-O、回车保存，Ctrl-X 退出",
    "micro": "改好后按 Ctrl-S 保存，Ctrl-Q 退出",
    "mcedit": "改好后按 F2 保存，F10 退出",
    "notepad": "改好后按 Ctrl-S 保存，再关闭记事本窗口",
    "vi": "先按 Esc，再输入 :wq 回车保存并退出（:q! 回车为不保存退出）",
    "vim": "先按 Esc，再输入 :wq 回车保存并退出（:q! 回车为不保存退出）",
    "nvim": "先按 Esc，再输入 :wq 回车保存并退出（:q! 回车为不保存退出）",
}


def editor_command(environ: dict[str, str] | None = None, platform: str = os.name) -> list[str]:
    """The editor to run: ``$VISUAL``, else ``$EDITOR``, else the first of
    :data:`EASY_EDITORS` installed (notepad on Windows).

    The variable may hold arguments (``code --wait``). Raises :class:`NoEditorError`
    when no editor is set and none of the fallbacks is installed.
    """
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            words = shlex.split(value, posix=platform != "nt")
            if words:
                return words
    fallbacks = ("notepad",) if platform == "nt" else EASY_EDITORS
    for fallback in fallbacks:
        found = shutil.which(fallback)
        if found:
            return [found]
    raise NoEditorError(
        f"没有设置编辑器，也没有找到 {'、'.join(fallbacks)}：改用逐项修改"
        "（要用其他编辑器，请设置环境变量 EDITOR）"
    )


def editor_notice(command: Sequence[str]) -> str:
    """One Chinese line naming the editor that opens and how to save and leave it."""
    name = PureWindowsPath(command[0]).name.lower().removesuffix(".exe")  # / and \
    hint = _SAVE_HINTS.get(name, "改好后保存并关闭编辑器")
    return f"用 {name} 打开：{hint}。"


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
        self._readline: ModuleType | None = None
        if self.is_tty:
            # line editing that deletes a whole Chinese character with one backspace
            with contextlib.suppress(ImportError):
                import readline

                self._readline = readline
        self.can_prefill = self._readline is not None and hasattr(
            self._readline, "set_pre_input_hook"
        )

    def write(self, text: str) -> None:
        """Write to stdout and flush, so text shows before the next prompt."""
        sys.stdout.write(text)
        sys.stdout.flush()

    def read_line(self, prompt: str, prefill: str = "") -> str:
        """One line from stdin (``EOFError`` at end of input, Ctrl-C propagates); with
        readline, ``prefill`` is put on the line first, ready to edit."""
        if not prefill or not self.can_prefill or self._readline is None:
            return input(prompt)
        readline = self._readline

        def insert() -> None:
            readline.insert_text(prefill)
            readline.redisplay()

        readline.set_pre_input_hook(insert)
        try:
            return input(prompt)
        finally:
            readline.set_pre_input_hook()

    def edit(self, text: str) -> str:
        """Say which editor opens and how to leave it, open ``text`` in it and return
        what was saved; :class:`NoEditorError` when there is none to open."""
        command = editor_command()
        self.write(editor_notice(command) + "\n")
        return run_editor(text, command)


class ScriptedConsole:
    """A console that answers from a script and records everything shown.

    ``lines`` are returned by :meth:`read_line` one by one; ``edits`` by :meth:`edit`
    (a string, or a function of the text the editor was given). When the script runs
    out, ``EOFError`` is raised, as at the end of real input.
    """

    def __init__(
        self,
        lines: Sequence[str],
        edits: Sequence[ScriptedEdit] = (),
        *,
        is_tty: bool = False,
        prefill: bool = False,
    ) -> None:
        self.lines = list(lines)
        self.edits = list(edits)
        self.is_tty = is_tty
        self.can_prefill = prefill
        self.prefills: list[str] = []
        """The text each prefilled prompt started from (when ``prefill`` is on)."""
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

    def read_line(self, prompt: str, prefill: str = "") -> str:
        """The next scripted line (echoed after the prompt, as a terminal would show it).

        With ``prefill`` on, a scripted line is the line as the person left it after
        editing the prefilled text, and the prefilled texts are recorded."""
        self.output.append(prompt)
        if self.can_prefill and prefill:
            self.prefills.append(prefill)
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
