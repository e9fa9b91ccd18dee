"""The house rule: a room of pressrum imports only the rooms below it, and no module imports itself back.

The rooms, from the bottom (docs/architecture.md): the shared tables (the modules at the top of the
package), text, harvest, store, search, build, sparql, web, benchmark, cli. Every import counts,
also one inside a function, since a lazy import is a dependency all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "pressrum"
SHARED = "shared tables"
ROOMS = (SHARED, "text", "harvest", "store", "search", "build", "sparql", "web", "benchmark", "cli")
RANK = {room: rank for rank, room in enumerate(ROOMS)}


def module_name(path: Path) -> str:
    """Return the dotted name of a module file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def room_of(module: str) -> str:
    """Return the room a module lives in: its first segment below pressrum, or the shared tables."""
    parts = module.split(".")
    if len(parts) >= 2 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return SHARED


def imports_in(source: str, package: str) -> set[str]:
    """Return the pressrum modules a source imports (`from pressrum.x import y` names pressrum.x.y when
    that is a module, else pressrum.x); `package` is the package relative imports start from."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "pressrum"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import, resolved against this file's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            if base.split(".")[0] != "pressrum":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return found


def imports_of(path: Path) -> set[str]:
    """Return the pressrum modules a file of the package imports."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def upward_imports(module: str, targets: set[str]) -> list[str]:
    """Return the imports of a module that reach a room above its own."""
    own = room_of(module)
    return sorted(f"{target} (room {room_of(target)})" for target in targets
                  if RANK[room_of(target)] > RANK[own] and target != "pressrum")


MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}
GRAPH = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_rooms_are_the_known_ones():
    rooms = {room_of(m) for m in MODULES}
    assert rooms <= set(ROOMS), f"a folder that is no room of the house: {sorted(rooms - set(ROOMS))}"
    assert {"text", "store", "build", "sparql", "web", "cli"} <= rooms


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_a_module_imports_only_its_own_room_and_the_rooms_below(module):
    upward = upward_imports(module, GRAPH[module])
    assert not upward, f"{module} (room {room_of(module)}) imports from a room above it: {', '.join(upward)}"


def test_the_package_front_door_imports_no_room():
    assert GRAPH["pressrum"] == set()


def test_no_module_imports_itself_back():
    """Find a cycle in the module import graph (depth-first search, three colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if target == module or target not in GRAPH:
                continue
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if state.get(target) is None and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if state.get(module) is None:
            cycle = visit(module)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("room", sorted({room_of(m) for m in MODULES} - {SHARED}))
def test_every_room_says_what_it_does_and_what_it_may_import(room):
    docstring = ast.get_docstring(ast.parse((PACKAGE / room / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and "May import" in docstring, f"pressrum/{room}/__init__.py needs a docstring with 'May import'"


def test_the_checker_sees_an_upward_import_even_inside_a_function():
    source = "def later():\n    from pressrum.web.app import create_app\n    from . import attribution\n"
    targets = imports_in(source, "pressrum.text")
    assert targets == {"pressrum.web.app", "pressrum.text.attribution"}
    assert upward_imports("pressrum.text.probe", targets) == ["pressrum.web.app (room web)"]
    assert upward_imports("pressrum.cli.probe", targets) == []
