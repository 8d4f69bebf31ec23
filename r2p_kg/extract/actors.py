"""Collective actors (会员国, 国际社会, 民间社会 …) named in running text.

They come from data/gazetteer/actors.csv; a name inside a longer gazetteer name (an organization,
an instrument) is part of that name, so the rule skips spans inside or across any of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from .base import Passage, longest_matches
from .claimdata import load_claim_data
from .gazetteer import Gazetteer
from .model import Entity, Mention
from .names import name_spans


class ActorRule:
    """Passage rule: collective actors, longest name first, never inside another entity's name."""

    name: ClassVar[str] = "actor"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        data = load_claim_data()
        taken = [(s, e) for s, e, _ in name_spans(passage, gaz)]
        seen = set()
        for start, end, term in longest_matches(passage.text, data.actor_names):
            # Inside or across another name: part of that name. Around a shorter name (联合国会员国
            # around 联合国): the actor, and the organization stays named too.
            if passage.in_url(start, end) or any(
                    s < end and start < e and not (start <= s and e <= end and (s, e) != (start, end))
                    for s, e in taken):
                continue
            ref = data.actor_names[term]
            if ref not in seen:
                seen.add(ref)
                yield data.entities[ref]
            yield passage.mention(start, end, ref, self.name)
