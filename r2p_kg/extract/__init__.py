"""Document model -> facts with character spans: deterministic, rule-based, knows nothing of RDF.

``extract(report)`` runs every passage rule in ``RULES`` over every paragraph and footnote (a rule
yields the entities it names, their mentions, or statistics), then the document rules: 同上
footnotes inherit the citations of the footnote they repeat; then the claim rules in ``CLAIM_RULES``
read the sentences with their mentions and state claims with evidence (situations per sentence,
recommendations, responsibilities, instrument links, measures). Knowledge (names, titles, terms,
measures, cue words) lives in data/gazetteer/; rules only read it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from ..report import Report
from .actors import ActorRule
from .base import Passage, Rule
from .claimdata import load_claim_data
from .claims import ClaimRule, paragraph_sentences
from .concepts import CrimeRule, PillarRule
from .gazetteer import DOCUMENT, INSTRUMENT, Gazetteer, load_gazetteer
from .links import InstrumentPillarRule, InstrumentSituationRule, MeasureRule
from .model import FOOTNOTE, PARAGRAPH, Claim, Entity, Extraction, Mention, Ref, Span, Statistic, Where
from .names import CountryRule, MechanismRule, NamedInstrumentRule, OrganizationRule, RegionRule
from .recommendations import RecommendationRule
from .responsibilities import ResponsibilityRule
from .shortforms import short_form_mentions
from .situations import SituationRule, situation_ref
from .statistics import StatisticRule
from .symbols import ChineseResolutionRule, LatinSymbolRule
from .titles import CharterChapterRule, TitledInstrumentRule

log = logging.getLogger(__name__)

__all__ = ["Claim", "Entity", "Extraction", "Mention", "Ref", "Span", "Statistic", "Where", "RULES", "CLAIM_RULES",
           "extract", "extract_passages", "extract_text", "passages"]

# The registry: every passage rule, in the order their findings are reported.
RULES: tuple[Rule, ...] = (
    LatinSymbolRule(), ChineseResolutionRule(), TitledInstrumentRule(), CharterChapterRule(),
    NamedInstrumentRule(), CountryRule(), RegionRule(), OrganizationRule(), MechanismRule(),
    CrimeRule(), PillarRule(), StatisticRule(), ActorRule(),
)
# Claim rules after the situations (which the instrument-situation rule reads), in reporting order.
CLAIM_RULES: tuple[ClaimRule, ...] = (
    RecommendationRule(), ResponsibilityRule(), InstrumentPillarRule(), MeasureRule(),
)
IBID_RULE = "ibid"


def passages(report: Report) -> list[Passage]:
    """Every paragraph and footnote of the report as a passage."""
    out = [Passage(Where(PARAGRAPH, p.number), p.text, tuple((m.footnote, m.offset) for m in p.markers))
           for p in report.paragraphs]
    out += [Passage(Where(FOOTNOTE, f.number), f.text) for f in report.footnotes]
    return out


def _merge(old: Entity, new: Entity) -> Entity:
    """Two findings of one entity (a symbol seen with and without a year): keep the fuller one."""
    return old if (old.year or 0, len(old.classes)) >= (new.year or 0, len(new.classes)) else new


def _ibid(report: Report, mentions: list[Mention]) -> list[Mention]:
    """同上: the footnote inherits the cited documents and instruments of the footnote it repeats.

    The inherited mention's span is the 同上 in the footnote's own text, so provenance still holds.
    """
    out = []
    for note in report.footnotes:
        if not note.ibid_of:
            continue
        start = note.text.find("同上")
        if start < 0:
            log.warning("F%d is an ibid. footnote without 同上 in its text; nothing inherited", note.number)
            continue
        source = Where(FOOTNOTE, note.ibid_of)
        refs = dict.fromkeys(m.entity for m in mentions
                             if m.where == source and m.entity.kind in (DOCUMENT, INSTRUMENT))
        for ref in refs:
            out.append(Mention(Where(FOOTNOTE, note.number), start, start + 2, ref, "同上", IBID_RULE))
    return out


def extract(report: Report, gaz: Gazetteer | None = None,
            rules: Iterable[Rule] = RULES) -> Extraction:
    """All entities, mentions, statistics and claims of one report."""
    return extract_passages(report.slug, passages(report), gaz, rules, report)


def extract_text(text: str, gaz: Gazetteer | None = None, name: str = "text") -> Extraction:
    """Run every rule on any text, read as one paragraph (numbered 1): mentions and claims of a probe."""
    return extract_passages(name, [Passage(Where(PARAGRAPH, 1), text)], gaz)


def extract_passages(slug: str, texts: list[Passage], gaz: Gazetteer | None = None,
                     rules: Iterable[Rule] = RULES, report: Report | None = None) -> Extraction:
    """Passage rules on every passage, 同上 inheritance (for a report), then the claim rules."""
    gaz = gaz or load_gazetteer()
    entities: dict[Ref, Entity] = {}
    mentions: list[Mention] = []
    statistics: list[Statistic] = []
    for passage in texts:
        for rule in rules:
            for found in rule.apply(passage, gaz):
                if isinstance(found, Entity):
                    entities[found.ref] = _merge(entities[found.ref], found) if found.ref in entities else found
                elif isinstance(found, Statistic):
                    statistics.append(found)
                else:
                    mentions.append(found)
    if report is not None:
        mentions.extend(_ibid(report, mentions))
    claims = _claims(texts, mentions, gaz, entities)
    # Entities referred to by others (parents, organs, places, chapters' whole) are part of the output.
    pending = list(entities.values())
    while pending:
        e = pending.pop()
        for ref in (e.parent, e.organ, e.part_of, e.place):
            if ref is not None and ref not in entities and ref in gaz.entities:
                entities[ref] = gaz.get(ref)
                pending.append(entities[ref])
    for s in statistics:
        for ref in s.places:
            entities.setdefault(ref, gaz.get(ref))
    for m in mentions:
        if m.entity not in entities:
            raise RuntimeError(f"a rule mentioned an entity it did not yield: {m}")
    for c in claims:
        for ref in _refs(c):
            if ref not in entities:
                raise RuntimeError(f"a claim refers to an entity nobody yielded: {ref} in {c}")
    log.info("%s: %d entities, %d mentions, %d statistics, %d claims", slug, len(entities),
             len(mentions), len(statistics), len(claims))
    return Extraction(slug, tuple(sorted(entities.values(), key=lambda e: e.ref)),
                      tuple(sorted(set(mentions))), tuple(statistics),
                      tuple(sorted(claims, key=lambda c: (c.evidence[0].where, c.evidence[0].start, c))))


def _refs(c: Claim) -> list[Ref]:
    return [r for r in (c.speaker, c.bearer, c.made_in, c.situation, *c.addressees, *c.involves,
                        *c.instruments, *c.groups) if r is not None]


def _claims(texts: list[Passage], mentions: list[Mention], gaz: Gazetteer,
            entities: dict[Ref, Entity]) -> list[Claim]:
    """Run the claim rules; add the situations, their place mentions and the groups the claims name."""
    data = load_claim_data()
    mentions.extend(short_form_mentions(texts, mentions, gaz, data))
    paragraphs = paragraph_sentences(texts, mentions)
    situation_rule = SituationRule()
    claims = situation_rule.claims(paragraphs, gaz, data)
    for e in situation_rule.situations(claims, gaz):
        entities[e.ref] = e
    seen: set[Mention] = set()
    for c in claims:
        ev = c.evidence[0]
        for m in mentions:
            if (m.where == ev.where and ev.start <= m.start and m.end <= ev.end
                    and situation_ref(m.entity) == c.situation and m.entity.kind in ("country", "region")):
                seen.add(Mention(m.where, m.start, m.end, c.situation, m.quote, situation_rule.name))
    mentions.extend(sorted(seen))
    for rule in (*CLAIM_RULES, InstrumentSituationRule(claims)):
        for c in rule.claims(paragraphs, gaz, data):
            if c.situation is not None and c.situation not in entities:
                c = replace(c, situation=None)   # a measure about a place the report ties to no situation
            claims.append(c)
    for c in claims:
        for ref in _refs(c):
            if ref not in entities and ref in data.entities:
                entities[ref] = data.entities[ref]
            elif ref not in entities and ref in gaz.entities:
                entities[ref] = gaz.get(ref)
    return claims
