"""The architecture as a rule: every module imports only downwards, and no two modules import each other.

The layers, from the top (DESIGN.md):

    commands     -> operations, output (and everything below)
    output       -> knowledge, reading, base
    operations   -> storage, knowledge, reading, base
    knowledge    -> reading, base
    reading      -> base
    storage      -> base
    base         -> base: models, errors, paths (and the package's __init__)

Every import counts, at the top of a module or inside a function: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "learnkit"

BASE = {"models", "errors", "paths", "__init__"}
ALLOWED = {
    "commands": {"commands", "operations", "output", "knowledge", "reading", "storage", "base"},
    "output": {"output", "knowledge", "reading", "base"},
    "operations": {"operations", "storage", "knowledge", "reading", "base"},
    "knowledge": {"knowledge", "reading", "base"},
    "reading": {"reading", "base"},
    "storage": {"storage", "base"},
    "base": {"base"},
}
# Where each outside library may be imported (ruff's banned-api says the same for the linters).
OWNERS = {
    "typer": "commands",
    "click": "commands",
    "rich": "output",
    "tinydb": "storage",
    "sqlite3": "storage",
    "pypdf": "reading",
    "openpyxl": "output",
    "filelock": "storage",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts)


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "learnkit":
        raise ValueError(module)
    if parts[1] in ALLOWED and len(parts) > 2:
        return parts[1]
    if parts[1] == "__main__":  # the entry point: `python -m learnkit` runs the commands
        return "commands"
    if parts[1] in BASE:
        return "base"
    if parts[1] in ALLOWED:  # the package's own __init__
        return parts[1]
    raise AssertionError(f"{module}: not in any layer; add it to a sub-package or to BASE")


def _imports(path: Path, this: str | None = None) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    this = this or _module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = this.split(".")[: -node.level if path.name != "__init__.py" else len(this.split("."))]
                if path.name == "__init__.py":
                    base = this.split(".")[: len(this.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module == "learnkit" or (module.startswith("learnkit.") and module.count(".") == 1):
                # "from learnkit import x" or "from learnkit.reading import x": x may be a module
                names.extend(f"{module}.{alias.name}" for alias in node.names)
            else:
                names.append(module)
    return names


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for imported in _imports(path):
            while imported and imported not in modules and imported.count(".") > 1:
                imported = imported.rsplit(".", 1)[0]
            if imported in modules and imported != name:
                deps.add(imported)
            elif imported.startswith("learnkit.") and imported.rsplit(".", 1)[0] in modules:
                deps.add(imported.rsplit(".", 1)[0])
        graph[name] = deps
    return graph


MODULES = sorted(_module_name(p) for p in PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        _layer(module)


@pytest.mark.parametrize("module", MODULES)
def test_imports_go_down(module: str) -> None:
    graph = _graph()
    layer = _layer(module)
    wrong = sorted(
        dep for dep in graph[module] if _layer(dep) not in ALLOWED[layer] and not dep.endswith("__init__")
    )
    assert not wrong, f"{module} ({layer}) imports upward or sideways: {wrong}"


@pytest.mark.parametrize("module", MODULES)
def test_outside_libraries_stay_in_their_layer(module: str) -> None:
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    layer = _layer(module)
    for imported in _imports(path):
        top = imported.split(".")[0]
        owner = OWNERS.get(top)
        assert owner is None or owner == layer, f"{module} imports {top}, which only {owner} may"


# Cycles that the restructure (issue 11) has still to remove; the list only shrinks.
KNOWN_CYCLES: set[frozenset[str]] = set()


def test_no_cycles() -> None:
    graph = _graph()
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if seen.get(dep) == 1:
                if frozenset(stack[stack.index(dep) :]) in KNOWN_CYCLES:
                    continue
                cycle = stack[stack.index(dep) :] + [dep]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if dep not in seen:
                visit(dep)
        stack.pop()
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module)


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    source = tmp_path / "x.py"
    source.write_text(
        "from learnkit.commands import main\nimport learnkit.output.records\n", encoding="utf-8"
    )
    # parsed as if it lived in learnkit/reading/
    names = _imports(source, "learnkit.reading.x")
    assert "learnkit.commands.main" in names and "learnkit.output.records" in names
