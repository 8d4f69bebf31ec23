"""A lexical scan of SPARQL text: what the endpoint must know before it runs a query or an update.

pyoxigraph parses queries but exposes no algebra, so the endpoint scans the text with SPARQL's own
lexical rules (SPARQL 1.1 Query §19.2 codepoint escapes, §19.8 terminals): strings, comments and IRIs
are masked first, so a keyword inside ``"SERVICE"``, ``# SERVICE`` or ``<http://x/service>`` is not
seen, while ``\\u0053ERVICE`` (which the parser unescapes before parsing) is. The scan errs on the
side of finding a keyword: a false find only refuses a query, a miss could make an outbound request.

It answers: the query form (to negotiate the result format before running the query), the endpoints
of ``SERVICE`` and ``LOAD`` (to refuse those not on the allow-list), whether an update has its own
dataset clauses (``USING``/``WITH``), and where the protocol's ``using-graph-uri`` clauses go.

It also refuses text nested or chained so deeply that Oxigraph's recursive parser and evaluator
would overflow a worker's stack (:func:`check_complexity`): measured on pyoxigraph 0.5 with an 8 MB
stack, the first crashes come at about 900 nested function calls, 2,200 nested groups, 4,500 nested
parentheses and 1,000-3,000 chained ``BIND``/``MINUS``/projections; the limits below are a fraction
of those, and far above what a written query uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import QueryTooComplex

MAX_DEPTH = 128  # brackets ( [ { open at once
MAX_CHAIN = 256  # chained operators in the brackets open at one point (each deepens the parse tree)

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# One alternative per masked terminal; anything else is scanned one character at a time. A backslash
# outside a string is a PN_LOCAL escape (``ex:a\'b``): consumed with its character so that the quote
# does not open a string.
_MASKED = re.compile(r"""
    (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'
              |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<escape>\\.)
""", re.VERBOSE | re.DOTALL)

_KEYWORD = r"(?<![\w:?$\\\-]){}(?![\w:\-])"
_FORM = re.compile(_KEYWORD.format(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)"), re.IGNORECASE)
_OPERATION = re.compile(_KEYWORD.format(r"(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|"
                                        r"DROP|COPY|MOVE|ADD|WITH)"), re.IGNORECASE)
# SERVICE and LOAD are also found glued to a number or a boolean before them (``1SERVICE``,
# ``trueLOAD``): SPARQL's tokenizer reads those as two tokens.
_OUTBOUND = re.compile(r"(?:(?<![\w:?$\\\-])|(?<=[0-9.])|(?<=true)|(?<=false))(SERVICE|LOAD)(?![\w:\-])"
                       r"(\s+SILENT(?![\w:\-]))?\s*", re.IGNORECASE)
_DATASET_CLAUSE = re.compile(_KEYWORD.format(r"(USING|WITH)"), re.IGNORECASE)
_WHERE = re.compile(_KEYWORD.format("WHERE"), re.IGNORECASE)
_PREFIX = re.compile(_KEYWORD.format("PREFIX") + r"\s*([^\s:]*):\s*(?=<)", re.IGNORECASE)
_BASE = re.compile(_KEYWORD.format("BASE") + r"\s*(?=<)", re.IGNORECASE)
_PNAME = re.compile(r"([^\s:{}()<>]*):((?:[^\s{}()<>.,;\\]|\\.|\.(?=[^\s{}()<>.,;]))*)")
_VAR = re.compile(r"[?$]\w+")
# What deepens Oxigraph's parse tree: brackets, and operators that each wrap what came before (a
# left-deep chain). Matched on the lower-cased skeleton, then checked in :func:`_chains`: one plain
# alternation is many times faster in ``re`` than lookbehinds and IGNORECASE on megabytes of text.
_NESTING = re.compile(r"[-+(){}\[\]|&/!*^]|union|optional|minus|filter|bind|as")
_WORDISH = re.compile(r"[\w:?$\\\-.%]")


def unescape_codepoints(text: str) -> str:
    """Apply ``\\uXXXX``/``\\UXXXXXXXX`` escapes, as the SPARQL grammar does before parsing."""
    return _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


@dataclass(frozen=True)
class Outbound:
    """A ``SERVICE`` or ``LOAD``: the keyword and its endpoint IRI (``None`` when it is a variable).

    ``start`` is where the keyword begins in :attr:`Scan.text`; for a ``SERVICE`` whose group could be
    read, ``group`` is the ``(start, end)`` of its ``{ ... }`` there, braces included.
    """

    keyword: str
    endpoint: str | None
    silent: bool = False
    start: int = 0
    group: tuple[int, int] | None = None


@dataclass
class Prologue:
    """The ``BASE`` and prefixes in force at one point of the text, every IRI resolved."""

    base: str | None
    prefixes: dict[str, str]

    def text(self) -> str:
        """The prologue as SPARQL (absolute IRIs only)."""
        lines = [f"BASE <{self.base}>"] if self.base else []
        lines += [f"PREFIX {name}: <{iri}>" for name, iri in self.prefixes.items()]
        return "\n".join(lines) + ("\n" if lines else "")


def resolve_iri(base: str | None, iri: str) -> str:
    """``iri`` resolved against ``base`` by RFC 3986, with the resolver Oxigraph's own parser uses."""
    if base is None:
        return iri
    import pyoxigraph as ox
    try:
        triple = next(iter(ox.parse(f"<{iri}> <{iri}> <{iri}> .".encode(), format=ox.RdfFormat.TURTLE,
                                    base_iri=base)))
    except (SyntaxError, ValueError, StopIteration):
        return iri  # not resolvable: kept as written, so it matches no allow-listed endpoint
    return triple.subject.value


