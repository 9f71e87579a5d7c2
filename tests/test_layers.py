"""The shape of the house: lower layers never import higher ones, there is no cycle, and the analysis
steps work from any script (no loader, plotting, notebook or papermill import).

The layers are the README's (section Layout). The imports are read from the source (every ``from .x import``
and ``from . import x``, including those inside functions), so a lazy import counts like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "corpus_utils"

#: Each layer may import its own layer and the layers before it, never a later one.
LAYERS = [
    {"errors"},
    {"datafile", "methods", "groups", "resample", "support", "differences", "count", "report", "parameters", "engine"},
    {"clean", "lexicon", "keyness", "context", "cluster", "agreement", "frame", "themes"},
    {"load", "shared"},
    {"chapters", "synthesis", "design"},
    {"narrate", "plot"},
    {"run", "__main__"},
]
#: The analysis steps, which never import the loader, the figures, the words or the command, nor notebook
#: machinery: they work from any script.
ANALYSIS = (LAYERS[1] | LAYERS[2]) - {"report"}
FORBIDDEN_IN_ANALYSIS = {"load", "plot", "narrate", "run", "chapters", "papermill", "IPython", "matplotlib", "nbformat"}


def _room(module: str) -> str:
    """``narrate.framing`` lives in the room ``narrate``; ``keyness`` in ``keyness``."""
    return module.split(".")[0]


def _imports() -> dict[str, set[str]]:
    """``{module: the package modules and top-level libraries it imports}``, by dotted name within the package."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = list(rel.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        if not parts:
            continue  # the package's own __init__ re-exports everything
        here = parts if is_package else parts[:-1]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = here[:len(here) - (node.level - 1)]
                if node.module:
                    deps.add(".".join([*base, node.module]))
                else:
                    deps.update(".".join([*base, alias.name]) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                deps.add("lib:" + node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                deps.update("lib:" + alias.name.split(".")[0] for alias in node.names)
        graph[".".join(parts)] = deps
    return graph


GRAPH = _imports()


def _rank(module: str) -> int:
    room = _room(module)
    for i, layer in enumerate(LAYERS):
        if room in layer:
            return i
    raise AssertionError(f"{module} is in no layer: add its room to LAYERS (and to the README's Layout)")


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_module_imports_a_higher_layer(module):
    for dep in sorted(d for d in GRAPH[module] if not d.startswith("lib:")):
        if _room(dep) == _room(module):
            continue  # a room's own modules (run.essay -> run.pages)
        assert _rank(dep) <= _rank(module), f"{module} (layer {_rank(module)}) imports {dep} (layer {_rank(dep)})"


def test_the_import_graph_has_no_cycle():
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(d for d in GRAPH.get(module, ()) if d in GRAPH):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path, module, dep]))
            if dep not in state:
                visit(dep, [*path, module])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _room(m) in ANALYSIS))
def test_analysis_steps_work_from_any_script(module):
    imported = {_room(d.removeprefix("lib:")) for d in GRAPH[module]}
    assert not imported & FORBIDDEN_IN_ANALYSIS, f"{module} imports {sorted(imported & FORBIDDEN_IN_ANALYSIS)}"


def test_nothing_but_the_command_line_imports_run():
    importers = sorted(m for m, deps in GRAPH.items() if any(_room(d) == "run" for d in deps) and _room(m) != "run")
    assert importers == ["__main__"]
