"""What every claim rule shares: sentences, clauses and the mentions inside them.

A claim rule is a document rule: it reads the passages with the mentions the passage rules found
and yields ``Claim``s (r2p_kg/extract/model.py), each with the sentence or clause that states it as
evidence. A rule that cannot fill what its kind requires (a recommendation without an addressee)
logs at INFO and yields nothing: claims are never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .base import Passage, longest_matches
from .claimdata import ACTOR, ClaimData
from .gazetteer import COUNTRY, DOCUMENT, INSTRUMENT, MECHANISM, ORGANIZATION, PILLAR, Gazetteer
from .model import PARAGRAPH, Claim, Mention, Ref, Span

ACTOR_KINDS = (ACTOR, ORGANIZATION, COUNTRY)   # a country acts only as a State (is_actor)
INSTRUMENT_KINDS = (DOCUMENT, INSTRUMENT, MECHANISM)
CLAUSE_END = "，：。；"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph (up to and including 。 or ；) with the mentions inside it."""

    passage: Passage
    index: int
    start: int
    end: int
    mentions: tuple[Mention, ...]

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]

    @property
    def span(self) -> Span:
        return Span(self.passage.where, self.start, self.end, self.text)

    def of(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.entity.kind in kinds]

    def clause_at(self, offset: int) -> tuple[int, int]:
        """The clause (between ，：。；) holding the absolute ``offset``."""
        text = self.passage.text
        s = offset
        while s > self.start and text[s - 1] not in CLAUSE_END:
            s -= 1
        e = offset
        while e < self.end and text[e] not in CLAUSE_END:
            e += 1
        return s, min(e + 1, self.end)

    def matches(self, terms: Iterable[str]) -> list[tuple[int, int, str]]:
        """Longest matches of ``terms`` as absolute offsets, outside URLs."""
        return [(self.start + s, self.start + e, t) for s, e, t in longest_matches(self.text, terms)
                if not self.passage.in_url(self.start + s, self.start + e)]


def is_actor(ref: Ref, gaz: Gazetteer) -> bool:
    """Collective actors and organizations act; a country acts when it is a State (not a territory)."""
    if ref.kind == COUNTRY:
        return "State" in gaz.get(ref).classes
    return ref.kind in ACTOR_KINDS


def paragraph_sentences(passages: Iterable[Passage], mentions: Sequence[Mention]) -> list[list[Sentence]]:
    """Every body paragraph as its sentences; footnotes (citations, titles) state no claims."""
    by_where: dict = {}
    for m in mentions:
        by_where.setdefault(m.where, []).append(m)
    out = []
    for p in passages:
        if p.where.kind != PARAGRAPH:
            continue
        here = sorted(by_where.get(p.where, []))
        out.append([Sentence(p, i, s, e, tuple(m for m in here if s <= m.start and m.end <= e))
                    for i, (s, e) in enumerate(p.sentences())])
    return out


def single_pillars(sentence: Sentence) -> list[Mention]:
    """Pillar mentions that name one pillar (三大支柱 names all three at one span: no pillar in particular)."""
    spans: dict[tuple[int, int], list[Mention]] = {}
    for m in sentence.of(PILLAR):
        spans.setdefault((m.start, m.end), []).append(m)
    return [ms[0] for ms in spans.values() if len(ms) == 1]


class ClaimRule(Protocol):
    """A document rule that reads sentences and mentions and yields claims."""

    name: str

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> Iterable[Claim]: ...
