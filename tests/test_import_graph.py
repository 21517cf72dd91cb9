"""The import graph: no cycle between the package's parts, and each part stands where the
README's design section puts it (draft-file persistence below review and the model
client; the model client below all drafting; the checks below the review).

Imports are read with :mod:`ast` (function-level ones included, ``if TYPE_CHECKING:``
blocks left out, since they never run), so a cycle hidden inside a function counts too.
"""

from __future__ import annotations

import ast
from functools import cache
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


@cache
def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports (and their parents).

    Read once per run (parsing every module takes a second); callers must not change it.
    """
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


def _part(module: str) -> str:
    """The top-level part of the package a module belongs to (``selfreview.llm.stages``:
    ``llm``; ``selfreview.draftfile``: ``draftfile``)."""
    return module.split(".")[1]


def part_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """``graph`` with each module replaced by its top-level part (imports within a part
    left out)."""
    parts: dict[str, set[str]] = {}
    for name, targets in graph.items():
        if name == "selfreview":
            continue
        mine = parts.setdefault(_part(name), set())
        mine.update(_part(t) for t in targets if _part(t) != _part(name))
    return parts


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` with more than one node (each sorted),
    that is, every group of nodes that import each other, directly or around a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _edges_within(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """The module imports that make up a cycle between the parts in ``group``."""
    return sorted(
        f"{a} -> {b}"
        for a, targets in graph.items()
        for b in targets
        if a != "selfreview" and _part(a) in group and _part(b) in group and _part(a) != _part(b)
    )


def test_cycles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_cycle_between_the_parts_of_the_package() -> None:
    graph = import_graph()
    parts = part_graph(graph)
    assert {"checks", "review", "llm", "modelclient", "workflow", "draftfile"} <= set(parts)
    found = cycles(parts)
    assert found == [], [_edges_within(graph, group) for group in found]


def _reached_parts(part: str) -> set[str]:
    graph = import_graph()
    reached: set[str] = set()
    for name in graph:
        if name != "selfreview" and _part(name) == part:
            reached |= reachable(graph, name)
    return {_part(m) for m in reached} - {part}


def test_the_model_client_knows_nothing_of_drafting() -> None:
    above = {"llm", "drafting", "review", "checks", "workflow", "draftfile", "pipeline"}
    above |= {"api", "cli", "web"}
    assert sorted(_reached_parts("modelclient") & above) == []


def test_the_review_knows_no_model() -> None:
    """The workflow passes the LLM reviser in (review holds only its interface) and drafts
    changed notes again itself (review only merges the result)."""
    model = {"llm", "modelclient", "privacy", "pipeline", "workflow"}
    assert sorted(_reached_parts("review") & model) == []


def test_the_checks_know_no_draft_file_and_no_review() -> None:
    """A draft is turned into a check target above the checks (review/target.py)."""
    reached = _reached_parts("checks")
    assert sorted(reached & {"draftfile", "review", "llm", "workflow"}) == []
