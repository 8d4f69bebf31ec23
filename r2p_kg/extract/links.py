"""Instrument links read from the text: instrument -> pillar, instrument -> situation, and measures.

* **instrument-pillar**: an instrument, document or mechanism named in a sentence that names one
  pillar (支柱三, 第三支柱) or states one by a responsibility cue (及时果断的反应 …). In a paragraph
  whose single-pillar mentions all name the same pillar, the instruments of its other sentences serve
  that pillar too; their evidence is the instrument's sentence and the sentence naming the pillar.
* **instrument-situation**: an instrument named in a sentence that states a situation claim.
* **measure**: a sentence with a measure cue (data/gazetteer/measure-cues.csv: 移交国际刑事法院,
  制裁, 武器禁运, 临时措施令 …): who decided it (the first organization named before the cue), in which
  instrument, against which countries, for which situation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .claimdata import ClaimData
from .claims import INSTRUMENT_KINDS, Sentence, is_actor, single_pillars
from .gazetteer import COUNTRY, ORGANIZATION, REGION, Gazetteer
from .model import INSTRUMENT_PILLAR, INSTRUMENT_SITUATION, MEASURE, SITUATION_CLAIM, Claim, Ref, Span
from .responsibilities import cue_pillars
from .situations import situation_ref


def _pillars(s: Sentence, data: ClaimData, gaz: Gazetteer) -> set[int]:
    return {int(m.entity.key) for m in single_pillars(s)} | {p for _, _, p, _ in cue_pillars(s, data, gaz)}


class InstrumentPillarRule:
    name = "instrument-pillar"

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> Iterator[Claim]:
        for sentences in paragraphs:
            stated = {s.index: _pillars(s, data, gaz) for s in sentences}
            named = {int(m.entity.key) for s in sentences for m in single_pillars(s)}
            sole = next(iter(named)) if len(named) == 1 else None
            pillar_sentence = next((s for s in sentences if sole in {int(m.entity.key) for m in single_pillars(s)}),
                                   None)
            for s in sentences:
                instruments = list(dict.fromkeys(m.entity for m in s.of(*INSTRUMENT_KINDS)))
                for ref in instruments:
                    for pillar in sorted(stated[s.index]):
                        yield Claim(INSTRUMENT_PILLAR, (s.span,), self.name, pillars=(pillar,), instruments=(ref,))
                    if sole is not None and not stated[s.index] and pillar_sentence is not None:
                        yield Claim(INSTRUMENT_PILLAR, (s.span, pillar_sentence.span), "instrument-pillar-paragraph",
                                    pillars=(sole,), instruments=(ref,))


class InstrumentSituationRule:
    name = "instrument-situation"

    def __init__(self, situation_claims: Iterable[Claim]) -> None:
        self.situations: dict[Span, list[Ref | None]] = {}
        for c in situation_claims:
            if c.kind == SITUATION_CLAIM:
                self.situations.setdefault(c.evidence[0], []).append(c.situation)

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> Iterator[Claim]:
        for sentences in paragraphs:
            for s in sentences:
                for situation in dict.fromkeys(self.situations.get(s.span, [])):
                    for ref in dict.fromkeys(m.entity for m in s.of(*INSTRUMENT_KINDS)):
                        yield Claim(INSTRUMENT_SITUATION, (s.span,), self.name, instruments=(ref,),
                                    situation=situation)


class MeasureRule:
    name = "measure"

    def claims(self, paragraphs: list[list[Sentence]], gaz: Gazetteer, data: ClaimData) -> Iterator[Claim]:
        for sentences in paragraphs:
            for s in sentences:
                seen = set()
                for start, _, cue in s.matches(data.measure_cues):
                    measure = data.measure_cues[cue]
                    if measure in seen:
                        continue
                    seen.add(measure)
                    deciders = [m.entity for m in s.of(ORGANIZATION) if m.end <= start]
                    made_in = next((m.entity for m in reversed(s.of(*INSTRUMENT_KINDS)) if m.end <= start), None)
                    places = list(dict.fromkeys(m.entity for m in s.of(COUNTRY, REGION)))
                    situation = situation_ref(places[0]) if len(places) == 1 else None
                    yield Claim(MEASURE, (s.span,), self.name, measure, deciders[0] if deciders else None,
                                tuple(p for p in places if is_actor(p, gaz)), made_in=made_in,
                                situation=situation)
