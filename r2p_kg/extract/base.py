"""The contract every extraction rule follows, and the passage it works on."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from .gazetteer import Gazetteer
from .model import Entity, Mention, Ref, Statistic, Where

# URLs inside passage text (the report's footnotes print them inline); Chinese text may follow with
# no space, so a URL ends at the first non-ASCII or space character.
URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
SENTENCE_END = "。；"


def longest_matches(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping occurrences of ``terms`` in ``text``, the longest winning, in text order.

    Chinese has no word boundaries: this is how 南苏丹 keeps 苏丹 from matching inside it.
    """
    found = []
    for term in terms:
        i = text.find(term)
        while i >= 0:
            found.append((i, i + len(term), term))
            i = text.find(term, i + 1)
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int, str]] = []
    for t in found:
        if not any(t[0] < o[1] and o[0] < t[1] for o in taken):
            taken.append(t)
    return sorted(taken)


@dataclass(frozen=True)
class Passage:
    """One paragraph or footnote text, with the spans that no rule may read into (URLs)."""

    where: Where
    text: str
    markers: tuple[tuple[int, int], ...] = ()     # (footnote, offset) for paragraphs

    @property
    def urls(self) -> list[tuple[int, int]]:
        return [m.span() for m in URL.finditer(self.text)]

    def in_url(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.urls)

    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans: up to and including 。 or ；."""
        spans, start = [], 0
        for i, ch in enumerate(self.text):
            if ch in SENTENCE_END:
                spans.append((start, i + 1))
                start = i + 1
        if start < len(self.text):
            spans.append((start, len(self.text)))
        return spans

    def mention(self, start: int, end: int, ref: Ref, rule: str) -> Mention:
        return Mention(self.where, start, end, ref, self.text[start:end], rule)


class Rule(Protocol):
    """A passage rule: reads one passage and yields what it is sure of.

    It yields each entity it names (before its first mention), the mentions (with ``rule=name``,
    recorded as r2p:rule), or statistics. Rules do not guess: when unsure they log and yield nothing
    for that span. The class docstring names the kind of fact or the report quirk it handles.
    """

    name: ClassVar[str]

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterable[Entity | Mention | Statistic]: ...
