"""Situations: a country or region the report ties to violations, crimes or risks, one claim per sentence.

Rule: in a body paragraph, a sentence that names a country or region (not inside an organization's
name) and a crime term or a violation term (data/gazetteer/violation-terms.csv: 违反国际人道法, 袭击,
流离失所, 迫害, 人权危机, 冲突 ...) states a situation claim for each place it names: the crimes named in
that sentence, the population groups it names (data/gazetteer/affected-groups.csv), a modality
(data/gazetteer/situation-modalities.csv: prevented, past, at risk, reported, committed, the first in
that order whose cue the sentence holds; none: reported) and the sentence as evidence. When the next
sentence refers back within its first words (这些违法行为可能构成危害人类罪和战争罪, 这种情况…), its
crimes, groups and cues count too and it is further evidence. Each place with a claim is a situation
(r2p:Situation), described in the paragraphs of its claims. Footnotes (titles of cases, lists) are not read.

Places that act in a sentence are no situations there (situation-exclusions.csv): those named before
an acknowledgement (承认 … 责任 or 罪行, 道歉: places named after it, where the crimes were committed,
still are), and the applicant named right before 诉 in a case title (冈比亚诉缅甸: The Gambia brings
the case; Myanmar, the respondent, still may be a situation).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from .base import longest_matches
from .claimdata import SITUATION_MODALITIES, ClaimData
from .claims import Sentence
from .gazetteer import COUNTRY, CRIME, REGION, SITUATION, Gazetteer
from .model import SITUATION_CLAIM, Claim, Entity, Ref, Where

log = logging.getLogger(__name__)

# Words that open a sentence continuing the previous one ("these violations", "this situation").
ANAPHORA = ("这些", "此类", "这种", "这一")
ANAPHOR_WITHIN = 12
DEFAULT_MODALITY = "reported"


def situation_ref(place: Ref) -> Ref:
    return Ref(SITUATION, place.key)


def _modality(texts: Iterable[str], data: ClaimData) -> str:
    found = {data.situation_cues[cue] for text in texts
             for cue in _longest(text, data.situation_cues)}
    return next((m for m in SITUATION_MODALITIES if m in found), DEFAULT_MODALITY)


def _acting(s: Sentence, data: ClaimData) -> set[Ref]:
    """The places that act in sentence ``s`` (situation-exclusions.csv): every place named before the
    first acknowledgement cue (承认 … 责任, 道歉), and the place named right before each 诉."""
    places = list(s.of(COUNTRY, REGION))
    acting: set[Ref] = set()
    before_done = False
    for cue, then, which in data.situation_exclusions:
        if which == "before":
            i = s.text.find(cue)
            if before_done or i < 0 or (then and then not in s.text[i + len(cue):]):
                continue
            before_done = True  # the first acknowledgement cue that holds
            acting |= {m.entity for m in places if m.end <= s.start + i}
        else:
            i = s.text.find(cue)
            while i >= 0:
                acting |= {m.entity for m in places if m.end == s.start + i}
                i = s.text.find(cue, i + len(cue))
    return acting


def _longest(text: str, terms: Iterable[str]) -> list[str]:
    return [t for _, _, t in longest_matches(text, terms)]


class SituationRule:
    """Document rule: situation claims per sentence, and the situations they make."""

    name = "situation"

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> list[Claim]:
        out = []
        for sentences in paragraphs:
            for s in sentences:
                places = list(dict.fromkeys(m.entity for m in s.of(COUNTRY, REGION)))
                if not places:
                    continue
                crimes = [m.entity.key for m in s.of(CRIME)]
                evidence = [s.span]
                texts = [s.text]
                if s.index + 1 < len(sentences):
                    nxt = sentences[s.index + 1]
                    if any(a in nxt.text[:ANAPHOR_WITHIN] for a in ANAPHORA):
                        crimes += [m.entity.key for m in nxt.of(CRIME)]
                        texts.append(nxt.text)
                        evidence.append(nxt.span)
                if not (crimes or any(t in s.text for t in gaz.violation_terms)):
                    continue
                acting = _acting(s, data)
                if acting:
                    log.info("%s: %s act in the sentence (acknowledge crimes, bring a case): not situations",
                             s.passage.where, ", ".join(sorted(p.key for p in acting)))
                    places = [p for p in places if p not in acting]
                    if not places:
                        continue
                groups = tuple(dict.fromkeys(data.group_names[t] for text in texts
                                             for t in _longest(text, data.group_names)))
                modality = _modality(texts, data)
                for place in places:
                    out.append(Claim(SITUATION_CLAIM, tuple(evidence), self.name, modality,
                                     situation=situation_ref(place), crimes=tuple(dict.fromkeys(crimes)),
                                     groups=groups))
        return out

    @staticmethod
    def situations(claims: Iterable[Claim], gaz: Gazetteer) -> list[Entity]:
        """One r2p:Situation per place with a claim, described in the paragraphs of its claims."""
        described: dict[Ref, dict[Where, None]] = {}
        for c in claims:
            if c.kind == SITUATION_CLAIM and c.situation is not None:
                described.setdefault(c.situation, {})[c.where] = None
        entities = []
        for ref in sorted(described):
            place = Ref(REGION if gaz.entities.get(Ref(REGION, ref.key)) else COUNTRY, ref.key)
            p = gaz.get(place)
            entities.append(Entity(ref, f"{p.label_zh}局势", f"Situation in {p.label_en}", ("Situation",),
                                   place=place, described_in=tuple(sorted(described[ref]))))
        return entities