@dataclass
class Scan:
    """The scanned text: ``skeleton`` is ``text`` with strings, comments and IRIs blanked (same length)."""

    text: str
    skeleton: str
    iris: dict[int, str] = field(default_factory=dict)

    def _iri_at(self, pos: int) -> str | None:
        return self.iris.get(pos)

    def form(self) -> str | None:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; ``None`` when none is found."""
        m = _FORM.search(self.skeleton)
        return m.group(1).upper() if m else None

    def is_update(self) -> bool:
        """Whether the first operation keyword (after the prologue) is an update's (``INSERT``,
        ``DELETE``, ``LOAD``...), not a query form's; a subquery inside an update does not count."""
        m = _OPERATION.search(self.skeleton)
        return m is not None and m.group(1).upper() not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

    def prologue(self, base_iri: str | None, upto: int | None = None) -> Prologue:
        """The ``BASE`` and prefixes declared before ``upto`` (all of them by default), resolved."""
        base, prefixes = base_iri, {}
        events = [(m.end(), "base", m) for m in _BASE.finditer(self.skeleton)]
        events += [(m.end(), "prefix", m) for m in _PREFIX.finditer(self.skeleton)]
        for pos, kind, m in sorted(events, key=lambda e: e[0]):
            if upto is not None and pos > upto:
                break
            iri = self._iri_at(pos)
            if iri is None:
                continue
            resolved = resolve_iri(base, iri)
            if kind == "base":
                base = resolved
            else:
                prefixes[m.group(1)] = resolved
        return Prologue(base, prefixes)

    def _group_after(self, pos: int) -> tuple[int, int] | None:
        """The ``{ ... }`` starting at ``pos`` (after blanks), braces balanced, or ``None``."""
        while pos < len(self.skeleton) and self.skeleton[pos].isspace():
            pos += 1
        if pos >= len(self.skeleton) or self.skeleton[pos] != "{":
            return None
        depth = 0
        for i in range(pos, len(self.skeleton)):
            ch = self.skeleton[i]
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return pos, i + 1
        return None

    def outbound(self, base_iri: str | None = None) -> list[Outbound]:
        """Every ``SERVICE`` and ``LOAD`` with its endpoint resolved against BASE and the prefixes."""
        found = []
        for m in _OUTBOUND.finditer(self.skeleton):
            keyword, pos = m.group(1).upper(), m.end()
            prologue = self.prologue(base_iri, upto=m.start())
            endpoint: str | None = None
            after = pos
            iri = self._iri_at(pos)
            if iri is not None:
                endpoint = resolve_iri(prologue.base, iri)
                after = pos + len(iri) + 2
            else:
                pn = _PNAME.match(self.skeleton, pos)
                if pn and not _VAR.match(self.skeleton, pos) and pn.group(1) in prologue.prefixes:
                    local = self.text[pn.start(2):pn.end(2)]  # escapes are blanked in the skeleton
                    endpoint = prologue.prefixes[pn.group(1)] + re.sub(r"\\(.)", r"\1", local)
                    after = pn.end()
            group = self._group_after(after) if keyword == "SERVICE" and endpoint else None
            found.append(Outbound(keyword, endpoint, bool(m.group(2)), m.start(), group))
        return found

    def has_dataset_clause(self) -> bool:
        """Whether an update names its own dataset with ``USING`` or ``WITH``."""
        return _DATASET_CLAUSE.search(self.skeleton) is not None

    def with_using(self, default_graphs: list[str], named_graphs: list[str]) -> str:
        """The update with ``USING``/``USING NAMED`` before the WHERE of each DELETE/INSERT operation.

        This is what ``using-graph-uri``/``using-named-graph-uri`` mean (SPARQL 1.1 Protocol §2.2.3).
        The IRIs must already be validated (no ``>`` or spaces), as :func:`r2p_kg.store` does.
        """
        clause = " ".join([f"USING <{g}>" for g in default_graphs]
                          + [f"USING NAMED <{g}>" for g in named_graphs])
        out, last, depth, prev = [], 0, 0, ""
        where_at = {m.start() for m in _WHERE.finditer(self.skeleton)}
        for i, ch in enumerate(self.skeleton):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            if i in where_at and depth == 0 and prev == "}":
                out.append(self.text[last:i])
                out.append(clause + " ")
                last = i
            if not ch.isspace():
                prev = ch
        out.append(self.text[last:])
        return "".join(out)


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def _chains(lowered: str, m: re.Match, in_parens: bool) -> bool:
    """Whether the operator candidate ``m`` chains (see :data:`_NESTING`)."""
    tok, i = m.group(), m.start()
    before = lowered[i - 1] if i else " "
    after = lowered[m.end()] if m.end() < len(lowered) else " "
    if len(tok) > 1:  # a keyword, unless part of a longer word or name
        return not _WORDISH.match(before) and not _WORDISH.match(after)
    if tok == "&":  # && counts once; a lone & is not SPARQL
        return after == "&"
    if tok == "|":  # || counts once, a path's | too
        return before != "|"
    if tok == "^":  # an inverse path, not a datatype's ^^
        return before != "^" and after != "^"
    if tok in "+-":  # arithmetic in an expression; not a sign in data, nor a dash in a name
        if not in_parens:
            return False
        if tok == "-":
            run = i
            while run > 0 and _WORDISH.match(lowered[run - 1]) and lowered[run - 1] not in "?$":
                run -= 1
            return ":" not in lowered[run:i]
        return True
    return True  # ! * /


