"""Facets of the report's paragraphs: which paragraphs each section, entity and claim kind touches.

The facets are read from the graph, not listed here: one per report (when there are several), one for
the sections, one per kind of entity that paragraphs mention (``r2p:mentions``; the kind is the IRI's
``id/<kind>/`` segment: country, crime, pillar, situation…), and one for the kinds of claim drawn
from paragraphs (subclasses of ``r2p:Claim``, such as ``r2p:Recommendation``).

A selection maps facets to values; facets combine with AND, the values of one facet with OR. A value
in the URL is a short key (``SD`` for ``…/id/country/SD``) that is looked up among the facet's known
values: request text never reaches a query. Everything is computed once per dataset version.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field

from ...errors import BadRequest
from ...iris import VOCAB, VOCAB_ID
from .data import Dataset

log = logging.getLogger(__name__)

REPORT, SECTION, CLAIM = "report", "section", "claim"
NATURAL_ORDER = (REPORT, SECTION)  # facets whose values keep the report's order, not count order
_PARAGRAPHS = """SELECT ?p ?n ?r ?text WHERE {
  ?p a r2p:Paragraph ; r2p:number ?n ; r2p:inReport ?r ; r2p:text ?text }"""
_SECTIONS = "SELECT ?p ?v WHERE { ?p a r2p:Paragraph ; r2p:section ?v }"
_MENTIONED = "SELECT DISTINCT ?p ?v WHERE { ?p a r2p:Paragraph ; r2p:mentions ?v FILTER(isIRI(?v)) }"
_CLAIMS = """SELECT DISTINCT ?p ?v WHERE {
  ?c prov:wasDerivedFrom ?p . ?p a r2p:Paragraph . ?c a ?v . ?v rdfs:subClassOf+ r2p:Claim }"""


@dataclass(frozen=True)
class Paragraph:
    iri: str
    n: int
    report: str
    text: str


@dataclass
class FacetTable:
    """Paragraphs, and for each facet its values (IRIs) with the paragraphs that have them."""

    paragraphs: dict[str, Paragraph]
    members: dict[str, dict[str, frozenset[str]]]  # facet -> value IRI -> paragraph IRIs
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # facet -> URL key -> value IRI
    names: list[str] = field(default_factory=list)  # the facets, in the order shown
    of: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # paragraph -> facet -> values

    def key_of(self, facet: str, iri: str) -> str:
        return next(k for k, v in self.keys[facet].items() if v == iri)


@dataclass(frozen=True)
class Count:
    iri: str
    key: str
    count: int
    selected: bool


def table(ds: Dataset) -> FacetTable:
    """The dataset's facet table, kept for its version."""
    kept = ds.memo.get("facets")
    if kept is not None and kept[0] == ds.version:
        return kept[1]
    built = build(ds)
    ds.memo["facets"] = (ds.version, built)
    return built


def build(ds: Dataset) -> FacetTable:
    """Read the paragraphs and their facet values from the graph."""
    paragraphs = {r["p"].value: Paragraph(r["p"].value, int(r["n"].value), r["r"].value, r["text"].value)
                  for r in ds.select(_PARAGRAPHS)}
    pairs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in paragraphs.values():
        pairs[REPORT][p.report].add(p.iri)
    for r in ds.select(_SECTIONS):
        pairs[SECTION][r["v"].value].add(r["p"].value)
    for r in ds.select(_MENTIONED):
        kind = entity_kind(r["v"].value, ds.base)
        if kind:
            pairs[kind][r["v"].value].add(r["p"].value)
    for r in ds.select(_CLAIMS):
        pairs[CLAIM][r["v"].value].add(r["p"].value)
    members = {f: {v: frozenset(ps & paragraphs.keys()) for v, ps in values.items()}
               for f, values in pairs.items()}
    if len(members.get(REPORT, {})) < 2:
        members.pop(REPORT, None)  # one report: a facet with one value that every paragraph has
    kinds = [f for f in members if f not in (REPORT, SECTION, CLAIM)]
    reach = {f: len(frozenset().union(*members[f].values())) for f in kinds}
    names = ([f for f in (REPORT, SECTION) if f in members] + sorted(kinds, key=lambda f: (-reach[f], f))
             + ([CLAIM] if CLAIM in members else []))
    keys = {f: _keys(f, list(members[f]), ds.base) for f in names}
    of: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for f in names:
        for value in keys[f].values():  # in key order
            for iri in members[f][value]:
                of[iri][f].append(value)
    log.info("facets: %d paragraphs, %s", len(paragraphs), ", ".join(f"{f} {len(members[f])}" for f in names))
    return FacetTable(paragraphs, {f: members[f] for f in names}, keys, names,
                      {p: dict(by_facet) for p, by_facet in of.items()})


