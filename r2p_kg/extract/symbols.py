"""UN document symbols, in Latin form and in Chinese prose, normalized to the official symbol.

Latin: ``A/63/677``, ``E/CN.4/Sub.2/1997/20/Rev.1``, joint ``A/78/901-S/2024/434`` (two documents,
two spans). Chinese: ``大会第 60/1 号决议`` -> ``A/RES/60/1``; ``安全理事会第 1674(2006)号决议`` ->
``S/RES/1674(2006)``; ``人权理事会第 44/14(2020)号决议`` -> ``A/HRC/RES/44/14`` (year 2020); lists
``第 44/14(2020)、7/25(2008)…和 55/13(2024)号决议`` give one symbol (and span) per item. Symbols inside
URLs are not read. ``ICC-01/19`` (an ICC record number) is not a UN symbol.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from .base import Passage
from .gazetteer import DOCUMENT, ORGANIZATION, Gazetteer
from .model import Entity, Mention, Ref

log = logging.getLogger(__name__)

LATIN = re.compile(r"(?<![A-Za-z0-9/.\-])[ASE]/[A-Za-z0-9.\-()/]*[A-Za-z0-9)]")
JOINT = re.compile(r"-(?=[ASE]/)")

ORGANS = {"大会": "GA", "安全理事会": "SC", "安理会": "SC", "人权理事会": "HRC"}
_ITEM = r"\d+\s*/\s*\d+(?:\s*\(\s*\d{4}\s*\))?|\d+\s*\(\s*(?:\d{4}|[IVXLC]+)\s*\)"
_SEP = r"\s*(?:、|和|及|以及|,|，)\s*"
CHINESE = re.compile(rf"(?P<organ>大会|安全理事会|安理会|人权理事会)?\s*(?:在\s*)?第\s*"
                     rf"(?P<list>(?:{_ITEM})(?:{_SEP}(?:{_ITEM}))*)\s*号决议")
ITEM = re.compile(_ITEM)
SESSION_ITEM = re.compile(r"(\d+)\s*/\s*(\d+)(?:\s*\(\s*(\d{4})\s*\))?")
SC_ITEM = re.compile(r"(\d+)\s*\(\s*(\d{4})\s*\)")
ROMAN_ITEM = re.compile(r"(\d+)\s*\(\s*([IVXLC]+)\s*\)")

CLASS_BY_PREFIX = (("A/HRC/RES/", "HumanRightsCouncilResolution", "human-rights-council"),
                   ("A/RES/", "GeneralAssemblyResolution", "general-assembly"),
                   ("S/RES/", "SecurityCouncilResolution", "security-council"))


def split_joint(symbol: str) -> list[tuple[int, str]]:
    """``A/78/901-S/2024/434`` -> [(0, 'A/78/901'), (9, 'S/2024/434')]: offsets within the string."""
    parts, start = [], 0
    for m in JOINT.finditer(symbol):
        parts.append((start, symbol[start:m.start()]))
        start = m.end()
    parts.append((start, symbol[start:]))
    return parts


def normalize(symbol: str) -> str:
    """Spaces removed; the official symbol otherwise as printed."""
    return re.sub(r"\s+", "", symbol)


def valid_symbol(symbol: str) -> bool:
    parts = symbol.split("/")
    return len(parts) >= 3 and any(ch.isdigit() for ch in symbol) and all(parts)


def symbol_year(symbol: str) -> int | None:
    """The year the symbol itself states: ``S/RES/1674(2006)``, ``S/2007/721``, ``E/.../1997/20``."""
    m = re.search(r"\((\d{4})\)$", symbol)
    if m:
        return int(m.group(1))
    for seg in symbol.split("/")[1:]:
        if re.fullmatch(r"(19|20)\d{2}", seg):
            return int(seg)
    return None


def document_entity(symbol: str, gaz: Gazetteer, year: int | None = None) -> Entity:
    """The entity for a UN document: class and organ from the symbol, titles from the gazetteer."""
    classes, organ = ["UNDocument"], None
    for prefix, cls, org in CLASS_BY_PREFIX:
        if symbol.startswith(prefix):
            classes, organ = [cls], Ref(ORGANIZATION, org)
            break
    label_zh = label_en = symbol
    if symbol in gaz.sg_reports:
        classes = ["SecretaryGeneralReport"]
        year = year or gaz.sg_reports[symbol]
        organ = Ref(ORGANIZATION, "secretary-general")
        label_zh = f"秘书长 {year} 年关于保护责任的报告 ({symbol})"
        label_en = f"Report of the Secretary-General on the responsibility to protect, {year} ({symbol})"
    year = year or symbol_year(symbol) or gaz.document_years.get(symbol)
    ref = Ref(DOCUMENT, symbol)
    titled = gaz.entities.get(gaz.symbol_titles.get(symbol, Ref("", "")))
    if titled:
        extra = tuple(c for c in titled.classes if c not in classes)
        return Entity(ref, titled.label_zh, titled.label_en, tuple(classes) + extra, symbol=symbol,
                      organ=titled.organ or organ, year=titled.year or year, pillars=titled.pillars,
                      titles_zh=titled.titles_zh)
    return Entity(ref, label_zh, label_en, tuple(classes), symbol=symbol, organ=organ, year=year)


class LatinSymbolRule:
    """Symbols printed in Latin letters (``见 A/63/677``), each part of a joint symbol on its own."""

    name: ClassVar[str] = "symbol-latin"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterable[Mention | Entity]:
        for m in LATIN.finditer(passage.text):
            if passage.in_url(*m.span()):
                continue
            for offset, part in split_joint(m.group()):
                symbol = part.rstrip(".")
                if not valid_symbol(symbol):
                    log.info("%s: %r does not look like a UN symbol; left out", passage.where, part)
                    continue
                start = m.start() + offset
                yield document_entity(symbol, gaz)
                yield passage.mention(start, start + len(symbol), Ref(DOCUMENT, symbol), self.name)


def chinese_symbol(organ: str | None, item: str) -> tuple[str, int | None] | None:
    """One list item under an organ -> (official symbol, year) or None when the form does not fit."""
    item = normalize(item)
    if m := SC_ITEM.fullmatch(item):
        if organ in (None, "SC"):
            return f"S/RES/{m.group(1)}({m.group(2)})", int(m.group(2))
        return None
    if m := ROMAN_ITEM.fullmatch(item):
        # Early General Assembly resolutions: 377(V) is the 5th session's resolution 377.
        return (f"A/RES/{m.group(1)}({m.group(2)})", None) if organ in (None, "GA") else None
    if m := SESSION_ITEM.fullmatch(item):
        year = int(m.group(3)) if m.group(3) else None
        if organ == "HRC":
            return f"A/HRC/RES/{m.group(1)}/{m.group(2)}", year
        if organ in (None, "GA"):
            return f"A/RES/{m.group(1)}/{m.group(2)}", year
    return None


class ChineseResolutionRule:
    """``[organ]第 X[、Y…和 Z]号决议``: one resolution symbol per item.

    With no organ before 第, the organ of the last resolution named earlier in the same passage
    applies; if there is none, the item's form decides: ``N(YYYY)`` is a Security Council
    resolution, ``N/M`` and ``N(V)`` General Assembly ones (the Human Rights Council's are always
    introduced by its name in UN Chinese texts).
    """

    name: ClassVar[str] = "symbol-chinese"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        last_organ: str | None = None
        for m in CHINESE.finditer(passage.text):
            organ = ORGANS[m.group("organ")] if m.group("organ") else last_organ
            items = list(ITEM.finditer(m.group("list")))
            base = m.start("list")
            for it in items:
                found = chinese_symbol(organ, it.group())
                if found is None and organ is not None and not m.group("organ"):
                    found = chinese_symbol(None, it.group())   # inherited organ does not fit the form
                if found is None:
                    log.warning("%s: cannot type resolution %r (organ %s); left out",
                                passage.where, it.group(), organ)
                    continue
                symbol, year = found
                start, end = (m.start(), m.end()) if len(items) == 1 else (base + it.start(), base + it.end())
                yield document_entity(symbol, gaz, year)
                yield passage.mention(start, end, Ref(DOCUMENT, symbol), self.name)
            if m.group("organ"):
                last_organ = ORGANS[m.group("organ")]
