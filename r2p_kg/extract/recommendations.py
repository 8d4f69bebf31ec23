"""Recommendations and calls to action: who calls on whom to do what, and how strongly.

Three sentence patterns of Chinese UN prose, with the verbs in data/gazetteer/speech-acts.csv:

* **speech act**: a verb (呼吁, 促请, 敦促, 鼓励, 邀请, 请, 要求, 建议 …) directly followed by one or more
  actors joined by 、 和 及 以及 (所有会员国, 交战各方, 大会主席, a country's 政府 …). The speaker is 我
  (the Secretary-General) just before the verb, else the nearest actor before the verb in its clause,
  else the first actor of the sentence before the verb (安全理事会在第 2417(2018)号决议中…，呼吁…). An
  instrument named before the verb is where the call is made (《新和平纲领》鼓励会员国…).
* **should**: an actor directly before 应 / 应当 / 应该 / 必须 (国际社会应酌情支持…) is the addressee.
* **areas of action**: after a sentence announcing them (行动领域, 建议 …), sentences opened by 首先 /
  其次 / 第三 … each state one; their addressees are the actors of a later sentence (same or next
  paragraph) that takes up 上述领域 / 这些领域 / 上述建议, else the actors the sentence itself names.

No addressee, no recommendation (logged). The evidence is the sentence; a take-up sentence is
further evidence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from .claimdata import ClaimData
from .claims import ACTOR_KINDS, INSTRUMENT_KINDS, Sentence, is_actor, single_pillars
from .gazetteer import COUNTRY, ORGANIZATION, Gazetteer
from .model import RECOMMENDATION, Claim, Mention, Ref, Span

log = logging.getLogger(__name__)

JOINERS = ("、", "以及", "和", "及")
# 我 alone (not 我们, "we" of a resolution or of world leaders), with adverbs before the verb.
FIRST_PERSON = re.compile(r"我[还也再次谨并继续强烈]{0,4}$")
SECRETARY_GENERAL = Ref(ORGANIZATION, "secretary-general")
SHOULD = re.compile(r"(?:应(?:当|该)?(?!对|用|急|有|要求|请求|邀|予|在)|必须)")
AREAS = re.compile(r"(?:行动领域|建议|优先事项|行动方针)")
ORDINAL = re.compile(r"^\s*(?:首先|其次|再次|最后|第[一二三四五六七八九十]+)[，、]")
TAKE_UP = re.compile(r"(?:上述|这些|以上)(?:行动)?(?:领域|建议|优先事项)")


def _addressees(s: Sentence, pos: int, gaz: Gazetteer) -> list[Mention]:
    """Actors listed from ``pos`` on: 所有会员国、区域组织和民间社会 …; a country may be followed by 政府."""
    text = s.passage.text
    out: list[Mention] = []
    while True:
        while pos < s.end and text[pos].isspace():
            pos += 1
        here = [m for m in s.of(*ACTOR_KINDS) if m.start == pos and is_actor(m.entity, gaz)]
        m = max(here, key=lambda m: m.end) if here else None   # 安全理事会常任理事国, not 安全理事会
        if m is None:
            return out
        out.append(m)
        pos = m.end
        if m.entity.kind == COUNTRY and text.startswith("政府", pos):
            pos += 2
        joiner = next((j for j in JOINERS if text.startswith(j, pos)), None)
        if joiner is None:
            return out
        pos += len(joiner)


def _speaker(s: Sentence, verb_start: int, gaz: Gazetteer) -> Ref | None:
    text = s.passage.text
    clause_start, _ = s.clause_at(verb_start)
    if FIRST_PERSON.search(text[clause_start:verb_start]) and SECRETARY_GENERAL in gaz.entities:
        return SECRETARY_GENERAL
    before = [m for m in s.of(*ACTOR_KINDS) if m.end <= verb_start and is_actor(m.entity, gaz)]
    in_clause = [m for m in before if m.start >= clause_start]
    if in_clause:
        return in_clause[-1].entity
    return before[0].entity if before else None


def _unique(refs) -> tuple[Ref, ...]:
    return tuple(dict.fromkeys(refs))


class RecommendationRule:
    """Document rule: speech acts, 'should' sentences and enumerated areas of action."""

    name = "recommendation"

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> Iterator[Claim]:
        calls = {v: k for v, k in data.speech_acts.items()}
        for pi, sentences in enumerate(paragraphs):
            areas_from: int | None = None
            for s in sentences:
                stated = [*self._speech_acts(s, calls, gaz), *self._should(s, gaz)]
                yield from stated
                if areas_from is None and AREAS.search(s.text) and any(
                        ORDINAL.match(t.text) for t in sentences[s.index + 1:]):
                    areas_from = s.index + 1
                elif (areas_from is not None and s.index >= areas_from and ORDINAL.match(s.text)
                      and not stated):   # 首先，我呼吁…: the speech act already states it
                    claim = self._area(s, sentences, paragraphs[pi + 1] if pi + 1 < len(paragraphs) else [], gaz)
                    if claim:
                        yield claim

    def _common(self, s: Sentence, exclude: set[Ref]) -> dict:
        instruments = [m.entity for m in s.of(*INSTRUMENT_KINDS) if m.entity not in exclude]
        return {"pillars": tuple(sorted({int(m.entity.key) for m in single_pillars(s)})),
                "instruments": _unique(instruments)}

    def _speech_acts(self, s: Sentence, calls: dict[str, str], gaz: Gazetteer) -> Iterator[Claim]:
        for start, end, verb in s.matches(calls):
            modality = calls[verb]
            if not modality:
                continue
            addressees = _addressees(s, end, gaz)
            if not addressees:
                log.info("%s: %s at %d names no actor right after it: no recommendation", s.passage.where,
                         verb, start)
                continue
            speaker = _speaker(s, start, gaz)
            made_in = next((m.entity for m in reversed(s.of(*INSTRUMENT_KINDS)) if m.end <= start), None)
            named = {m.entity for m in addressees} | {speaker}
            involves = [m.entity for m in s.of(*ACTOR_KINDS)
                        if addressees[-1].end <= m.start and m.entity not in named and is_actor(m.entity, gaz)]
            yield Claim(RECOMMENDATION, (s.span,), self.name, modality, speaker,
                        _unique(m.entity for m in addressees), _unique(involves), made_in=made_in,
                        **self._common(s, {made_in} if made_in else set()))

    def _should(self, s: Sentence, gaz: Gazetteer) -> Iterator[Claim]:
        text = s.passage.text
        for match in SHOULD.finditer(text, s.start, s.end):
            subject = [m for m in s.of(*ACTOR_KINDS) if m.end == match.start() and is_actor(m.entity, gaz)]
            if not subject:
                continue
            involves = [m.entity for m in s.of(*ACTOR_KINDS)
                        if m.start > match.start() and m.entity != subject[0].entity and is_actor(m.entity, gaz)]
            yield Claim(RECOMMENDATION, (s.span,), self.name, "should", None, (subject[0].entity,),
                        _unique(involves), **self._common(s, set()))

    def _area(self, s: Sentence, sentences: list[Sentence], following: list[Sentence],
              gaz: Gazetteer) -> Claim | None:
        named = [m.entity for m in s.of(*ACTOR_KINDS) if is_actor(m.entity, gaz)]
        take_up = next((t for t in [*sentences[s.index + 1:], *following] if TAKE_UP.search(t.text)), None)
        if take_up is not None and any(is_actor(m.entity, gaz) for m in take_up.of(*ACTOR_KINDS)):
            addressees = [m.entity for m in take_up.of(*ACTOR_KINDS) if is_actor(m.entity, gaz)]
            evidence: tuple[Span, ...] = (s.span, take_up.span)
        elif named:
            addressees, evidence, named = named, (s.span,), []
        else:
            log.info("%s: area of action %r names no actor and nothing takes it up: no recommendation",
                     s.passage.where, s.text[:20])
            return None
        modality = "should" if SHOULD.search(s.text) else "recommends"
        involves = [r for r in named if r not in addressees]
        return Claim(RECOMMENDATION, evidence, "recommendation-area", modality, None, _unique(addressees),
                     _unique(involves), **self._common(s, set()))