def entity_kind(iri: str, base: str) -> str:
    """``country`` for ``{base}id/country/SD`` (or the fixed ``…/id/pillar/1``); '' for other IRIs."""
    for prefix in (base + "id/", VOCAB_ID):
        if iri.startswith(prefix):
            kind, sep, rest = iri[len(prefix):].partition("/")
            if sep and rest and kind != "report" and re.fullmatch(r"[a-z][a-z0-9-]*", kind):
                return kind
    return ""


def _keys(facet: str, iris: list[str], base: str) -> dict[str, str]:
    """Short URL keys for a facet's values: the IRI less its facet's common prefix (else the IRI)."""
    prefixes = {REPORT: (base + "id/report/",), SECTION: (base + "id/report/",), CLAIM: (VOCAB,)}.get(
        facet, (base + "id/" + facet + "/", VOCAB_ID + facet + "/"))
    out: dict[str, str] = {}
    for iri in sorted(iris, key=natural):
        key = next((iri[len(p):] for p in prefixes if iri.startswith(p) and len(iri) > len(p)), iri)
        out[key if key not in out else iri] = iri
    return out


def natural(text: str) -> list[tuple[int, str]]:
    """A sort key that orders ``section/2`` before ``section/10``."""
    return [(int(part), "") if part.isdigit() else (0, part) for part in re.split(r"(\d+)", text)]


Selection = dict[str, list[str]]


def parse(tab: FacetTable, args: list[tuple[str, str]], ignored: tuple[str, ...] = ()) -> Selection:
    """The selection named by request parameters ``facet=key``; an unknown facet or value is a 400
    that names the parameter. Parameters in ``ignored`` (``lang``, ``format``) are skipped."""
    chosen: Selection = {}
    for name, value in args:
        if name in ignored:
            continue
        if name not in tab.keys:
            raise BadRequest(f"no facet {name[:40]!r}; the facets are: {', '.join(tab.names)}", where=name)
        iri = tab.keys[name].get(value)
        if iri is None:
            raise BadRequest(f"{value[:80]!r} is not a value of the facet {name!r}", where=name)
        if iri not in chosen.setdefault(name, []):
            chosen[name].append(iri)
    return chosen


def _matching(tab: FacetTable, chosen: Selection, skip: str | None = None) -> set[str]:
    """Paragraphs that have, for every chosen facet but ``skip``, one of its chosen values."""
    found = set(tab.paragraphs)
    for facet, values in chosen.items():
        if facet != skip:
            found &= set().union(*(tab.members[facet][v] for v in values))
    return found


def select(tab: FacetTable, chosen: Selection) -> list[Paragraph]:
    """The selected paragraphs, in report and paragraph order."""
    return sorted((tab.paragraphs[p] for p in _matching(tab, chosen)), key=lambda p: (natural(p.report), p.n))


def counts(tab: FacetTable, chosen: Selection) -> dict[str, list[Count]]:
    """Per facet, each value with the number of paragraphs it would select together with the other
    facets' choices (for a facet with nothing chosen: how many of the selected paragraphs have it).
    Values that select nothing are left out unless chosen."""
    out: dict[str, list[Count]] = {}
    for facet in tab.names:
        pool = _matching(tab, chosen, skip=facet)
        picked = chosen.get(facet, [])
        rows = [Count(iri, key, len(tab.members[facet][iri] & pool), iri in picked)
                for key, iri in tab.keys[facet].items()]
        out[facet] = [c for c in rows if c.count or c.selected]
    return out


def values_of(tab: FacetTable, paragraph: str) -> dict[str, list[str]]:
    """Per facet, the values one paragraph has (for the downloads), in key order."""
    found = tab.of.get(paragraph, {})
    return {f: found.get(f, []) for f in tab.names}
