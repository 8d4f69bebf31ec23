"""Full-text search over a dataset: paragraphs, footnotes, section titles, entity names and symbols.

Chinese has no spaces between words, so the index is SQLite FTS5 with its trigram tokenizer: any run of
three or more characters is found wherever it stands, in Chinese or English, case-insensitively.
Shorter terms (苏丹 is two characters) are matched with ``LIKE`` over the same table. Each term of the
query must occur (AND); results are ranked by BM25 where the index can rank them, then by kind. The
project's translations (``r2p:translatedText``) are indexed beside the original text, so an English
word finds the paragraph it translates; the snippet comes from the text in the asked language when
the match is there.

The index is built from SPARQL over the data (:meth:`SearchIndex.build` takes any ``select``
function). The build writes it into ``dist/`` (:data:`SEARCH_FILE`, the same bytes for the same data:
rows are inserted in a fixed order) after checking it holds every paragraph and footnote; the server
reads that file into memory, or builds the index itself when a build has none. User text only ever
reaches SQLite as bound parameters: a term becomes a quoted FTS5 phrase, never query syntax.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .namespaces import DCT, R2P, RDFS, SKOS

log = logging.getLogger(__name__)

# What is indexed, in the order results of equal rank are shown: names first (someone typing "Sudan"
# most likely wants Sudan), then the text.
KINDS = ("entity", "document", "section", "paragraph", "footnote", "term")
MAX_QUERY = 200  # characters of a query that are read
SNIPPET = 48  # characters of context on each side of the first match
SEARCH_FILE = "search.sqlite"  # the index as the build writes it
NAME_SEPARATOR = " · "

_QUERIES = {
    "paragraph": f"""SELECT ?iri ?title ?body ?order WHERE {{
        ?iri a <{R2P}Paragraph> ; <{R2P}number> ?order ; <{R2P}text> ?body .
        BIND(STR(?order) AS ?title) }}""",
    "footnote": f"""SELECT ?iri ?title ?body ?order WHERE {{
        ?iri a <{R2P}Footnote> ; <{R2P}number> ?order ; <{R2P}text> ?body .
        BIND(STR(?order) AS ?title) }}""",
    "section": f"""SELECT ?iri ?title ?body WHERE {{
        ?iri a <{R2P}Section> ; <{DCT}title> ?body .
        BIND(STR(?body) AS ?title) }}""",
}
# Names of everything that has one (entities, documents, terms): joined per IRI in :data:`NAME_PROPS`
# order, then by name, so that the index is the same whatever order the store answers in.
NAME_PROPS = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", R2P + "symbol", R2P + "iso3166Alpha2")
_NAMES = ("SELECT ?iri ?prop ?name WHERE { ?iri ?prop ?label . FILTER(isIRI(?iri) && ?prop IN ("
          + ", ".join(f"<{p}>" for p in NAME_PROPS) + ")) BIND(STR(?label) AS ?name) }")
# A result whose title, or one of whose names, is the whole query comes first (two parameters: the query).
_EXACT_NAME = (f"(lower(title) = lower(?) OR (kind IN ('entity', 'document', 'term') AND instr("
               f"'{NAME_SEPARATOR}' || lower(body) || '{NAME_SEPARATOR}', '{NAME_SEPARATOR}' || lower(?) || "
               f"'{NAME_SEPARATOR}') > 0))")
# The translations of paragraphs, footnotes and section titles, indexed with their originals.
_TRANSLATIONS = f"""SELECT ?iri ?text WHERE {{ ?iri <{R2P}translatedText> ?text }} ORDER BY ?iri ?text"""
_TEXT_KINDS = ("section", "paragraph", "footnote")  # kinds whose body is the report's (Chinese) text


@dataclass(frozen=True)
class Hit:
    """One result: ``snippet`` is a list of (text, matched) pieces around the first match."""

    kind: str
    iri: str
    title: str
    snippet: tuple[tuple[str, bool], ...]
    order: int = 0
    lang: str = ""  # the snippet's language when known (``zh`` for the report, ``en`` for a translation)


@dataclass(frozen=True)
class Results:
    query: str
    terms: tuple[str, ...]
    total: int
    counts: dict[str, int]
    hits: tuple[Hit, ...]
    kind: str | None = None
    offset: int = 0


def terms_of(query: str) -> tuple[str, ...]:
    """The words of a query (split on white space; quotes keep a phrase together), at most 10."""
    text = query[:MAX_QUERY]
    found = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', text)]
    return tuple(t.strip() for t in found if t.strip())[:10]


@dataclass
class SearchIndex:
    """An in-memory FTS5 index; thread-safe for concurrent searches."""

    db: sqlite3.Connection
    size: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def build(cls, select: Callable[[str], list[dict]], base: str | None = None) -> SearchIndex:
        """Index what ``select`` (a SPARQL SELECT over the dataset, rows of pyoxigraph terms) finds;
        with ``base``, only IRIs under it (the dataset's own, not the vocabularies')."""
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, iri UNINDEXED, ord UNINDEXED, "
                   "title, body, alt, tokenize='trigram')")
        translated: dict[str, list[str]] = {}
        for row in select(_TRANSLATIONS):
            translated.setdefault(row["iri"].value, []).append(row["text"].value)
        rows = []
        for kind, sparql in _QUERIES.items():
            for row in select(sparql):
                iri = row["iri"].value
                if base and not iri.startswith(base):
                    continue
                order = row.get("order")
                rows.append((kind, iri, int(order.value) if order is not None else 0, row["title"].value,
                             row["body"].value, "\n".join(translated.get(iri, []))))
        names: dict[str, set[tuple[int, str]]] = {}
        for row in select(_NAMES):
            iri = row["iri"].value
            if not base or iri.startswith(base):
                names.setdefault(iri, set()).add((NAME_PROPS.index(row["prop"].value), row["name"].value))
        for iri, found in names.items():
            ordered = list(dict.fromkeys(name for _, name in sorted(found)))
            kind = "document" if "/id/document/" in iri else "entity" if "/id/" in iri else "term"
            rows.append((kind, iri, 0, ordered[0], NAME_SEPARATOR.join(ordered), ""))
        rows.sort(key=lambda r: (KINDS.index(r[0]), r[2], r[1], r[3], r[4], r[5]))
        db.executemany("INSERT INTO docs (kind, iri, ord, title, body, alt) VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.commit()
        log.info("search index: %d documents", len(rows))
        return cls(db, len(rows))

    def save(self, path: Path) -> None:
        """Write the index to ``path`` (compacted; replaced in one rename)."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.unlink(missing_ok=True)
        with self._lock:
            self.db.execute("VACUUM INTO ?", (str(tmp),))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """An index written by :meth:`save`, read into memory."""
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            src.backup(db)
        finally:
            src.close()
        (size,) = db.execute("SELECT COUNT(*) FROM docs").fetchone()
        return cls(db, size)

    def missing(self, select: Callable[[str], list[dict]], base: str | None = None) -> list[str]:
        """What the index should hold and does not: each paragraph and footnote of the data (under
        ``base``), with its translations when it has some. Empty when all is there."""
        with self._lock:
            held = {iri: alt for iri, alt in self.db.execute(
                "SELECT iri, alt FROM docs WHERE kind IN ('paragraph', 'footnote')")}
        out = []
        for kind in ("paragraph", "footnote"):
            for row in select(_QUERIES[kind]):
                iri = row["iri"].value
                if base and not iri.startswith(base):
                    continue
                if iri not in held:
                    out.append(f"{kind} {iri} is not in the search index")
        for row in select(_TRANSLATIONS):
            iri = row["iri"].value
            if iri in held and row["text"].value not in held[iri]:
                out.append(f"the translation of {iri} is not in the search index")
        return out

    def search(self, query: str, kind: str | None = None, limit: int = 50, offset: int = 0,
               lang: str = "zh") -> Results:
        """Every document holding every term of ``query``; ``kind`` narrows to one kind. Snippets come
        from the text in ``lang`` (the original ``zh`` or a translation) when a term occurs there."""
        terms = terms_of(query)
        if not terms:
            return Results(query, terms, 0, {}, (), kind, offset)
        long = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        where, params = [], []
        if long:
            where.append("docs MATCH ?")
            params.append(" AND ".join('"' + t.replace('"', '""') + '"' for t in long))
        for t in short:
            where.append("(title || ' ' || body || ' ' || alt) LIKE ? ESCAPE '\\'")
            params.append("%" + re.sub(r"([%_\\])", r"\\\1", t) + "%")
        condition = " AND ".join(where)
        rank = "bm25(docs, 0.0, 0.0, 0.0, 2.0, 1.0, 1.0), " if long else ""
        order_kind = "CASE kind " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(KINDS)) + " END"
        with self._lock:
            counts = dict(self.db.execute(f"SELECT kind, COUNT(*) FROM docs WHERE {condition} GROUP BY kind",
                                          params).fetchall())
            narrow = " AND kind = ?" if kind else ""
            rows = self.db.execute(
                f"SELECT kind, iri, ord, title, body, alt FROM docs WHERE {condition}{narrow} "
                f"ORDER BY {_EXACT_NAME} DESC, {rank}{order_kind}, ord, iri LIMIT ? OFFSET ?",
                params + ([kind] if kind else []) + [" ".join(terms)] * 2 + [max(1, min(limit, 500)),
                                                                             max(0, offset)]).fetchall()
        hits = tuple(_hit(row, terms, lang) for row in rows)
        total = counts.get(kind, 0) if kind else sum(counts.values())
        return Results(query, terms, total, counts, hits, kind, offset)


