"""The architecture in the imports: site → figures → model, one way, and no cycle in a package.

Walks every module's AST (imports under `if TYPE_CHECKING:` are for type checkers only and are
not counted; imports inside functions are).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WIDGETS = Path(__file__).resolve().parents[2] / "widgets"
#: package → the packages of ours it may import
ALLOWED = {
    "transmitter_cycle": set(),
    "synapse_figures": {"transmitter_cycle"},
    "synapse_docs": {"transmitter_cycle", "synapse_figures"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(WIDGETS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(path: Path) -> set[str]:
    """Return the absolute names of the modules `path` imports at run time."""
    return imports_of(path.read_text(encoding="utf-8"), _module_name(path), path.name)


def imports_of(source: str, module: str, filename: str = "m.py") -> set[str]:
    """Return the absolute names of the modules `source` (module `module`) imports at run time."""
    package = module if filename == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[: len(base) - child.level + 1]
                    target = ".".join([*base, child.module] if child.module else base)
                else:
                    target = child.module or ""
                found.add(target)
                for alias in child.names:  # `from . import x` may import a submodule
                    found.add(f"{target}.{alias.name}")
            visit(child)

    visit(ast.parse(source))
    return found


MODULES = {
    _module_name(p): p for package in ALLOWED for p in sorted((WIDGETS / package).rglob("*.py"))
}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_one_way(name: str) -> None:
    package = name.split(".")[0]
    ours = {i.split(".")[0] for i in imports(MODULES[name])} & set(ALLOWED)
    wrong = ours - ALLOWED[package] - {package}
    assert not wrong, f"{name} imports {sorted(wrong)}: the arrows go site → figures → model"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_no_import_cycle_inside_a_package(package: str) -> None:
    graph = {
        name: {i for i in imports(path) if i in MODULES and i != name and i.startswith(package)}
        for name, path in MODULES.items()
        if name.split(".")[0] == package
    }
    # a package's __init__ re-exporting its modules is not a cycle through them
    for name in graph:
        graph[name].discard(package)
    state: dict[str, int] = {}

    def walk(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
                pytest.fail(f"import cycle in {package}: {' → '.join(cycle)}")
            if nxt not in state:
                walk(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])


def test_the_walker_sees_what_it_must() -> None:
    """The checks can fail: a wrong-way import is seen, a TYPE_CHECKING one is not counted."""
    seen = imports_of(
        "from synapse_figures import claims\n"
        "from .x import y\n"
        "if TYPE_CHECKING:\n    from synapse_docs import fence\n"
        "def f():\n    import synapse_docs.tables\n",
        "transmitter_cycle.probe",
    )
    assert "synapse_figures" in seen
    assert "transmitter_cycle.x" in seen
    assert "synapse_docs.tables" in seen
    assert "synapse_docs" not in seen


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_reaches_into_another_package_s_private_modules(name: str) -> None:
    package = name.split(".")[0]
    private = sorted(
        target
        for target in imports(MODULES[name])
        if target.split(".")[0] in ALLOWED
        and target.split(".")[0] != package
        and any(part.startswith("_") and part != "__init__" for part in target.split(".")[1:])
    )
    assert not private, f"{name} imports {private}: use the package's public names"


def test_the_private_import_check_sees_a_reach_in() -> None:
    found = imports_of("from transmitter_cycle._simulate import x\n", "synapse_figures.runs")
    assert "transmitter_cycle._simulate" in found
