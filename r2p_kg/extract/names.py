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
import hashlib
import logging
import re
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


# 联合国 + a place or purpose + the word for a kind of operation (UNTERM's Chinese mission names:
# 联合国南苏丹特派团, 联合国组织刚果民主共和国稳定特派团, 联合国驻黎巴嫩临时部队, 联合国阿富汗援助团 ...).
PEACE_OPERATION = re.compile(
    r"联合国(?:组织|驻)?[\u4e00-\u9fff]{2,16}?"
    r"(?:多层面综合稳定团|稳定特派团|特派团|稳定团|维持和平部队|临时部队|临时安全部队|过渡时期综合援助团|"
    r"援助团|支助团|观察团|综合办事处|观察员部队|军事观察组)")


def peace_operation(name: str) -> Entity:
    """A UN peace operation the gazetteer does not list, found by its name's pattern.

    Keyed by its Chinese name's hash (``peace-operation-`` + 10 hex digits: the same in every text),
    labelled with the name as written; its English label says what it is and quotes that name.
    """
    ref = Ref(ORGANIZATION, "peace-operation-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10])
    return Entity(ref, name, f"United Nations peace operation ({name})", ("PeaceOperation",),
                  parent=Ref(ORGANIZATION, "security-council"))


@functools.lru_cache(maxsize=1024)
def _matches(text: str, gaz: Gazetteer) -> tuple[tuple[int, int, Ref, bool], ...]:
    """(start, end, entity, stopped) for every name in ``text``; cached: several rules ask."""
    taken = [(start, end, gaz.names[name]) for start, end, name in longest_matches(text, gaz.names)]
    # A peace operation the gazetteer does not list is one name, like a listed one: the names inside
    # it (联合国, 海地) are part of it.
    for m in PEACE_OPERATION.finditer(text):
        start, end = m.span()
        if not any(s <= start and end <= e for s, e, _ in taken):
            taken = [t for t in taken if not (start <= t[0] and t[1] <= end)] + [
                (start, end, peace_operation(m.group()).ref)]
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
                yield gaz.entities.get(ref) or peace_operation(passage.text[start:end])
                yield passage.mention(start, end, ref, self.name)


class CountryRule(_NameRule):
    """ISO 3166-1 countries and territories: the UN's names where it has them, else CLDR's (Babel);
    CLDR's names and country-aliases.csv as variants."""

    name = "country"
    kinds = (COUNTRY,)


class RegionRule(_NameRule):
    """Regions, subregions and subnational places (regions.csv): never countries."""

    name = "region"
    kinds = (REGION,)


class OrganizationRule(_NameRule):
    """Organizations, bodies, offices and posts, networks, courts, armed groups (organizations.csv), and
    UN peace operations by name pattern (PEACE_OPERATION)."""

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

