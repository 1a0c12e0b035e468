"""The package's imports flow one way: no module of analysis/ reaches itself again.

Function-level imports count too: a circle hidden inside a function is still a circle.
"""

from __future__ import annotations

import ast

from analysis import paths

PACKAGE = paths.ROOT / "analysis"


def _module_name(path) -> str:
    parts = path.relative_to(paths.ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path, modules: set[str]) -> set[str]:
    """The analysis modules ``path`` imports anywhere in its body (``from x import y`` where
    ``x.y`` is a module counts as importing ``x.y``)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m in modules and m != name}


def import_graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(f) for f in files}
    return {_module_name(f): _imports(f, modules) for f in files}


def find_circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (circle := visit(nxt)):
                return circle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (circle := visit(node)):
            return circle
    return None


def test_the_circle_finder_finds_a_hidden_circle():
    assert find_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None


def test_analysis_has_no_import_circle():
    graph = import_graph()
    assert "analysis.measures.base" in graph["analysis.measures.hedging"]
    # A package's __init__ re-exporting its modules is not a circle of its modules'
    # making, so the lazy top-level package is left out of the walk.
    graph.pop("analysis", None)
    circle = find_circle(graph)
    assert circle is None, "import circle: " + " -> ".join(circle)


#: Each part and the parts it must never import: the data flows one way (the README's
#: picture: corpus, text, measures, scoring, statistics, views, report), and nothing but the
#: command line imports the report.
NEVER_IMPORTS = {
    "text": {"measures", "scoring", "statistics", "coding", "views", "report"},
    "measures": {"scoring", "statistics", "coding", "views", "report"},
    "scoring": {"statistics", "coding", "views", "report"},
    "statistics": {"coding", "views", "report"},
    "coding": {"views", "report"},
    "views": {"report"},
}


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_no_part_imports_a_part_downstream_of_it():
    graph = import_graph()
    upward = sorted(
        f"{module} -> {imported}"
        for module, imports in graph.items()
        for imported in imports
        if _part(imported) in NEVER_IMPORTS.get(_part(module), set())
        or (_part(imported) == "report" and _part(module) not in {"report", "__main__"})
    )
    assert upward == [], "imports against the flow: " + "; ".join(upward)
