"""Instruments cited by title in 《》 and the chapters of the Charter named after it."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import ClassVar

from .base import Passage
from .gazetteer import DOCUMENT, INSTRUMENT, Gazetteer
from .model import Entity, Mention, Ref
from .symbols import document_entity

log = logging.getLogger(__name__)

TITLE = re.compile(r"《([^《》]+)》")
NUMERALS = "一二三四五六七八九十"
# After a Charter title: 第六章和第八章 / ，包括第七章 / 第六、七、八章 (same sentence, within a few characters).
CHAPTERS = re.compile(rf"[^。；《》]{{0,6}}?(第[{NUMERALS}]+章?(?:\s*(?:、|和|及)\s*第?[{NUMERALS}]+章?)*章?)")
CHARTER = Ref(INSTRUMENT, "un-charter")


def chinese_number(text: str) -> int:
    """一..九十九 -> int (enough for chapter and article numbers)."""
    digits = {c: i + 1 for i, c in enumerate(NUMERALS[:9])}
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits[text]


class TitledInstrumentRule:
    """《title》 looked up among the instrument titles and aliases; unknown titles are logged."""

    name: ClassVar[str] = "instrument-title"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        for m in TITLE.finditer(passage.text):
            title = m.group(1)
            ref = gaz.titles.get(title) or gaz.names.get(title)
            if ref is None or ref.kind not in (INSTRUMENT, DOCUMENT):
                log.warning("%s: unknown title 《%s》; left out", passage.where, title)
                continue
            entity = document_entity(ref.key, gaz) if ref.kind == DOCUMENT else gaz.get(ref)
            yield entity
            yield passage.mention(m.start(1), m.end(1), ref, self.name)


class CharterChapterRule:
    """第六章 / 第七章 / 第八章 right after 《联合国宪章》 or 《宪章》: one mention per chapter."""

    name: ClassVar[str] = "charter-chapter"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Mention | Entity]:
        for m in TITLE.finditer(passage.text):
            if gaz.titles.get(m.group(1)) != CHARTER:
                continue
            c = CHAPTERS.match(passage.text, m.end())
            if not c:
                continue
            run_start = c.start(1)
            for n in re.finditer(rf"第?([{NUMERALS}]+)章?", c.group(1)):
                ref = Ref(INSTRUMENT, f"un-charter-chapter-{chinese_number(n.group(1))}")
                if ref not in gaz.entities:
                    log.warning("%s: chapter %s of the Charter not in the gazetteer", passage.where, n.group(1))
                    continue
                # 第六章 is quoted whole; in 第六、七、八章 each chapter is its numeral.
                whole = n.group().startswith("第") and n.group().endswith("章")
                start, end = (n.start(), n.end()) if whole else n.span(1)
                yield gaz.get(ref)
                yield passage.mention(run_start + start, run_start + end, ref, self.name)
