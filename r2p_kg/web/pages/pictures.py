"""The pictures' data, each computed by live queries of the graph.

A picture is a name, its words, a ``compute(ds, page)`` that returns JSON-ready data (with a
``rows`` table that the page shows without JavaScript), and the script that draws it. The queries
are fixed text: nothing from the request goes into them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

import pyoxigraph as ox

from ...iris import VOCAB
from .data import Dataset
from .errors import PageNotFound

if TYPE_CHECKING:
    from .views import Page

NETWORK_KINDS = ("organization", "instrument", "document", "mechanism", "crime", "situation", "country",
                 "region", "pillar")
MAX_NODES = 70


def _num(term: object) -> float | None:
    try:
        return float(term.value)  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError):
        return None


def _node(p: "Page", iri: str, weight: int) -> dict[str, Any]:
    return {"id": iri, "label": p.label(iri), "other": p.label_other(iri), "kind": p.kind(iri),
            "href": p.href(iri), "weight": weight}


def network(ds: Dataset, p: "Page") -> dict[str, Any]:
    """Entities named in the report's paragraphs, linked when one paragraph names both."""
    counts = ds.select("SELECT ?e (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a r2p:Paragraph ; r2p:mentions|r2p:cites ?e } "
                       "GROUP BY ?e ORDER BY DESC(?n) ?e")
    chosen: dict[str, int] = {}
    for r in counts:
        iri = r["e"].value
        if p.kind(iri) in NETWORK_KINDS and len(chosen) < MAX_NODES:
            chosen[iri] = int(r["n"].value)
    pairs = ds.select("SELECT ?a ?b (COUNT(DISTINCT ?p) AS ?w) WHERE { ?p a r2p:Paragraph ; "
                      "r2p:mentions|r2p:cites ?a , ?b . FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b")
    edges = [{"source": r["a"].value, "target": r["b"].value, "weight": int(r["w"].value)}
             for r in pairs if r["a"].value in chosen and r["b"].value in chosen]
    nodes = [_node(p, iri, n) for iri, n in chosen.items()]
    rows = [[n["label"], p.kind_name(n["id"]), n["weight"], n["href"]] for n in nodes]
    return {"nodes": nodes, "edges": edges, "columns": ["label", "kind", "paragraphs", "href"], "rows": rows}


def timeline(ds: Dataset, p: "Page") -> dict[str, Any]:
    """Instruments the report cites or names, placed by year and adopting organ."""
    found = ds.select("""
        SELECT ?d (SAMPLE(?yy) AS ?year) (SAMPLE(?org) AS ?organ) (SAMPLE(?sym) AS ?symbol)
               (COUNT(DISTINCT ?c) AS ?n) WHERE {
          ?c r2p:cites|r2p:mentions ?d . ?d r2p:year ?yy .
          OPTIONAL { ?d r2p:adoptedBy ?org } OPTIONAL { ?d r2p:symbol ?sym }
        } GROUP BY ?d""")
    items = []
    for r in found:
        year = _num(r.get("year"))
        if year is None:
            continue
        organ = r["organ"].value if r.get("organ") is not None else ""
        items.append({"id": r["d"].value, "label": p.label(r["d"].value), "href": p.href(r["d"].value),
                      "symbol": r["symbol"].value if r.get("symbol") is not None else "",
                      "year": int(year), "organ": p.label(organ) if organ else p.t("organ_unknown"),
                      "organ_href": p.href(organ) if organ else "", "citations": int(r["n"].value)})
    items.sort(key=lambda i: (i["year"], i["organ"], i["label"]))
    organs = [o for o, _ in Counter(i["organ"] for i in items).most_common()]
    rows = [[i["year"], i["organ"], i["symbol"] or i["label"], i["citations"], i["href"]] for i in items]
    return {"items": items, "organs": organs,
            "columns": ["year", "organ", "instrument", "citations", "href"], "rows": rows}


_STATISTICS = """
    SELECT ?about ?s ?value ?unit ?period ?place ?para WHERE {
      ?s a r2p:Statistic ; r2p:value ?value .
      OPTIONAL { ?s r2p:unit ?unit } OPTIONAL { ?s r2p:period ?period }
      OPTIONAL { ?s r2p:place ?place } OPTIONAL { ?s r2p:statedIn ?para }
      %s
    }"""


def statistic_items(ds: Dataset, p: "Page", about: ox.NamedNode | None = None) -> list[dict[str, Any]]:
    """Every statistic (or those about one place or stated in one paragraph), ready to show."""
    if about is None:
        rows = ds.select(_STATISTICS % "")
    else:
        rows = ds.select(_STATISTICS % "FILTER(?place = ?about || ?para = ?about)", about=about)
    items: dict[str, dict[str, Any]] = {}
    for r in rows:
        s = r["s"].value
        value = _num(r["value"])
        if value is None or s in items:
            continue
        measures = {(t.object.language or ""): t.object.value
                    for t in ds.triples(ox.NamedNode(s), ox.NamedNode(VOCAB + "measure"))}
        unit = r["unit"].value if r.get("unit") is not None else ""
        para = r["para"].value if r.get("para") is not None else ""
        place = r["place"].value if r.get("place") is not None else ""
        items[s] = {"id": s, "href": p.href(s), "value": value, "text": r["value"].value,
                    "measure": measures.get(p.lang) or measures.get(p.other_lang) or p.label(s),
                    "measure_other": measures.get(p.other_lang, ""),
                    "unit": p.label(unit) if unit else "", "unit_id": unit,
                    "period": r["period"].value if r.get("period") is not None else "",
                    "place": p.label(place) if place else "", "place_href": p.href(place) if place else "",
                    "source": p.label(para) if para else "", "source_href": p.href(para) if para else ""}
    return sorted(items.values(), key=lambda i: (i["unit"], _passage_order(i["source_href"]), i["id"]))


def _passage_order(href: str) -> tuple[str, int]:
    head, _, tail = href.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (href, 0)


def statistics(ds: Dataset, p: "Page") -> dict[str, Any]:
    """The report's quantitative claims, grouped by unit, each with the paragraph that states it."""
    ordered = statistic_items(ds, p)
    groups: dict[str, list[dict[str, Any]]] = {}
    for i in ordered:
        groups.setdefault(i["unit"] or p.t("no_unit"), []).append(i)
    rows = [[i["measure"], i["value"], i["unit"], i["period"], i["place"], i["source"], i["source_href"]]
            for i in ordered]
    return {"groups": [{"unit": u, "items": g} for u, g in groups.items()],
            "columns": ["measure", "value", "unit", "period", "place", "source", "href"], "rows": rows}


def world(ds: Dataset, p: "Page") -> dict[str, Any]:
    """Countries and territories the report names, with how many passages name each."""
    found = ds.select("SELECT ?c ?iso (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p r2p:mentions ?c . "
                      "?c r2p:iso3166Alpha2 ?iso } GROUP BY ?c ?iso ORDER BY DESC(?n) ?iso")
    countries = [{"id": r["c"].value, "iso2": r["iso"].value, "label": p.label(r["c"].value),
                  "href": p.href(r["c"].value), "mentions": int(r["n"].value)} for r in found]
    rows = [[c["label"], c["iso2"], c["mentions"], c["href"]] for c in countries]
    return {"countries": countries, "columns": ["country", "iso2", "passages", "href"], "rows": rows}


@dataclass(frozen=True)
class Picture:
    name: str
    title: str  # i18n key
    text: str  # i18n key
    compute: Callable[[Dataset, "Page"], dict[str, Any]]
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
