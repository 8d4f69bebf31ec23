"""Quantitative claims in the body paragraphs.

What counts as a statistic: a number attached to countable things in the world (people, attacks,
States, organizations, parliaments, operations, cases; ``人 名 个 起``), an area (``英亩``), a
percentage, or a ratio (``每 10 起…就有 7 起`` -> 70 %), and only when data/gazetteer/measures.csv
says what it measures (a phrase in the same sentence plus the number's position in that sentence).
Not statistics: years and dates, durations (``20 年``, ``十天``), ordinals (``第 140 段``), counts of
parts of a text or plan (``三项要素``, ``三个…行动领域``), names (``五点共识``) and vague amounts
(``数百万``, ``十几个``). Numbers found without a measure are logged and left out.

Normalization: space thousands separators removed; 万 x 10^4, 亿 x 10^8 (1.23 亿 -> 123000000);
percentages as 0-100 with unit PERCENT (72% -> 72); counts unit NUM; 英亩 unit AC (QUDT acre).
``多`` (more than) and ``约`` (about) keep the stated number; the measure label says so.
Period: the last date before the number in its sentence, else in the previous sentence
(``2024 年 10 月`` -> 2024-10; ``2024 年 1 月至 12 月`` -> 2024). Place: countries and regions named
in the number's clause. Source: the first footnote marker after the number within its sentence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

from .base import Passage
from .gazetteer import COUNTRY, REGION, Gazetteer
from .model import PARAGRAPH, Statistic
from .names import name_spans

log = logging.getLogger(__name__)

_NUM = r"\d{1,3}(?: \d{3})+(?!\d)|\d+(?:\.\d+)?"
_CLASSIFIER = r"英亩|名|个|起|人"
_CN = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMBER = re.compile(
    rf"(?P<ratio>每\s*(?P<of>{_NUM})\s*(?P<rc>起|个|名|人)[^，。；]{{0,12}}?就有\s*(?P<part>{_NUM})\s*(?P=rc))"
    rf"|(?P<pct>(?P<pv>{_NUM})\s*%)"
    rf"|(?P<big>(?P<bv>{_NUM})\s*(?P<mult>万|亿)\s*(?P<bmore>多)?\s*(?P<bunit>{_CLASSIFIER})?)"
    rf"|(?P<count>(?P<cv>{_NUM})\s*(?P<cmore>多)?\s*(?P<cunit>{_CLASSIFIER}))"
    rf"|(?P<cn>(?<![一二三四五六七八九十几两第])(?P<cnv>[两二三四五六七八九十])(?P<cnu>个|起|名))")
ORDINAL_BEFORE = re.compile(r"第\s*$")
DATE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*至\s*(\d{1,2})\s*月)?)?")
CLAUSE_END = "，。；："


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(" ", ""))


def _plain(value: Decimal) -> str:
    """A decimal in plain notation without exponent or trailing zeros: 123000000, 72, 0.5."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_value(m: re.Match[str]) -> tuple[Decimal, str] | None:
    """(normalized value, unit) of a NUMBER match."""
    if m.group("ratio"):
        return _decimal(m.group("part")) * 100 / _decimal(m.group("of")), "PERCENT"
    if m.group("pct"):
        return _decimal(m.group("pv")), "PERCENT"
    if m.group("big"):
        mult = 10 ** 4 if m.group("mult") == "万" else 10 ** 8
        return _decimal(m.group("bv")) * mult, "AC" if m.group("bunit") == "英亩" else "NUM"
    if m.group("count"):
        return _decimal(m.group("cv")), "AC" if m.group("cunit") == "英亩" else "NUM"
    if m.group("cn"):
        return Decimal(_CN[m.group("cnv")]), "NUM"
    return None


def period_of(text: str) -> str | None:
    """The last date in ``text``: 2024 / 2024-10 / 2024-01/2024-06 (a whole-year range is the year)."""
    dates = list(DATE.finditer(text))
    if not dates:
        return None
    d = dates[-1]
    year, first, last = d.group(1), d.group(2), d.group(3)
    if any(m and not 1 <= int(m) <= 12 for m in (first, last)):
        log.info("not a date (month out of range), period left out: %r", d.group(0))
        return None
    if first and last:
        if (int(first), int(last)) == (1, 12):
            return year
        return f"{year}-{int(first):02d}/{year}-{int(last):02d}"
    return f"{year}-{int(first):02d}" if first else year


class StatisticRule:
    """Numbers with a known measure, normalized, with period, place and source footnote."""

    name: ClassVar[str] = "statistic"

    def apply(self, passage: Passage, gaz: Gazetteer) -> Iterator[Statistic]:
        if passage.where.kind != PARAGRAPH:
            return
        text = passage.text
        places = [(s, e, ref) for s, e, ref in name_spans(passage, gaz) if ref.kind in (COUNTRY, REGION)]
        sentences = passage.sentences()
        for i, (s_start, s_end) in enumerate(sentences):
            sentence = text[s_start:s_end]
            numbers = [m for m in NUMBER.finditer(sentence)
                       if not ORDINAL_BEFORE.search(sentence[:m.start()])]
            for nth, m in enumerate(numbers, start=1):
                start, end = s_start + m.start(), s_start + m.end()
                rows = [r for r in gaz.measures if r[0] in sentence and r[1] == nth]
                if not rows:
                    log.info("%s: %r has no measure in measures.csv; left out", passage.where, m.group())
                    continue
                longest = max(len(r[0]) for r in rows)     # the most specific phrase decides
                labels = {(r[2], r[3]) for r in rows if len(r[0]) == longest}
                if len(labels) > 1:
                    log.warning("%s: %r has two measures; left out", passage.where, m.group())
                    continue
                label_zh, label_en = labels.pop()
                found = number_value(m)
                if found is None:
                    continue
                value, unit = found
                period = period_of(sentence[:m.start()])
                if period is None and i > 0:
                    period = period_of(text[slice(*sentences[i - 1])])
                c_start = max([s_start] + [text.rfind(ch, s_start, start) + 1 for ch in CLAUSE_END])
                c_end = min([j for j in (text.find(ch, end, s_end) for ch in CLAUSE_END) if j >= 0] or [s_end])
                where_refs = tuple(dict.fromkeys(ref for s, e, ref in places if c_start <= s and e <= c_end))
                note = next((fn for fn, off in passage.markers if end <= off <= s_end), None)
                yield Statistic(passage.where, start, end, text[start:end], _plain(value), unit,
                                label_zh, label_en, period, where_refs, note, self.name)
