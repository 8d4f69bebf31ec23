"""Extracted facts: plain, immutable data with character spans. Knows nothing of RDF."""

from __future__ import annotations

from dataclasses import dataclass, field

PARAGRAPH = "paragraph"
FOOTNOTE = "footnote"


@dataclass(frozen=True, order=True)
class Where:
    """A passage of a report: a numbered paragraph or footnote."""

    kind: str                        # PARAGRAPH or FOOTNOTE
    number: int

    def __str__(self) -> str:
        return f"{'P' if self.kind == PARAGRAPH else 'F'}{self.number}"


@dataclass(frozen=True, order=True)
class Ref:
    """The identity of an entity: its kind (country, document, ...) and a key unique within the kind."""

    kind: str
    key: str


@dataclass(frozen=True)
class Entity:
    """Something the report names. ``classes`` are ontology class local names (``State``, ``Treaty``...)."""

    ref: Ref
    label_zh: str
    label_en: str
    classes: tuple[str, ...]
    symbol: str | None = None            # official UN document symbol
    iso2: str | None = None              # ISO 3166-1 alpha-2
    parent: Ref | None = None            # org:subOrganizationOf, or the country a region lies in
    part_of: Ref | None = None           # an instrument part (a Charter chapter) -> the whole
    organ: Ref | None = None             # adopting organ or the body that runs a mechanism
    year: int | None = None
    wikidata: str | None = None          # checked IDs only (../shared/reference/wikidata.csv)
    pillars: tuple[int, ...] = ()
    titles_zh: tuple[str, ...] = ()      # further names (aliases, titles), for search
    alt_en: tuple[str, ...] = ()         # further English names (CLDR's, short forms)
    place: Ref | None = None             # situations: where
    described_in: tuple[Where, ...] = ()  # situations: paragraphs

    @property
    def kind(self) -> str:
        return self.ref.kind

    @property
    def key(self) -> str:
        return self.ref.key


@dataclass(frozen=True, order=True)
class Mention:
    """An entity named in a passage at ``text[start:end] == quote``, found by ``rule``."""

    where: Where
    start: int
    end: int
    entity: Ref
    quote: str
    rule: str


@dataclass(frozen=True)
class Statistic:
    """A quantitative claim in a paragraph; ``value`` is normalized (percentages 0-100)."""

    where: Where
    start: int
    end: int
    quote: str
    value: str                           # decimal as text, e.g. "123000000", "72", "70"
    unit: str                            # NUM, PERCENT or AC (QUDT unit local names)
    measure_zh: str
    measure_en: str
    period: str | None = None            # "2024", "2024-10" or "2024-01/2024-06"
    places: tuple[Ref, ...] = ()
    footnote: int | None = None          # the marker after the claim in the same sentence
    rule: str = "statistic"
    qualifier: str | None = None         # more-than, nearly, at-least, about, up-to (gazetteer QUALIFIERS)


# Kinds of claim (r2p:Claim subclasses); see r2p_kg/extract/claims.py.
RECOMMENDATION, RESPONSIBILITY, SITUATION_CLAIM = "recommendation", "responsibility", "situation"
INSTRUMENT_PILLAR, INSTRUMENT_SITUATION, MEASURE = "instrument-pillar", "instrument-situation", "measure"


@dataclass(frozen=True, order=True)
class Span:
    """Evidence: ``text[start:end] == quote`` of a passage (a sentence or clause)."""

    where: Where
    start: int
    end: int
    quote: str


@dataclass(frozen=True, order=True)
class Claim:
    """A statement the report makes beyond naming an entity, with the sentence(s) that support it.

    ``evidence[0]`` is the sentence or clause that states it; further spans are sentences it depends
    on (the sentence naming the pillar of a paragraph, the sentence taking up "the above areas").
    Which fields are used depends on ``kind``; unused ones stay empty.
    """

    kind: str
    evidence: tuple[Span, ...]
    rule: str
    modality: str | None = None          # speech act, situation modality or measure key
    speaker: Ref | None = None           # recommendations: who calls; measures: who decides
    addressees: tuple[Ref, ...] = ()     # recommendations: to whom; measures: against whom
    involves: tuple[Ref, ...] = ()       # further actors named in the action
    bearer: Ref | None = None            # responsibilities: who bears it
    pillars: tuple[int, ...] = ()
    instruments: tuple[Ref, ...] = ()    # instruments, documents or mechanisms concerned
    made_in: Ref | None = None           # recommendations and measures: the instrument that states them
    situation: Ref | None = None
    crimes: tuple[str, ...] = ()
    groups: tuple[Ref, ...] = ()         # affected population groups

    @property
    def where(self) -> Where:
        return self.evidence[0].where


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one report, in a deterministic order."""

    report: str
    entities: tuple[Entity, ...]
    mentions: tuple[Mention, ...]
    statistics: tuple[Statistic, ...] = field(default=())
    claims: tuple[Claim, ...] = field(default=())

    def entity(self, ref: Ref) -> Entity:
        for e in self.entities:
            if e.ref == ref:
                return e
        raise KeyError(ref)

    def refs_in(self, where: Where, kind: str | None = None) -> list[Ref]:
        """Distinct entities mentioned in a passage, in order of first mention."""
        seen: dict[Ref, None] = {}
        for m in self.mentions:
            if m.where == where and (kind is None or m.entity.kind == kind):
                seen.setdefault(m.entity, None)
        return list(seen)
