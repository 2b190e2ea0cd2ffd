"""The package's shape: its import graph has no cycles, and the site build stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from support.paths import REPO

PACKAGE = REPO / "synth"
HEAVY = ("numpy", "rapidfuzz", "httpx")


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top_level_imports(path: Path, modules: set[str]) -> set[str]:
    """The synth modules a file imports when it is imported (not inside functions, not only
    for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(inner, ast.Import):
                found.update(alias.name for alias in inner.names)
            elif isinstance(inner, ast.ImportFrom) and inner.module and inner.level == 0:
                found.add(inner.module)
                found.update(f"{inner.module}.{alias.name}" for alias in inner.names)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    modules = set(files)
    graph = {name: top_level_imports(path, modules) - {name} for name, path in files.items()}
    for name in modules:  # importing a.b.c imports the packages a and a.b first
        parts = name.split(".")
        graph[name] |= {".".join(parts[:n]) for n in range(1, len(parts))} & modules
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycles() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_graph_sees_the_imports_of_a_module() -> None:
    graph = import_graph()
    assert "synth.record.store" in graph["synth.pipeline"]
    assert "synth.verify.verifier" not in graph["synth.pipeline"]  # imported where it runs


# The stages in the order of the data flow, after the modules every stage shares. A module
# imports only from its own group or a group before it, so the listing reads as the flow and
# a stage never reaches forward (verify into site, say).
LAYERS = (
    {"errors", "ids", "models", "text", "markdown", "files", "paths", "parallel"},
    {"questions"},
    {"record"},
    {"citation"},
    {"retrieve"},
    {"verify"},
    {"synthesis"},
    {"git"},
    {"site"},
    {"pipeline"},
    {"cli", "__main__"},
)


def stage_of(module: str) -> str:
    """``synth.verify.words`` -> ``verify``; ``synth.paths`` -> ``paths``."""
    return module.split(".")[1]


def every_import(path: Path, modules: set[str]) -> set[str]:
    """The synth modules a file imports anywhere, in functions too (a lazy import is still
    a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # a module
    return {name for name in found if name in modules} - {"synth"}


def backward_imports(edges: dict[str, set[str]]) -> list[str]:
    """Each import of a module from a later layer than its own, as "a -> b"."""
    rank = {stage: n for n, group in enumerate(LAYERS) for stage in group}
    return sorted(
        f"{module} -> {other}"
        for module, imported in edges.items()
        for other in imported
        if rank[stage_of(other)] > rank[stage_of(module)]
    )


def test_every_module_belongs_to_a_layer() -> None:
    named = set().union(*LAYERS)
    assert {stage_of(name) for name in import_graph() if name != "synth"} <= named


def test_no_stage_imports_a_later_stage() -> None:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    edges = {
        name: every_import(path, set(files)) for name, path in files.items() if name != "synth"
    }
    assert backward_imports(edges) == []


def test_the_layer_check_sees_an_import_from_a_later_stage() -> None:
    edges = {"synth.verify.words": {"synth.site.render", "synth.text"}}
    assert backward_imports(edges) == ["synth.verify.words -> synth.site.render"]


def heavy_modules_after(code: str, cwd: Path) -> list[str]:
    """The heavy packages loaded by the time ``code`` has run in a fresh interpreter."""
    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(sorted({{m.split('.')[0] for m in sys.modules}}"
        f" & {set(HEAVY)!r})))\n" + code
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return list(eval(done.stdout.strip().splitlines()[-1]))  # a printed list of names


def test_importing_the_site_stage_loads_no_heavy_package(tmp_path: Path) -> None:
    assert heavy_modules_after("import synth.site.build", tmp_path) == []


def test_synth_build_loads_no_heavy_package(example_repo: Path) -> None:
    code = "import sys\nfrom synth.cli import main\nsys.argv = ['synth', 'build']\nmain()\n"
    assert heavy_modules_after(code, example_repo) == []


def test_the_probe_sees_a_heavy_package(tmp_path: Path) -> None:
    assert heavy_modules_after("import synth.verify.verifier", tmp_path) == ["numpy", "rapidfuzz"]
