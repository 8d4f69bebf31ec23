"""Document model -> facts with character spans: deterministic, rule-based, knows nothing of RDF.

``extract(report)`` runs every passage rule in ``RULES`` over every paragraph and footnote (a rule
yields the entities it names, their mentions, or statistics), then the document rules: 同上
footnotes inherit the citations of the footnote they repeat, and situations are read off the
sentences that name a place with a crime or violation. Knowledge (names, titles, terms, measures)
lives in data/gazetteer/; rules only read it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..report import Report
from .base import Passage, Rule
from .concepts import CrimeRule, PillarRule
from .gazetteer import DOCUMENT, INSTRUMENT, Gazetteer, load_gazetteer
from .model import FOOTNOTE, PARAGRAPH, Entity, Extraction, Mention, Ref, Statistic, Where
from .names import CountryRule, MechanismRule, NamedInstrumentRule, OrganizationRule, RegionRule
from .situations import SituationRule
from .statistics import StatisticRule
from .symbols import ChineseResolutionRule, LatinSymbolRule
from .titles import CharterChapterRule, TitledInstrumentRule

log = logging.getLogger(__name__)

__all__ = ["Entity", "Extraction", "Mention", "Ref", "Statistic", "Where", "RULES", "extract", "passages"]

# The registry: every passage rule, in the order their findings are reported.
RULES: tuple[Rule, ...] = (
    LatinSymbolRule(), ChineseResolutionRule(), TitledInstrumentRule(), CharterChapterRule(),
    NamedInstrumentRule(), CountryRule(), RegionRule(), OrganizationRule(), MechanismRule(),
    CrimeRule(), PillarRule(), StatisticRule(),
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
    """All entities, mentions and statistics of one report."""
    gaz = gaz or load_gazetteer()
    entities: dict[Ref, Entity] = {}
    mentions: list[Mention] = []
    statistics: list[Statistic] = []
    texts = passages(report)
    for passage in texts:
        for rule in rules:
            for found in rule.apply(passage, gaz):
                if isinstance(found, Entity):
                    entities[found.ref] = _merge(entities[found.ref], found) if found.ref in entities else found
                elif isinstance(found, Statistic):
                    statistics.append(found)
                else:
                    mentions.append(found)
    mentions.extend(_ibid(report, mentions))
    situations, situation_mentions = SituationRule().apply(texts, mentions, gaz)
    mentions.extend(situation_mentions)
    for e in situations:
        entities[e.ref] = e
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
    log.info("%s: %d entities, %d mentions, %d statistics", report.slug, len(entities), len(mentions),
             len(statistics))
    return Extraction(report.slug, tuple(sorted(entities.values(), key=lambda e: e.ref)),
                      tuple(sorted(set(mentions))), tuple(statistics))
