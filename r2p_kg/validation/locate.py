"""Where a triple is written: the file and line of a focus node's triples in Turtle, TriG, N-Triples
and N-Quads files.

pyoxigraph's parser reports positions only for syntax errors, so the files (already parsed by
Oxigraph, hence well-formed) are scanned once more with a small tokenizer for these syntaxes that
follows prefixes, base, nested blank nodes, collections and graph blocks, and records the line of
every subject and of every object token. JSON-LD and RDF/XML have no useful lines: a result there
names the file only. Blank nodes cannot be matched (their labels are the parser's), so a focus node
that is a blank node gets no line.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox

from ..namespaces import RDF

RDF_TYPE = RDF + "type"
LINE_SUFFIXES = {".ttl", ".turtle", ".trig", ".nt", ".ntriples", ".nq", ".nquads"}

_NAME_END = r"""(?:[^\s<>"'{}()\[\];,#^\\.]|\\.|%[0-9A-Fa-f]{2})"""
_NAME_MID = r"""(?:[^\s<>"'{}()\[\];,#^\\]|\\.|%[0-9A-Fa-f]{2})"""
_TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<comment>\#[^\n]*)"""
    r"""|(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"""
    r'''|(?P<lstr>"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|\'\'\'(?:[^'\\]|\\[\s\S]|'(?!''))*\'\'\')'''
    r"""|(?P<str>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')"""
    r"""|(?P<directive>@prefix\b|@base\b)|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)|(?P<dt>\^\^)"""
    r"""|(?P<bnode>_:""" + _NAME_END + "(?:" + _NAME_MID + "*" + _NAME_END + r""")?)"""
    r"""|(?P<pname>(?:[A-Za-z\u00C0-\uFFFF](?:[\w.\-\u00B7-\uFFFF]*[\w\-\u00B7-\uFFFF])?)?:"""
    + "(?:" + _NAME_END + "(?:" + _NAME_MID + "*" + _NAME_END + ")?)?)"
    r"""|(?P<number>[+-]?(?:\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?))"""
    r"""|(?P<word>[A-Za-z]+)|(?P<punct>[.;,\[\]()\{\}])""")
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_STRING_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


def _unescape(s: str) -> str:
    def one(m: re.Match) -> str:
        e = m.group(1)
        return chr(int(e[1:], 16)) if e[0] in "uU" and len(e) > 1 else _ESCAPES.get(e, e)
    return _STRING_ESCAPE.sub(one, s)


def tokens(text: str) -> list[Token]:
    """The tokens of a Turtle-family document with their 1-based line numbers (comments dropped)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:  # cannot happen on a file Oxigraph parsed; skip a character
            pos += 1
            continue
        kind = m.lastgroup or ""
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), bisect.bisect_right(starts, m.start())))
        pos = m.end()
    return out


@dataclass
class LineIndex:
    """Lines of one file: triples by (subject, predicate), subjects, and any appearance of a term."""

    path: Path
    objects: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))
    subjects: dict[str, int] = field(default_factory=dict)
    anywhere: dict[str, int] = field(default_factory=dict)

    def line(self, focus: str, path: str | None = None, value: str | None = None,
             inverse: bool = False) -> int | None:
        """The line of the triple (focus, path, value) (or (value, path, focus) when ``inverse``);
        failing that the first triple of focus with path, where focus is a subject, or any mention."""
        if path:
            s, o = (value, focus) if inverse else (focus, value)
            rows = self.objects.get((s, path), []) if s is not None else []
            for obj, line in rows:
                if o is None or obj == o:
                    return line
            if rows and not inverse:
                return rows[0][1]
        return self.subjects.get(focus) or self.anywhere.get(focus)


class _Scanner:
    """A recursive-descent walk over the tokens, recording lines (not building a graph)."""

    def __init__(self, toks: list[Token], index: LineIndex, base: str) -> None:
        self.t, self.i, self.ix, self.base = toks, 0, index, base
        self.prefixes: dict[str, str] = {}
        self.fresh = 0

    def peek(self, k: int = 0) -> Token | None:
        return self.t[self.i + k] if self.i + k < len(self.t) else None

    def next(self) -> Token:
        tok = self.t[self.i]
        self.i += 1
        return tok

    def accept(self, text: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.kind == "punct" and tok.text == text:
            self.i += 1
            return True
        return False

    def term(self, tok: Token) -> str:
        if tok.kind == "iri":
            return urljoin(self.base, _unescape(tok.text[1:-1])) if self.base else _unescape(tok.text[1:-1])
        if tok.kind == "pname":
            ns, _, local = tok.text.partition(":")
            return self.prefixes.get(ns, ns + ":") + re.sub(r"\\(.)", r"\1", local)
        if tok.kind == "word" and tok.text == "a":
            return RDF_TYPE
        if tok.kind == "lstr":
            return _unescape(tok.text[3:-3])
        if tok.kind == "str":
            return _unescape(tok.text[1:-1])
        return tok.text

    def seen(self, key: str, line: int) -> None:
        self.ix.anywhere.setdefault(key, line)

    def document(self) -> None:
        while self.peek() is not None:
            start = self.i
            self.statement()
            if self.i == start:  # never loop on an unexpected token
                self.i += 1

    def statement(self) -> None:
        tok = self.peek()
        if tok is None:
            return
        if tok.kind == "directive" or (tok.kind == "word" and tok.text.upper() in ("PREFIX", "BASE")):
            self.next()
            if tok.text.lower() in ("@prefix", "prefix"):
                name = self.next().text.rstrip(":")
                self.prefixes[name] = self.term(self.next())
            else:
                self.base = self.term(self.next())
            self.accept(".")
            return
        if tok.kind == "word" and tok.text.upper() == "GRAPH":
            self.next()
            self.next()
            self.block()
            return
        if tok.kind == "punct" and tok.text == "{":
            self.block()
            return
        after = self.peek(1)
        if tok.kind in ("iri", "pname", "bnode") and after is not None and after.text == "{" \
                and after.kind == "punct":
            self.next()
            self.block()
            return
        self.triples()
        self.accept(".")

    def block(self) -> None:
        self.accept("{")
        while self.peek() is not None and not self.accept("}"):
            start = self.i
            self.triples()
            self.accept(".")
            if self.i == start:
                self.i += 1

    def triples(self) -> None:
        tok = self.peek()
        if tok is None:
            return
        if tok.kind == "punct" and tok.text == "[":
            subject = self.blank_list()
            if (after := self.peek()) is not None and after.kind != "punct":
                self.predicate_objects(subject)
            return
        if tok.kind == "punct" and tok.text == "(":
            subject = self.collection()
        elif tok.kind in ("iri", "pname", "bnode"):
            self.next()
            subject = self.term(tok)
            self.ix.subjects.setdefault(subject, tok.line)
            self.seen(subject, tok.line)
        else:
            return
        self.predicate_objects(subject)
        nxt = self.peek()  # N-Quads: the graph label after the object
        if nxt is not None and nxt.kind in ("iri", "bnode"):
            self.next()

    def predicate_objects(self, subject: str) -> None:
        while True:
            tok = self.peek()
            if tok is None or not (tok.kind in ("iri", "pname") or (tok.kind == "word" and tok.text == "a")):
                return
            self.next()
            predicate = self.term(tok)
            self.objects(subject, predicate)
            if not self.accept(";"):
                return
            while self.accept(";"):
                pass

    def objects(self, subject: str, predicate: str) -> None:
        self.object(subject, predicate)
        while self.accept(","):
            self.object(subject, predicate)

    def object(self, subject: str | None, predicate: str | None) -> None:
        tok = self.peek()
        if tok is None:
            return
        if tok.kind == "punct" and tok.text == "[":
            value = self.blank_list()
        elif tok.kind == "punct" and tok.text == "(":
            value = self.collection()
        else:
            self.next()
            value = self.term(tok)
            if tok.kind in ("str", "lstr"):
                nxt = self.peek()
                if nxt is not None and nxt.kind == "lang":
                    self.next()
                elif nxt is not None and nxt.kind == "dt":
                    self.next()
                    self.next()
            elif tok.kind in ("iri", "pname", "bnode"):
                self.seen(value, tok.line)
        if subject is not None and predicate is not None:
            self.ix.objects[(subject, predicate)].append((value, tok.line))

    def blank_list(self) -> str:
        self.accept("[")
        self.fresh += 1
        node = f"_:scan{self.fresh}"
        self.predicate_objects(node)
        self.accept("]")
        return node

    def collection(self) -> str:
        self.accept("(")
        self.fresh += 1
        while self.peek() is not None and not self.accept(")"):
            start = self.i
            self.object(None, None)
            if self.i == start:
                self.i += 1
        return f"_:list{self.fresh}"


def index_text(text: str, path: Path, base: str = "") -> LineIndex:
    ix = LineIndex(path)
    _Scanner(tokens(text), ix, base).document()
    return ix


def index_file(path: Path) -> LineIndex | None:
    """A LineIndex of a Turtle, TriG, N-Triples or N-Quads file; None for other syntaxes."""
    if path.suffix.lower() not in LINE_SUFFIXES:
        return None
    return index_text(path.read_text(encoding="utf-8"), path)


@dataclass
class Locator:
    """Finds the file (and line, where the syntax has lines) of a result among the input files.
    Files are scanned on the first lookup, so data that conforms is never scanned."""

    files: list[Path]
    quads_by_file: dict[Path, list[ox.Quad]] = field(default_factory=dict)
    _indexes: dict[Path, LineIndex | None] | None = None
    _terms: dict[Path, set[str]] | None = None

    @classmethod
    def of(cls, files: Iterable[Path], quads_by_file: dict[Path, list[ox.Quad]]) -> Locator:
        return cls(list(files), quads_by_file)

    def _scan(self) -> tuple[dict[Path, LineIndex | None], dict[Path, set[str]]]:
        if self._indexes is None or self._terms is None:
            self._indexes = {f: index_file(f) for f in self.files}
            self._terms = {f: {t.value for q in self.quads_by_file.get(f, [])
                               for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
                           for f in self.files}
        return self._indexes, self._terms

    def find(self, focus: str, path: str | None, value: str | None,
             inverse: bool = False) -> tuple[Path | None, int | None]:
        indexes, terms = self._scan()
        for f in self.files:
            ix = indexes.get(f)
            line = ix.line(focus, path, value, inverse) if ix is not None else None
            if line is not None:
                return f, line
        for f in self.files:
            if focus in terms.get(f, ()):
                return f, None
        return None, None
