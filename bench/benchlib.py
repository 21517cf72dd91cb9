"""What every benchmark shares: the machine it ran on, child processes, tables and targets.

The benchmarks measure this checkout: child processes get ``src/`` first on PYTHONPATH, so
an installed copy of selfreview (or a stale editable install) is not what gets timed. Set
``BENCH_ROOT`` to another checkout to measure that one instead (before/after a change).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("BENCH_ROOT") or Path(__file__).resolve().parents[1]).resolve()
"""The checkout under test (code, prompts, fixtures): this one, or ``$BENCH_ROOT``."""
SRC = ROOT / "src"
if sys.path[:1] != [str(SRC)]:  # in-process benchmarks import this checkout too, even when
    sys.path[:] = [str(SRC), *(p for p in sys.path if p != str(SRC))]  # it is on the path
    # already behind another checkout (an editable install's .pth, or $PYTHONPATH)

CLI_CHILD = (
    "import sys\n"
    "from selfreview.cli.app import run_cli\n"
    "code = run_cli(sys.argv[1:])\n"
    "def peak_kb():\n"
    "    try:\n"  # this process's own high-water mark (ru_maxrss would include the parent's
    "        with open('/proc/self/status') as status:\n"  # RSS, copied at fork)
    "            return [int(l.split()[1]) for l in status if l.startswith('VmHWM:')][0]\n"
    "    except (OSError, IndexError):\n"
    "        import resource\n"
    "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print('MAXRSS', peak_kb(), file=sys.stderr)\n"
    "sys.exit(code)\n"
)
"""A fresh interpreter running the ``draft`` CLI on its arguments; reports its peak RSS."""


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: this checkout's ``src`` first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(SRC), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
    )
    env.update(extra)
    return env


@dataclass
class CliRun:
    """One ``draft`` run in a fresh process."""

    wall: float
    peak_mb: float
    code: int
    stderr: str


def run_cli(args: Sequence[str], env: dict[str, str] | None = None, check: bool = True) -> CliRun:
    """Run ``draft ARGS`` in a fresh interpreter; wall seconds and the child's peak RSS."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CLI_CHILD, *args],
        capture_output=True,
        text=True,
        env=env or child_env(),
        cwd=ROOT,
    )
    wall = time.perf_counter() - start
    lines = [line for line in done.stderr.splitlines() if line.startswith("MAXRSS ")]
    peak_kb = int(lines[-1].split()[1]) if lines else 0
    if check and done.returncode != 0:
        raise RuntimeError(f"draft {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return CliRun(wall=wall, peak_mb=peak_kb / 1024, code=done.returncode, stderr=done.stderr)


def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python and OS of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
                break
    except OSError:
        pass
    os_name = platform.platform(terse=True)
    try:
        release = Path("/etc/os-release").read_text(encoding="utf-8")
        pretty = [ln for ln in release.splitlines() if ln.startswith("PRETTY_NAME=")]
        if pretty:
            os_name = f"{pretty[0].split('=', 1)[1].strip(chr(34))} ({platform.release()})"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count() or "?"),
        "memory": memory or "?",
        "python": platform.python_version(),
        "os": os_name,
    }


def machine_line(info: dict[str, str] | None = None) -> str:
    """The machine in one line."""
    info = info or machine()
    return (
        f"machine: {info['cpu']}, {info['cores']} cores, {info['memory']}, "
        f"Python {info['python']}, {info['os']}"
    )


@dataclass
class Target:
    """A measured value against the issue's target."""

    name: str
    value: str
    target: str
    ok: bool


@dataclass
class Report:
    """One benchmark's result: a table, notes under it, and its targets."""

    benchmark: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    """Everything else worth keeping in the JSON output."""

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON data."""
        out = asdict(self)
        out["machine"] = machine()
        return out


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain-text table: first column left-aligned, numbers right-aligned."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [
        max(_width(c) for c in [col, *(row[i] for row in cells)]) for i, col in enumerate(columns)
    ]
    lines = []
    for row in [list(columns), *cells]:
        parts = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - _width(value))
            parts.append(value + pad if i == 0 else pad + value)
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_report(report: Report) -> str:
    """The report as text: title, table, notes, and the targets."""
    parts = [f"== {report.title}", table(report.columns, report.rows)]
    parts += [f"  {note}" for note in report.notes]
    if report.targets:
        parts.append(
            table(
                ["target", "measured", "wanted", "met"],
                [[t.name, t.value, t.target, "yes" if t.ok else "NO"] for t in report.targets],
            )
        )
    return "\n".join(parts)


def emit(report: Report, as_json: bool) -> None:
    """Print ``report`` as text (with the machine) or as JSON."""
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(machine_line())
        print(render_report(report))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)
