"""The pictures' data, each computed by live queries of the graph.

A picture is a name, its words, a ``compute(ds, page)`` that returns JSON-ready data (with a
``rows`` table that the page shows without JavaScript), and the script that draws it. The queries
are fixed text: nothing from the request goes into them (the network's VALUES lists IRIs read from
the graph itself, written by Oxigraph's serializer).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ...iris import VOCAB
from ...kinds import pictured_kinds
from ...namespaces import RDF, UNIT
from .data import Dataset
from .errors import PageNotFound

if TYPE_CHECKING:
    from .page import Page

MAX_NODES = 70
RDF_TYPE = ox.NamedNode(RDF + "type")


def _num(term: ox.NamedNode | ox.Literal) -> float | None:
    try:
        return float(term.value)
    except (TypeError, ValueError):
        return None


def _node(p: Page, iri: str, weight: int) -> dict[str, Any]:
    return {"id": iri, "label": p.label(iri), "other": p.label_other(iri), "kind": p.kind(iri),
            "href": p.href(iri), "weight": weight}


# Oxigraph's union of the named graphs repeats a triple once per graph that holds it (a shared
# entity's label is in every report's graph), and it evaluates OPTIONAL groups on their own: so the
# queries below count with DISTINCT and start from what is bound, and the few facts about each chosen
# entity are read with ds.triples (de-duplicated) instead of OPTIONALs.

def network(ds: Dataset, p: Page) -> dict[str, Any]:
    """Entities named in the report's paragraphs, linked when one paragraph names both."""
    counts = ds.select("SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a r2p:Paragraph ; r2p:mentions|r2p:cites ?e } "
                       "GROUP BY ?e ORDER BY DESC(?n) ?e")
    chosen: dict[str, int] = {}
    shown = pictured_kinds()  # the kinds registry's (data/kinds.csv)
    for r in counts:
        iri = r["e"].value
        if p.kind(iri) in shown and len(chosen) < MAX_NODES:
            chosen[iri] = int(r["n"].value)
    weights: Counter[tuple[str, str]] = Counter()
    if chosen:
        # The chosen entities are IRIs read from the graph, written back by Oxigraph's serializer.
        values = " ".join(str(ox.NamedNode(iri)) for iri in chosen)
        pairs = ds.select(f"SELECT ?a ?b (COUNT(DISTINCT ?p) AS ?w) WHERE {{ VALUES ?a {{ {values} }} "
                          "?p r2p:mentions|r2p:cites ?a . ?p a r2p:Paragraph ; r2p:mentions|r2p:cites ?b . "
                          f"FILTER(STR(?a) < STR(?b)) VALUES ?b {{ {values} }} }} GROUP BY ?a ?b")
        for r in pairs:
            weights[(r["a"].value, r["b"].value)] = int(r["w"].value)
    edges = [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(weights.items())]
    nodes = [_node(p, iri, n) for iri, n in chosen.items()]
    rows = [[n["label"], p.kind_name(n["id"]), n["weight"], n["href"]] for n in nodes]
    return {"nodes": nodes, "edges": edges, "columns": ["label", "kind", "paragraphs", "href"], "rows": rows}


def _values(ds: Dataset, iri: str) -> dict[str, list[ox.NamedNode | ox.Literal]]:
    """Every property of ``iri`` in the ontology's namespace, by local name, without repeats."""
    out: dict[str, list[ox.NamedNode | ox.Literal]] = {}
    for t in ds.triples(ox.NamedNode(iri)):
        if t.predicate.value.startswith(VOCAB) and isinstance(t.object, ox.NamedNode | ox.Literal):
            out.setdefault(t.predicate.value[len(VOCAB):], []).append(t.object)
    return out


def timeline(ds: Dataset, p: Page) -> dict[str, Any]:
    """Instruments the report cites or names, placed by year and adopting organ."""
    found = ds.select("""
        SELECT ?d (COUNT(DISTINCT ?c) AS ?n) WHERE {
          { SELECT DISTINCT ?d WHERE { ?d r2p:year ?yy } }
          { ?c r2p:cites ?d } UNION { ?c r2p:mentions ?d }
        } GROUP BY ?d""")
    items = []
    for r in found:
        d = r["d"].value
        facts = _values(ds, d)
        year = _num(facts["year"][0]) if facts.get("year") else None
        if year is None:
            continue
        organ = facts["adoptedBy"][0].value if facts.get("adoptedBy") else ""
        items.append({"id": d, "label": p.label(d), "href": p.href(d),
                      "symbol": facts["symbol"][0].value if facts.get("symbol") else "",
                      "year": int(year), "organ": p.label(organ) if organ else p.t("organ_unknown"),
                      "organ_href": p.href(organ) if organ else "", "citations": int(r["n"].value)})
    items.sort(key=lambda i: (i["year"], i["organ"], i["label"]))
    organs = [o for o, _ in Counter(i["organ"] for i in items).most_common()]
    rows = [[i["year"], i["organ"], i["symbol"] or i["label"], i["citations"], i["href"]] for i in items]
    return {"items": items, "organs": organs,
            "columns": ["year", "organ", "instrument", "citations", "href"], "rows": rows}


