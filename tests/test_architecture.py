"""The layering rules, checked from the source: ``graph`` never imports ``api``, no import circle in
``graph``, and no module of ``graph``, ``api`` or ``tests`` is over the size limit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, resolved to dotted names."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            found.add(source)
            # ``from graph.write import delta`` imports the module graph.write.delta
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def import_graph(package: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (only modules that exist)."""
    files = {module_name(path): path for path in (ROOT / package).rglob("*.py")}
    return {name: imported_modules(path) & files.keys() - {name} for name, path in files.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle as ``[a, b, ..., a]``, or ``None`` (depth-first search, three colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_graph_never_imports_api() -> None:
    offenders = sorted(
        f"{module_name(path)} imports {target}"
        for path in (ROOT / "graph").rglob("*.py")
        for target in imported_modules(path)
        if target == "api" or (target.startswith("api.") and target.count(".") == 1)
    )
    assert not offenders, "graph/ must not import api/:\n" + "\n".join(offenders)


def test_graph_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph("graph"))
    assert cycle is None, "import circle in graph/: " + " -> ".join(cycle or [])


#: The stages of graph/, lowest first: a package imports only packages of lower stages. Flat modules
#: not listed (``cli``, the root package) sit on top.
STAGES: list[set[str]] = [
    {"graph.errors", "graph.namespaces"},
    {"graph.resources", "graph.formats"},
    {"graph.sparql"},
    {"graph.store"},
    {"graph.dataset"},
    {"graph.validation"},
    {"graph.write", "graph.query"},
    {"graph.views", "graph.ingest"},
]
#: Flat modules on their way into a package (or left behind as shims): they count as part of it.
MOVING_INTO = {
    "graph.export": "graph.dataset",
}


def stage_of(module: str) -> tuple[str, int]:
    package = ".".join(module.split(".")[:2])
    package = MOVING_INTO.get(package, package)
    for rank, members in enumerate(STAGES):
        if package in members:
            return package, rank
    return package, len(STAGES)


def layer_violations(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for source, targets in edges.items():
        source_package, source_rank = stage_of(source)
        for target in targets:
            target_package, target_rank = stage_of(target)
            if target_package != source_package and target_rank >= source_rank:
                found.append(f"{source} imports {target} ({target_package} is not below {source_package})")
    return sorted(found)


def test_dependencies_run_one_way() -> None:
    violations = layer_violations(import_graph("graph"))
    assert not violations, "imports climbing up a stage:\n" + "\n".join(violations)


def test_layer_violations_are_found() -> None:
    edges = {"graph.store.remote": {"graph.write.guard"}, "graph.write.guard": {"graph.store"}}
    assert layer_violations(edges) == [
        "graph.store.remote imports graph.write.guard (graph.write is not below graph.store)"
    ]


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"x": {"y"}, "y": {"y2"}, "y2": {"y"}}, ["y", "y2", "y"]),
    ],
)
def test_find_cycle_finds_circles(edges: dict[str, set[str]], expected: list[str] | None) -> None:
    assert find_cycle(edges) == expected


def test_no_module_over_the_size_limit() -> None:
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for folder in ("graph", "api", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )
    assert not offenders, f"modules over {MAX_LINES} lines:\n" + "\n".join(offenders)


def test_every_domain_error_has_its_row_in_the_error_table() -> None:
    import graph.errors
    from api.errors import STATUS

    domain_errors = [
        value
        for value in vars(graph.errors).values()
        if isinstance(value, type)
        and issubclass(value, graph.errors.EuusError)
        and value is not graph.errors.EuusError
    ]
    assert domain_errors
    missing = sorted(error.__name__ for error in domain_errors if error not in STATUS)
    assert not missing, f"graph.errors classes without a row in api/errors.py STATUS: {missing}"
