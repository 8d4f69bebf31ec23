"""The package's import graph: no cycles, and the layers' arrows point one way (README, "Layout").

Every ``import`` and ``from … import`` statement counts, wherever it sits: inside functions and
``if TYPE_CHECKING:`` blocks too, since an import hidden there still ties the two modules together.
Relative imports are resolved; ``from package import name`` is an edge to the submodule when ``name``
is one, else to the package. The implicit import of a module's parent packages is not an edge.
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "r2p_kg"

# The README's arrows, lowest first: a module of one layer never imports one of a later layer.
# Modules not listed (errors, config, iris, budget …) are shared helpers any layer may use.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("report", ("r2p_kg.report",)),
    ("extract", ("r2p_kg.extract",)),
    ("graph", ("r2p_kg.graph", "r2p_kg.annotate")),
    ("build", ("r2p_kg.build", "r2p_kg.dist", "r2p_kg.validate", "r2p_kg.validation",
               "r2p_kg.ontology_docs", "r2p_kg.stats")),
    ("store", ("r2p_kg.store", "r2p_kg.workers", "r2p_kg.remote_store")),
    ("web and export", ("r2p_kg.web", "r2p_kg.export")),
    ("command", ("r2p_kg.cli",)),
)


def module_name(path: Path, root: Path) -> tuple[str, bool]:
    """(dotted name, is a package) of the file at ``path`` under ``root``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def modules(root: Path, top: str) -> dict[str, tuple[Path, bool]]:
    """{dotted name: (file, is a package)} of every module of the package (or folder) ``top``."""
    found = {}
    for path in sorted((root / top).rglob("*.py")):
        name, is_package = module_name(path, root)
        found[name] = (path, is_package)
    return found


def imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> dict[str, int]:
    """{module of ``known``: first line} named by the import statements in ``tree`` (of ``name``)."""
    package = name if is_package else name.rpartition(".")[0]
    edges: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        while target and target not in known:  # "import a.b.c" of a name inside a module: the module
            target = target.rpartition(".")[0]
        if target and target != name:
            edges.setdefault(target, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")
                if node.level > len(base):
                    raise AssertionError(f"{name} line {node.lineno}: relative import beyond the top")
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                add(sub if sub in known else source, node.lineno)
    return edges


def import_graph(root: Path, tops: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """{module: {imported module of ``tops``: first line}} for every module under ``tops``."""
    found: dict[str, tuple[Path, bool]] = {}
    for top in tops:
        found.update(modules(root, top))
    known = set(found)
    return {name: imported(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), name,
                           is_package, known)
            for name, (path, is_package) in found.items()}


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (as a closed chain ``[a, b, …, a]``) per strongly connected set of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_chain(graph, set(c)) for c in components]


def _chain(graph: dict[str, dict[str, int]], members: set[str]) -> list[str]:
    """A shortest cycle through the first of ``members`` (breadth first, inside the component)."""
    start = min(members)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v]):
            if w == start:
                return paths[v] + [start]
            if w in members and w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    raise AssertionError(f"no cycle through {start}")


def readable(graph: dict[str, dict[str, int]], chain: list[str]) -> str:
    """``a (line 3) -> b (line 9) -> a``: each module, the line of its import of the next."""
    return " -> ".join(f"{a} (line {graph[a][b]})" for a, b in pairwise(chain)) + f" -> {chain[-1]}"


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.fixture(scope="module")
def graph() -> dict[str, dict[str, int]]:
    return import_graph(ROOT, (PACKAGE, "bench", "tests"))


# --- the checker itself, on small packages written for the purpose ---------------------------------

def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_checker_finds_a_cycle_hidden_in_a_function(tmp_path):
    _write(tmp_path, {"p/__init__.py": "", "p/a.py": "from . import b\n",
                      "p/b.py": "def f():\n    from .a import x\n"})
    g = import_graph(tmp_path, ("p",))
    assert g["p.a"] == {"p.b": 1} and g["p.b"] == {"p.a": 2}
    assert cycles(g) == [["p.a", "p.b", "p.a"]]
    assert readable(g, cycles(g)[0]) == "p.a (line 1) -> p.b (line 2) -> p.a"


