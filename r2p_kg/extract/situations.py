"""Situations: a country or region the report ties to violations, crimes or risks.

Rule: in a body paragraph, a sentence that names a country or region (not inside an organization's
name) and a crime term or a violation term (data/gazetteer/violation-terms.csv: 违反国际人道法, 袭击,
流离失所, 迫害, 人权危机, 冲突 ...) describes a situation in each place it names. The crimes named in
that same sentence are the situation's related crimes. One situation per place, shared by every
paragraph that describes it (r2p:describedIn). When the next sentence refers back to it within its
first words (这些违法行为可能构成危害人类罪和战争罪, 这种情况…), the crimes that sentence names are related
too. Footnotes (titles of cases, lists) are not read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from .base import Passage
from .gazetteer import COUNTRY, CRIME, REGION, SITUATION, Gazetteer
from .model import PARAGRAPH, Entity, Mention, Ref, Where


# Words that open a sentence continuing the previous one ("these violations", "this situation").
ANAPHORA = ("这些", "此类", "这种", "这一")
ANAPHOR_WITHIN = 12


def situation_ref(place: Ref) -> Ref:
    return Ref(SITUATION, place.key)


class SituationRule:
    """Document rule: reads the place and crime mentions of each sentence."""

    name: ClassVar[str] = "situation"

    def apply(self, passages: Iterable[Passage], mentions: list[Mention], gaz: Gazetteer
              ) -> tuple[list[Entity], list[Mention]]:
        described: dict[Ref, dict[Where, None]] = {}
        crimes: dict[Ref, dict[str, None]] = {}
        out: list[Mention] = []
        for passage in passages:
            if passage.where.kind != PARAGRAPH:
                continue
            here = [m for m in mentions if m.where == passage.where]
            sentences = passage.sentences()
            for i, (s, e) in enumerate(sentences):
                sentence = passage.text[s:e]
                inside = [m for m in here if s <= m.start and m.end <= e]
                places = [m for m in inside if m.entity.kind in (COUNTRY, REGION)]
                crime_keys = [m.entity.key for m in inside if m.entity.kind == CRIME]
                if i + 1 < len(sentences):
                    n_start, n_end = sentences[i + 1]
                    opening = passage.text[n_start:n_start + ANAPHOR_WITHIN]
                    if any(a in opening for a in ANAPHORA):
                        crime_keys += [m.entity.key for m in here
                                       if m.entity.kind == CRIME and n_start <= m.start and m.end <= n_end]
                if not places or not (crime_keys or any(t in sentence for t in gaz.violation_terms)):
                    continue
                for m in places:
                    ref = situation_ref(m.entity)
                    described.setdefault(ref, {})[passage.where] = None
                    crimes.setdefault(ref, {}).update(dict.fromkeys(crime_keys))
                    out.append(Mention(passage.where, m.start, m.end, ref, m.quote, self.name))
        entities = []
        for ref in sorted(described):
            place = Ref(REGION if gaz.entities.get(Ref(REGION, ref.key)) else COUNTRY, ref.key)
            p = gaz.get(place)
            entities.append(Entity(ref, f"{p.label_zh}局势", f"Situation in {p.label_en}", ("Situation",),
                                   place=place, crimes=tuple(sorted(crimes[ref])),
                                   described_in=tuple(sorted(described[ref]))))
        return entities, out
