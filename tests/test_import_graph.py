"""The import graph: draft-file persistence stands below review and the model client.

Imports are read with :mod:`ast` (function-level ones included, ``if TYPE_CHECKING:``
blocks left out, since they never run), so a cycle hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import selfreview

PACKAGE = Path(selfreview.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, here: str, is_package: bool) -> set[str]:
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports (and their parents)."""
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        raw = _imports(ast.parse(path.read_text("utf-8")), name, path.name == "__init__.py")
        targets: set[str] = set()
        for target in raw:
            parts = target.split(".")
            # importing a.b.c runs a, a.b and a.b.c; the root package is left out: every
            # module runs it first, and it imports the API lazily (tests/test_cli checks
            # that ``draft --help`` stays light)
            for end in range(2, len(parts) + 1):
                candidate = ".".join(parts[:end])
                if candidate in files and candidate != name:
                    targets.add(candidate)
        graph[name] = targets
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module that importing ``start`` may import (functions called or not)."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "selfreview.record" in graph["selfreview.draftfile"]
    assert "selfreview.draftfile" in graph["selfreview.review.session"]


def test_draft_file_persistence_imports_nothing_from_review_or_llm() -> None:
    below = reachable(import_graph(), "selfreview.draftfile")
    above = sorted(
        m
        for m in below
        if m.startswith(("selfreview.review", "selfreview.llm", "selfreview.modelclient"))
    )
    assert above == []
    assert "selfreview.draftfile" not in below  # and nothing it imports imports it back
