"""Run a competency question (a SPARQL file) on a built dataset and render the answer.

The dataset is loaded into an in-memory Oxigraph store; the default graph is the union of all named
graphs, so queries need no GRAPH clauses.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import ConfigError
from .rdfbytes import serialize_results
from .syntax import explain

log = logging.getLogger(__name__)

FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}


@dataclass(frozen=True)
class Answer:
    """A SELECT answer: variable names and rows of plain values (IRIs and lexical forms; None if unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]

    def column(self, name: str) -> list[str | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]

    def dicts(self) -> list[dict[str, str | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


def load_store(nquads: str | Path) -> ox.Store:
    """An in-memory store holding the dataset's N-Quads."""
    path = Path(nquads)
    if not path.is_file():
        raise ConfigError(f"no built dataset at {path}: run 'r2p-kg build' first", where=str(path))
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


@functools.lru_cache(maxsize=4)
def _cached_store(path: str, mtime: float) -> ox.Store:
    return load_store(path)


def cached_store(nquads: str | Path) -> ox.Store:
    """``load_store`` once per file version (tests run many queries on one build)."""
    path = Path(nquads).resolve()
    if not path.is_file():
        raise ConfigError(f"no built dataset at {path}: run 'r2p-kg build' first", where=str(path))
    return _cached_store(str(path), path.stat().st_mtime)


def read_query(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no such query file", where=str(path)) from None


def _solutions(store: ox.Store, text: str, where: str) -> ox.QuerySolutions:
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        found = explain(text, str(exc))
        if found is None:
            raise ConfigError(f"SPARQL syntax error: {exc}", where=where) from None
        raise ConfigError(found.message, where=f"{where}:{found.line}:{found.column}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise ConfigError("only SELECT queries are supported", where=where)
    return result


def ask(store: ox.Store, text: str, where: str = "query") -> Answer:
    """Run a SELECT query and collect its answer."""
    solutions = _solutions(store, text, where)
    names = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple(None if s[n] is None else s[n].value for n in names) for s in solutions)
    return Answer(names, rows)


def render(store: ox.Store, text: str, fmt: str = "table", where: str = "query") -> str:
    """The answer as an aligned text table, or as SPARQL CSV/TSV/JSON results."""
    if fmt in _RESULT_FORMATS:
        data = serialize_results(_solutions(store, text, where), _RESULT_FORMATS[fmt])
        out = data.decode("utf-8")
        return json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n" if fmt == "json" else out
    if fmt != "table":
        raise ConfigError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", where="--format")
    answer = ask(store, text, where)
    cells = [list(answer.variables)] + [["" if v is None else v.replace("\n", " ") for v in row]
                                        for row in answer.rows]
    widths = [min(max(len(r[i]) for r in cells), 80) for i in range(len(answer.variables))]
    lines = ["  ".join(c[:80].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"({len(answer.rows)} row{'s' if len(answer.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