def check_complexity(skeleton: str, text: str | None = None) -> None:
    """Raise :class:`QueryTooComplex` if ``skeleton`` (strings, comments and IRIs blanked) nests
    brackets deeper than :data:`MAX_DEPTH` or chains more than :data:`MAX_CHAIN` operators in the
    brackets open at one point. ``text`` (same length) is only used to say where."""
    lowered = skeleton.lower()
    opened: list[str] = []  # the open brackets, innermost last
    chains = [0]  # operators chained at each open level (level 0: outside every bracket)
    chained = 0  # their sum: what the parse tree's depth grows with
    for m in _NESTING.finditer(lowered):
        tok = m.group()
        if tok in "([{":
            opened.append(tok)
            chains.append(0)
            if len(opened) > MAX_DEPTH:
                raise QueryTooComplex(
                    f"brackets are nested more than {MAX_DEPTH} deep at "
                    f"{_where(text or skeleton, m.start())}; this server accepts at most {MAX_DEPTH} "
                    "(deeper text can crash the query engine)")
        elif tok in ")]}":
            if opened:
                opened.pop()
                chained -= chains.pop()
        elif _chains(lowered, m, bool(opened) and opened[-1] == "("):
            chains[-1] += 1
            chained += 1
            if chained > MAX_CHAIN:
                raise QueryTooComplex(
                    f"more than {MAX_CHAIN} operators (UNION, OPTIONAL, MINUS, FILTER, BIND, AS, &&, "
                    f"||, ! and arithmetic, path / | ^ *) are chained at "
                    f"{_where(text or skeleton, m.start())}; this server accepts at most {MAX_CHAIN} "
                    "(more can crash the query engine): split the query, or use VALUES or IN for "
                    "long lists of alternatives")


def scan(text: str) -> Scan:
    """Scan SPARQL ``text`` (after codepoint unescaping) into a :class:`Scan`; raises
    :class:`~r2p_kg.errors.QueryTooComplex` for text too deeply nested to run safely."""
    text = unescape_codepoints(text)
    parts, iris, pos = [], {}, 0
    for m in _MASKED.finditer(text):
        parts.append(text[pos:m.start()])
        token = m.group(0)
        if m.lastgroup == "iri":
            iris[m.start()] = token[1:-1]
            parts.append("<" + " " * (len(token) - 2) + ">")
        elif m.lastgroup == "string":
            parts.append('"' + " " * (len(token) - 2) + '"')
        elif m.lastgroup == "escape":
            parts.append("__")
        else:
            parts.append(" " * len(token))
        pos = m.end()
    parts.append(text[pos:])
    skeleton = "".join(parts)
    check_complexity(skeleton, text)
    return Scan(text, skeleton, iris)
