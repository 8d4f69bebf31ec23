"""Crimes and pillars referred to in a passage (crimes.csv, pillars.csv).

暴行 alone (as in 预防暴行, atrocity prevention) and 暴行罪 are the umbrella concept 'atrocity
crimes'. Crime words that are part of the name of a body, post or framework (防止灭绝种族问题特别顾问,
暴行罪分析框架) are names, not references to the crime; inside instrument titles they count (the
Genocide Convention is about genocide). 三大支柱 refers to all three pillars: three mentions, one span.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Passage, longest_matches
from .gazetteer import CRIME, MECHANISM, ORGANIZATION, PILLAR, Gazetteer
from .model import Entity, Mention, Ref
from .names import name_spans


class CrimeRule:
    """The four crimes and the umbrella 'atrocity crimes'."""

    name: ClassVar[str] = "crime"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        names = [(s, e) for s, e, ref in name_spans(passage, gaz) if ref.kind in (ORGANIZATION, MECHANISM)]
        for start, end, term in longest_matches(passage.text, gaz.crime_terms):
            if any(s <= start and end <= e for s, e in names):
                continue
            ref = Ref(CRIME, gaz.crime_terms[term])
            yield gaz.get(ref)
            yield passage.mention(start, end, ref, self.name)


class PillarRule:
    """支柱一 / 第三支柱 / 三大支柱 ..."""

    name: ClassVar[str] = "pillar"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        for start, end, term in longest_matches(passage.text, gaz.pillar_terms):
            for n in gaz.pillar_terms[term]:
                ref = Ref(PILLAR, str(n))
                yield gaz.get(ref)
                yield passage.mention(start, end, ref, self.name)
