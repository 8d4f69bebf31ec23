"""Run the extraction on any Chinese text and give its mentions (``r2p-kg annotate``).

A text is one passage: every passage rule of the extractor (``r2p_kg.extract.RULES``) reads it, so
a Security Council statement, a news item or another report's paragraph is annotated exactly as the
report's paragraphs are. Offsets are character offsets into the file's text as decoded from UTF-8,
with nothing normalized (``\\r\\n`` stays two characters, a byte-order mark is character 0).

Claims (recommendations, responsibilities, situation-crime claims ...) come from the same
extractor (``extract_text``) and follow the mentions, each anchored on the sentence that states it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from .errors import ConfigError
from .extract import extract_text
from .extract.gazetteer import Gazetteer, load_gazetteer
from .extract.model import Claim, Statistic
from .graph import CLAIM_CLASSES, PREFIXES, QUDT_UNIT, _claim_fields, _Writer, entity_iri, modality_iri
from .iris import Iris

log = logging.getLogger(__name__)

FORMATS = ("json", "ttl")
OA = Namespace(PREFIXES["oa"])
R2P = Namespace(PREFIXES["r2p"])
SKOS = Namespace(PREFIXES["skos"])
DCT = Namespace(PREFIXES["dcterms"])


@dataclass(frozen=True)
class Text:
    """A file's text and the name it is reported under."""

    name: str
    text: str

    @property
    def iri(self) -> str:
        """The text's identity: its content hash (the same text is the same source wherever it is)."""
        return "urn:sha256:" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_text(path: Path) -> Text:
    """The file decoded as UTF-8, byte for byte; an unreadable or non-UTF-8 file is a ConfigError."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ConfigError("is a directory, not a text file", where=str(path)) from None
    except FileNotFoundError:
        raise ConfigError("no such file", where=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read it: {exc.strerror or exc}", where=str(path)) from None
    try:
        return Text(str(path), data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError(f"not UTF-8: byte {exc.start} (line {line}) is 0x{data[exc.start]:02x}",
                          where=str(path)) from None


def annotate(text: str, gaz: Gazetteer | None = None, iris: Iris | None = None) -> list[dict[str, Any]]:
    """Mentions and statistics in ``text`` in text order, then its claims (in text order too)."""
    gaz = gaz or load_gazetteer()
    iris = iris or Iris()
    x = extract_text(text, gaz)
    entities = {e.ref: e for e in x.entities}
    found: list[dict[str, Any]] = [_statistic(s) for s in x.statistics]
    for m in x.mentions:
        e = entities[m.entity]
        found.append({"start": m.start, "end": m.end, "exact": m.quote, "kind": m.entity.kind,
                      "iri": entity_iri(m.entity, iris), "label_en": e.label_en, "label_zh": e.label_zh,
                      "classes": list(e.classes), "rule": m.rule})
    found.sort(key=lambda a: (a["start"], a["end"], a["kind"], a["iri"] or ""))
    return found + [_claim(c, iris) for c in x.claims]


def _claim(c: Claim, iris: Iris) -> dict[str, Any]:
    cls, _, zh, en = CLAIM_CLASSES[c.kind]
    ev = c.evidence[0]

    def iri(ref):
        return entity_iri(ref, iris) if ref is not None else None

    return {"start": ev.start, "end": ev.end, "exact": ev.quote, "kind": "claim", "iri": None,
            "label_en": en, "label_zh": zh, "class": cls, "claim": c.kind, "rule": c.rule,
            "modality": modality_iri(c.kind, c.modality) if c.modality else None,
            "speaker": iri(c.speaker), "addressees": [iri(r) for r in c.addressees],
            "involves": [iri(r) for r in c.involves], "bearer": iri(c.bearer),
            "pillars": [iris.pillar(n) for n in c.pillars], "instruments": [iri(r) for r in c.instruments],
            "made_in": iri(c.made_in), "situation": iri(c.situation),
            "crimes": [iris.crime(k) for k in c.crimes], "groups": [iri(r) for r in c.groups],
            "further_evidence": [{"start": e.start, "end": e.end, "exact": e.quote} for e in c.evidence[1:]],
            "_claim": c}


def _statistic(s: Statistic) -> dict[str, Any]:
    return {"start": s.start, "end": s.end, "exact": s.quote, "kind": "statistic", "iri": None,
            "label_en": s.measure_en, "label_zh": s.measure_zh, "value": s.value, "unit": s.unit,
            "qualifier": s.qualifier, "period": s.period, "places": [r.key for r in s.places],
            "rule": s.rule}


def annotate_files(paths: Sequence[Path]) -> list[tuple[Text, list[dict[str, Any]]]]:
    """Every file read first (an error names the file and loses nothing), then annotated."""
    texts = [read_text(p) for p in paths]
    gaz = load_gazetteer()
    return [(t, annotate(t.text, gaz)) for t in texts]


def to_json(results: Sequence[tuple[Text, list[dict[str, Any]]]]) -> str:
    """One JSON array of every annotation, each naming its file."""
    rows = [{"file": t.name, **{k: v for k, v in a.items() if not k.startswith("_")}}
            for t, found in results for a in found]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_turtle(results: Sequence[tuple[Text, list[dict[str, Any]]]]) -> str:
    """The annotations as Web Annotations (the same shape as the graph's r2p:Mention), in Turtle.

    The source of each annotation is the text's ``urn:sha256:`` IRI; a statistic's body is a
    ``r2p:Statistic`` under the same IRI with a fragment. No blank nodes.
    """
    g = Graph()
    for prefix in ("r2p", "oa", "skos", "dcterms", "rdfs", "xsd"):
        g.bind(prefix, PREFIXES[prefix])
    g.bind("unit", QUDT_UNIT)
    for text, found in results:
        source = URIRef(text.iri)
        g.add((source, DCT.title, Literal(Path(text.name).name)))
        for k, a in enumerate(found, start=1):
            node = f"{text.iri}#annotation/{k}"
            m, target = URIRef(node), URIRef(node + "/target")
            pos, quote = URIRef(node + "/position"), URIRef(node + "/quote")
            g.add((m, RDF.type, OA.Annotation))
            if a["kind"] != "claim":                   # a claim is described, not mentioned
                g.add((m, RDF.type, R2P.Mention))
            g.add((m, OA.motivatedBy, OA.describing if a["kind"] == "claim" else OA.identifying))
            g.add((m, R2P.rule, Literal(a["rule"])))
            body = (URIRef(a["iri"]) if a.get("iri") else URIRef(f"{text.iri}#{a['kind']}/{k}"))
            g.add((m, OA.hasBody, body))
            g.add((m, OA.hasTarget, target))
            g.add((target, RDF.type, OA.SpecificResource))
            g.add((target, OA.hasSource, source))
            g.add((target, OA.hasSelector, pos))
            g.add((target, OA.hasSelector, quote))
            g.add((pos, RDF.type, OA.TextPositionSelector))
            g.add((pos, OA.start, Literal(a["start"], datatype=XSD.integer)))
            g.add((pos, OA.end, Literal(a["end"], datatype=XSD.integer)))
            g.add((quote, RDF.type, OA.TextQuoteSelector))
            g.add((quote, OA.exact, Literal(a["exact"])))
            g.add((body, URIRef(PREFIXES["rdfs"] + "label"), Literal(a["label_zh"], lang="zh")))
            g.add((body, URIRef(PREFIXES["rdfs"] + "label"), Literal(a["label_en"], lang="en")))
            for cls in a.get("classes", ()):
                g.add((body, RDF.type, R2P[cls]))
            if a["kind"] == "claim":
                _claim_triples(g, str(body), a["_claim"])
            if a["kind"] == "statistic":
                g.add((body, RDF.type, R2P.Statistic))
                g.add((body, R2P.value, Literal(a["value"], datatype=XSD.decimal)))
                g.add((body, R2P.unit, URIRef(QUDT_UNIT + a["unit"])))
                g.add((body, R2P.measure, Literal(a["label_zh"], lang="zh")))
                g.add((body, R2P.measure, Literal(a["label_en"], lang="en")))
                if a["qualifier"]:
                    g.add((body, R2P.qualifier, Literal(a["qualifier"])))
    return g.serialize(format="turtle")


def _claim_triples(g: Graph, node: str, c: Claim) -> None:
    """A claim's class and fields as in the graph (graph._claim_fields), on ``node``."""
    from pyoxigraph import Literal as OxLiteral
    from pyoxigraph import Triple as OxTriple
    w = _Writer("urn:x-annotate:graph", PREFIXES["r2p"])
    w.a(node, f"r2p:{CLAIM_CLASSES[c.kind][0]}")
    _claim_fields(w, node, c, Iris())
    for q in w.quads:
        o = q.object
        assert not isinstance(o, OxTriple) and not isinstance(q.subject, OxTriple), "no triple terms written"
        obj = (Literal(o.value, lang=o.language) if o.language else Literal(o.value, datatype=URIRef(o.datatype.value))
               ) if isinstance(o, OxLiteral) else URIRef(o.value)
        g.add((URIRef(q.subject.value), URIRef(q.predicate.value), obj))
