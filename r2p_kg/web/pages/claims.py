"""Claims on the pages: a report's recommendations, and the claims an entity takes part in.

Every claim is shown with its evidence: the sentence (and any further sentence) quoted from the
passage, linked to where it stands in the reader. Only fixed queries with bound IRIs run here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from flask import request

from .data import Dataset
from .errors import BadPath, PageNotFound
from .page import page
from .render import alternates, html

if TYPE_CHECKING:
    from .page import Page

CLAIMS_MAX = 200   # claims listed on one entity page

_RECOMMENDATIONS = """
    SELECT ?r ?c ?k ?modality ?speaker WHERE {
      ?c r2p:inReport ?r ; a r2p:Recommendation ; r2p:number ?k ; r2p:modality ?modality .
      OPTIONAL { ?c r2p:speaker ?speaker }
    } ORDER BY ?k"""
_ROLES = """
    SELECT ?r ?c ?role ?x WHERE {
      ?c r2p:inReport ?r ; a r2p:Recommendation ; ?role ?x .
      VALUES ?role { r2p:addressee r2p:involves r2p:pillar r2p:instrument r2p:madeIn }
    }"""
_EVIDENCE = """
    SELECT ?c ?prop ?passage ?n ?exact ?ev WHERE {
      ?c ?prop ?ev .
      VALUES ?prop { r2p:evidence r2p:furtherEvidence }
      ?ev oa:hasSource ?passage ; oa:hasSelector/oa:exact ?exact .
      ?passage r2p:number ?n .
    } ORDER BY ?prop ?ev"""
_ABOUT = """
    SELECT DISTINCT ?x ?c ?role ?cls ?k WHERE {
      ?c ?role ?x ; a ?cls ; r2p:number ?k .
      VALUES ?role { r2p:addressee r2p:speaker r2p:involves r2p:bearer r2p:situation r2p:instrument r2p:madeIn
                     r2p:crime r2p:pillar r2p:affectedGroup r2p:modality }
      ?cls rdfs:subClassOf r2p:Claim .
    } ORDER BY ?c"""
_SELF = """
    SELECT ?c ?cls ?k WHERE { ?c a ?cls ; r2p:number ?k . ?cls rdfs:subClassOf r2p:Claim . }"""
_MODALITY = """SELECT ?c ?m WHERE { ?c r2p:modality ?m }"""


def evidence(ds: Dataset, claim: ox.NamedNode, p: Page) -> list[dict[str, Any]]:
    """The claim's sentences: the one that states it first, then those it depends on."""
    return [{"exact": r["exact"].value, "n": int(r["n"].value), "passage": r["passage"].value,
             "href": p.in_reader(r["passage"].value) or p.href(r["passage"].value),
             "further": r["prop"].value.endswith("furtherEvidence")}
            for r in ds.select(_EVIDENCE, c=claim)]


def recommendations(ds: Dataset, slug: str, p: Page) -> dict[str, Any] | None:
    """A report's recommendations in order: speech act, speaker, addressees, what else they name, evidence."""
    rep = ox.NamedNode(ds.base + "id/report/" + slug)
    if not ds.triples(rep):
        return None
    roles: dict[str, dict[str, list[str]]] = {}
    for r in ds.select(_ROLES, r=rep):
        roles.setdefault(r["c"].value, {}).setdefault(r["role"].value.rsplit("#", 1)[1], []).append(r["x"].value)
    items = []
    for r in ds.select(_RECOMMENDATIONS, r=rep):
        c = r["c"].value
        found = roles.get(c, {})
        items.append({"iri": c, "k": int(r["k"].value), "modality": r["modality"].value,
                      "speaker": r["speaker"].value if r.get("speaker") else "",
                      "addressees": sorted(set(found.get("addressee", []))),
                      "involves": sorted(set(found.get("involves", []))),
                      "concerns": sorted(set(found.get("pillar", []) + found.get("instrument", []))),
                      "made_in": (found.get("madeIn") or [""])[0],
                      "evidence": evidence(ds, r["c"], p)})
    items.sort(key=lambda i: (i["evidence"][0]["n"] if i["evidence"] else 0, i["k"]))
    return {"iri": rep.value, "slug": slug, "calls": items}


def claims_of(ds: Dataset, iri: str, p: Page) -> list[dict[str, Any]]:
    """The claims an entity takes part in (in which role), or the claim itself, each with its evidence."""
    node = ox.NamedNode(iri)
    rows = [{"c": r["c"], "cls": r["cls"].value, "role": ""} for r in ds.select(_SELF, c=node)]
    if not rows:
        rows = [{"c": r["c"], "cls": r["cls"].value, "role": r["role"].value}
                for r in ds.select(_ABOUT, x=node)[:CLAIMS_MAX]]
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        c = r["c"].value
        item = out.setdefault(c, {"iri": c, "cls": r["cls"], "roles": [], "modality": "",
                                  "evidence": evidence(ds, r["c"], p)})
        if r["role"] and r["role"] not in item["roles"]:
            item["roles"].append(r["role"])
        modality = ds.select(_MODALITY, c=r["c"])
        item["modality"] = modality[0]["m"].value if modality else ""
    return list(out.values())


def recommendations_view(slug: str):
    """``/report/<slug>/recommendations``: the report's calls to action, each with its sentence."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", slug):
        raise BadPath(f"not a report slug: {slug[:80]!r}")
    p = page()
    doc = recommendations(p.ds, slug, p)
    if doc is None:
        raise PageNotFound(f"no report {slug!r}", where=request.path)
    return html("recommendations.html", twins=alternates(p.href(doc["iri"])), doc=doc)