def _hit(row: tuple, terms: tuple[str, ...], lang: str) -> Hit:
    """A result row as a hit: the snippet from the text in ``lang`` if a term is in it, else from the
    other text that holds one."""
    kind, iri, order, title, body, alt = row
    original = (body, "zh" if kind in _TEXT_KINDS else "")
    texts = [original, (alt, "en")] if lang == "zh" else [(alt, "en"), original]
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.I)
    text, text_lang = next(((t, tl) for t, tl in texts if t and pattern.search(t)), original)
    return Hit(kind, iri, title, snippet(text, terms), int(order), text_lang)


def snippet(text: str, terms: tuple[str, ...], context: int = SNIPPET) -> tuple[tuple[str, bool], ...]:
    """``text`` around the first match of any term, as (piece, matched) pairs; ellipses mark cuts."""
    if not text:
        return ()
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    first = pattern.search(text)
    start = max((first.start() if first else 0) - context, 0)
    end = min((first.end() if first else 0) + context * 2, len(text))
    window = text[start:end]
    pieces: list[tuple[str, bool]] = [("…", False)] if start else []
    last = 0
    for m in pattern.finditer(window):
        if m.start() > last:
            pieces.append((window[last:m.start()], False))
        pieces.append((m.group(0), True))
        last = m.end()
    if last < len(window):
        pieces.append((window[last:], False))
    if end < len(text):
        pieces.append(("…", False))
    return tuple(pieces)
