"""Gazetteer names in running Chinese text: countries, regions, organizations, mechanisms and the
instruments named without title marks.

Chinese has no word boundaries, so every name of every kind competes in one pool and the longest
match wins: 南苏丹 is not 苏丹, 尼日利亚 is not 尼日尔, 非洲联盟 is an organization (not the region
非洲), 大湖区问题国际会议 hides 大湖区, 非洲联盟和平与安全理事会 hides 安全理事会. A name inside a
stop context (data/gazetteer/stop-contexts.csv, e.g. 国家和国际法院 'national and international
courts') is not that entity and is logged. Organizations named inside an instrument's or a
mechanism's name are kept as well (联合国保护议程 names the United Nations).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from typing import ClassVar

from .base import Passage, longest_matches
from .gazetteer import COUNTRY, DOCUMENT, INSTRUMENT, MECHANISM, ORGANIZATION, REGION, Gazetteer
from .model import Entity, Mention, Ref

log = logging.getLogger(__name__)


def _in_stop_context(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    name = text[start:end]
    for context, stop_name in gaz.stop_contexts:
        if stop_name == name:
            i = text.find(context)
            while i >= 0:
                if i <= start and end <= i + len(context):
                    return True
                i = text.find(context, i + 1)
    return False


@functools.lru_cache(maxsize=1024)
def _matches(text: str, gaz: Gazetteer) -> tuple[tuple[int, int, Ref, bool], ...]:
    """(start, end, entity, stopped) for every name in ``text``; cached: several rules ask."""
    taken = [(start, end, gaz.names[name]) for start, end, name in longest_matches(text, gaz.names)]
    # An organization named inside the name of an instrument or mechanism is named too:
    # “加强问责制、一致性和透明度国家集团”行为守则 names the ACT group.
    org_names = [name for name, ref in gaz.names.items() if ref.kind == ORGANIZATION]
    for start, end, ref in list(taken):
        if ref.kind in (INSTRUMENT, MECHANISM, DOCUMENT):
            taken += [(start + s, start + e, gaz.names[name])
                      for s, e, name in longest_matches(text[start:end], org_names)]
    return tuple((start, end, ref, _in_stop_context(text, start, end, gaz))
                 for start, end, ref in sorted(taken))


def name_spans(passage: Passage, gaz: Gazetteer) -> tuple[tuple[int, int, Ref], ...]:
    """All gazetteer names in the passage after longest-match and stop contexts (outside URLs)."""
    return tuple((start, end, ref) for start, end, ref, stopped in _matches(passage.text, gaz)
                 if not stopped and not passage.in_url(start, end))


class _NameRule:
    name: ClassVar[str]
    kinds: ClassVar[tuple[str, ...]]

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        for start, end, ref, stopped in _matches(passage.text, gaz):
            if stopped and ref.kind in self.kinds:
                log.info("%s: %r at %d is inside a stop context, not %s; left out",
                         passage.where, passage.text[start:end], start, ref.key)
        for start, end, ref in name_spans(passage, gaz):
            if ref.kind in self.kinds:
                yield gaz.get(ref)
                yield passage.mention(start, end, ref, self.name)


class CountryRule(_NameRule):
    """ISO 3166-1 countries and territories: CLDR Chinese names (Babel) plus country-aliases.csv."""

    name = "country"
    kinds = (COUNTRY,)


class RegionRule(_NameRule):
    """Regions, subregions and subnational places (regions.csv): never countries."""

    name = "region"
    kinds = (REGION,)


class OrganizationRule(_NameRule):
    """Organizations, bodies, offices and posts, networks, courts, armed groups (organizations.csv)."""

    name = "organization"
    kinds = (ORGANIZATION,)


class MechanismRule(_NameRule):
    """Mechanisms named in the text: UPR, special procedures, focal points ... (mechanisms.csv)."""

    name = "mechanism"
    kinds = (MECHANISM,)


class NamedInstrumentRule(_NameRule):
    """Instruments the report names without title marks (instruments.csv rows with bare=yes)."""

    name = "instrument-name"
    kinds = (INSTRUMENT, DOCUMENT)
