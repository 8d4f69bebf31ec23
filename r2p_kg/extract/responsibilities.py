"""Responsibilities: which pillar a sentence states, and who bears it.

The cues (data/gazetteer/responsibility-cues.csv) are the standing formulas of the 2005 World Summit
Outcome and of the Secretary-General's first report (有责任保护其人民, 鼓励和帮助, 采取集体行动,
国家的保护责任, 国际援助和能力建设, 及时果断的反应 …), which later texts quote. Each cue gives a pillar
and its usual bearer; an actor named right before the cue (各国有责任…) is the bearer instead. A
sentence that names a different single pillar in the cue's clause is contradictory and is skipped
(logged). One claim per sentence and pillar; Charter chapters and other instruments in the sentence
are the means it names.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from .claimdata import ClaimData
from .claims import ACTOR_KINDS, INSTRUMENT_KINDS, Sentence, is_actor, single_pillars
from .gazetteer import Gazetteer
from .model import RESPONSIBILITY, Claim, Ref

log = logging.getLogger(__name__)

SUBJECT_GAP = 2   # 各国有责任: the bearer ends at most this many characters before the cue


def cue_pillars(s: Sentence, data: ClaimData, gaz: Gazetteer) -> list[tuple[int, int, int, Ref]]:
    """(start, end, pillar, bearer) for every responsibility cue of the sentence."""
    out = []
    for start, end, cue in s.matches(data.responsibility_cues):
        pillar, bearer = data.responsibility_cues[cue]
        clause = s.clause_at(start)
        named = {int(m.entity.key) for m in single_pillars(s) if clause[0] <= m.start < clause[1]}
        if named and named != {pillar}:
            log.info("%s: %s (pillar %d) in a clause naming pillar %s: skipped", s.passage.where, cue, pillar,
                     sorted(named))
            continue
        subject = [m for m in s.of(*ACTOR_KINDS) if clause[0] <= m.start and 0 <= start - m.end <= SUBJECT_GAP
                   and is_actor(m.entity, gaz)]
        out.append((start, end, pillar, subject[-1].entity if subject else bearer))
    return out


class ResponsibilityRule:
    """Document rule: one responsibility claim per sentence and pillar its cues state."""

    name = "responsibility"

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> Iterator[Claim]:
        for sentences in paragraphs:
            for s in sentences:
                seen: set[int] = set()
                for _, _, pillar, bearer in cue_pillars(s, data, gaz):
                    if pillar in seen:
                        continue
                    seen.add(pillar)
                    instruments = tuple(dict.fromkeys(m.entity for m in s.of(*INSTRUMENT_KINDS)))
                    yield Claim(RESPONSIBILITY, (s.span,), self.name, bearer=bearer, pillars=(pillar,),
                                instruments=instruments)