def test_checker_resolves_relative_imports_across_packages(tmp_path):
    _write(tmp_path, {"p/__init__.py": "from .q import c\n", "p/q/__init__.py": "",
                      "p/q/c.py": "from .. import top\nif False:\n    from ..q import c\n",
                      "p/top.py": "import p.q.c\n"})
    g = import_graph(tmp_path, ("p",))
    assert g["p"] == {"p.q.c": 1}
    assert g["p.q.c"] == {"p.top": 1}  # "from ..q import c" names itself: no edge
    assert g["p.top"] == {"p.q.c": 1}
    assert cycles(g) == [["p.q.c", "p.top", "p.q.c"]]


def test_checker_counts_a_package_when_a_plain_name_comes_from_it(tmp_path):
    _write(tmp_path, {"p/__init__.py": "from .a import f\nVERSION = 1\n",
                      "p/a.py": "from . import VERSION\ndef f():\n    pass\n"})
    g = import_graph(tmp_path, ("p",))
    assert g["p.a"] == {"p": 1} and g["p"] == {"p.a": 1}
    assert cycles(g) == [["p", "p.a", "p"]]


def test_checker_sees_no_cycle_in_a_chain(tmp_path):
    _write(tmp_path, {"p/__init__.py": "", "p/a.py": "from .b import g\n", "p/b.py": "from .c import h\n",
                      "p/c.py": "import os\n"})
    assert cycles(import_graph(tmp_path, ("p",))) == []


# --- the project ---------------------------------------------------------------------------------

def test_the_graph_covers_the_package(graph):
    # A sanity check against an empty or blind graph: a few edges known to exist.
    assert "r2p_kg.graph" in graph["r2p_kg.build"]
    assert "r2p_kg.web.settings" in graph["r2p_kg.web.server"] or "r2p_kg.web.settings" in graph["r2p_kg.web"]
    assert len([m for m in graph if _within(m, PACKAGE)]) > 60


def test_no_import_cycles(graph):
    package = {m: {t: line for t, line in edges.items() if _within(t, PACKAGE)}
               for m, edges in graph.items() if _within(m, PACKAGE)}
    found = cycles(package)
    # One chain per tangle of modules that import each other; breaking it shows the next, if any.
    assert not found, "import cycles:\n" + "\n".join(readable(package, c) for c in found)


def test_the_core_never_imports_the_web_layer(graph):
    wrong = [f"{m} imports {t} (line {line})" for m, edges in graph.items()
             if _within(m, PACKAGE) and not _within(m, "r2p_kg.web") and not _within(m, "r2p_kg.cli")
             for t, line in edges.items() if _within(t, "r2p_kg.web")]
    assert not wrong, "\n".join(wrong)


def test_layers_point_one_way(graph):
    rank = {}
    for i, (layer, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            rank[prefix] = (i, layer)

    def layer_of(module: str) -> tuple[int, str] | None:
        hits = [p for p in rank if _within(module, p)]
        return rank[max(hits, key=len)] if hits else None

    wrong = []
    for m, edges in graph.items():
        mine = layer_of(m) if _within(m, PACKAGE) else None
        if mine is None:
            continue
        for t, line in edges.items():
            theirs = layer_of(t)
            if theirs is not None and theirs[0] > mine[0]:
                wrong.append(f"{m} ({mine[1]}) imports {t} ({theirs[1]}) at line {line}")
    assert not wrong, "\n".join(wrong)


def test_bench_never_imports_the_test_suite(graph):
    wrong = [f"{m} imports {t} (line {line})" for m, edges in graph.items() if _within(m, "bench")
             for t, line in edges.items() if _within(t, "tests")]
    assert not wrong, "\n".join(wrong)