def statistic_items(ds: Dataset, p: Page, about: ox.NamedNode | None = None) -> list[dict[str, Any]]:
    """Every statistic (or those about one place or stated in one paragraph), ready to show."""
    if about is None:
        rows = ds.select("SELECT DISTINCT ?s WHERE { ?s a r2p:Statistic }")
    else:
        # (no "?s a r2p:Statistic" here: Oxigraph would read every statistic to join it; the
        # type is checked below, on the few found)
        rows = ds.select("SELECT DISTINCT ?about ?s WHERE { { ?s r2p:place ?about } UNION "
                         "{ ?s r2p:statedIn ?about } UNION { ?s r2p:source ?about } }", about=about)
        statistic = ox.NamedNode(VOCAB + "Statistic")
        rows = [r for r in rows if ds.triples(r["s"], RDF_TYPE, statistic)]
    items: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = r["s"].value
        facts = _values(ds, s)
        value = _num(facts["value"][0]) if facts.get("value") else None
        if value is None or s in items:
            continue
        first = {k: v[0].value for k, v in facts.items()}
        measures = {(t.language or ""): t.value for t in facts.get("measure", []) if isinstance(t, ox.Literal)}
        unit, para, place = first.get("unit", ""), first.get("statedIn", ""), first.get("place", "")
        # the source is what the figure is drawn from (a footnote's reference), else where it is stated
        source = first.get("source", "") or para
        items[s] = {"id": s, "href": p.href(s), "value": value, "text": first["value"],
                    "measure": measures.get(p.lang) or measures.get(p.other_lang) or p.label(s),
                    "measure_other": measures.get(p.other_lang, ""),
                    "unit": p.label(unit) if unit else "", "unit_id": unit,
                    "period": first.get("period", ""),
                    "place": p.label(place) if place else "", "place_href": p.href(place) if place else "",
                    "source": p.label(source) if source else "", "source_href": p.href(source) if source else "",
                    "stated_href": p.href(para) if para else ""}
    return sorted(items.values(), key=lambda i: (i["unit"], _passage_order(i["stated_href"]), i["id"]))


def _passage_order(href: str) -> tuple[str, int]:
    head, _, tail = href.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (href, 0)


def statistics(ds: Dataset, p: Page) -> dict[str, Any]:
    """The report's quantitative claims in groups that may share an axis: one per unit, and for
    counts one per thing counted (people and States are both counts, never on one axis), each with
    its source (the footnote it is drawn from, else the paragraph that states it)."""
    ordered = statistic_items(ds, p)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for i in ordered:
        counted = _counted(i) if not i["unit_id"] or i["unit_id"] in COUNT_UNITS else ""
        groups.setdefault((i["unit"] or p.t("no_unit"), counted), []).append(i)
    rows = [[i["measure"], i["value"], i["unit"], i["period"], i["place"], i["source"], i["source_href"]]
            for i in ordered]
    return {"groups": [{"unit": u, "measure": m, "items": g} for (u, m), g in groups.items()],
            "columns": ["measure", "value", "unit", "period", "place", "source", "href"], "rows": rows}


# Units whose figures count things: two counts share an axis only when they count the same thing.
COUNT_UNITS = frozenset({UNIT + "NUM"})


def _counted(item: dict[str, Any]) -> str:
    """What a count counts: its measure without a qualifier in brackets ("(more than)")."""
    return re.sub(r"\s*[(（][^)）]*[)）]\s*$", "", item["measure"]).strip()


def world(ds: Dataset, p: Page) -> dict[str, Any]:
    """Countries and territories the report names, with how many passages name each."""
    found = ds.select("SELECT ?c ?iso (COUNT(DISTINCT ?p) AS ?n) WHERE { "
                      "{ SELECT DISTINCT ?c ?iso WHERE { ?c r2p:iso3166Alpha2 ?iso } } ?p r2p:mentions ?c } "
                      "GROUP BY ?c ?iso ORDER BY DESC(?n) ?iso")
    countries = [{"id": r["c"].value, "iso2": r["iso"].value, "label": p.label(r["c"].value),
                  "href": p.href(r["c"].value), "mentions": int(r["n"].value)} for r in found]
    rows = [[c["label"], c["iso2"], c["mentions"], c["href"]] for c in countries]
    return {"countries": countries, "columns": ["country", "iso2", "passages", "href"], "rows": rows}


@dataclass(frozen=True)
class Picture:
    name: str
    title: str  # i18n key
    text: str  # i18n key
    compute: Callable[[Dataset, Page], dict[str, Any]]
    scripts: tuple[str, ...]


PICTURES: tuple[Picture, ...] = (
    Picture("network", "network", "network_text", network, ("vendor/cytoscape.min.js", "pages/network.js")),
    Picture("timeline", "timeline", "timeline_text", timeline, ("vendor/chart.umd.min.js", "pages/timeline.js")),
    Picture("statistics", "charts", "charts_text", statistics, ("vendor/chart.umd.min.js", "pages/statistics.js")),
    Picture("map", "map", "map_text", world,
            ("vendor/d3-array.min.js", "vendor/d3-geo.min.js", "vendor/topojson-client.min.js", "pages/map.js")),
)


def get(name: str) -> Picture:
    for pic in PICTURES:
        if pic.name == name:
            return pic
    raise PageNotFound(f"no picture {name!r}; there are: " + ", ".join(p.name for p in PICTURES))
