"""Quantitative claims in the body paragraphs.

What counts as a statistic: a number attached to countable things in the world (people, attacks,
States, organizations, parliaments, operations, cases; ``人 名 个 起``), an area (``英亩``), a
percentage, or a ratio (``每 10 起…就有 7 起`` -> 70 %), and only when data/gazetteer/measures.csv
says what it measures (a phrase in the same sentence plus the number's position in that sentence).
Not statistics: years and dates, durations (``20 年``, ``十天``), ordinals (``第 140 段``), counts of
parts of a text or plan (``三项要素``, ``三个…行动领域``), names (``五点共识``) and vague amounts
(``数百万``, ``十几个``). Numbers found without a measure are logged and left out.

Two ways to know the measure: a phrase of measures.csv in the same sentence at the number's position
(this report's figures, labelled precisely), else a term of measure-terms.csv in the number's clause,
nearest after the number, then before it (``1.2 亿多人被迫流离失所`` -> forcibly displaced people):
figures in any text, by pattern. Qualifiers (qualifiers.csv: 超过, 近, 至少, 约, N 多 ...) are kept as
data (``qualifier``), the value is the number stated.

Normalization: thousands separators (space, no-break space, thin space, comma) removed; 万 x 10^4,
亿 x 10^8 (1.23 亿 -> 123000000); percentages as 0-100 with unit PERCENT (72% -> 72); counts unit
NUM; 英亩 unit AC (QUDT acre).
``多`` (more than, after the number or between it and 万/亿: ``700 多万人`` -> 7000000, more-than) and
``约`` (about) keep the stated number; the measure label says so.
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

# Thousands are grouped with a space (the UN's style, often a no-break or thin space) or a comma.
_SEP = "[ ,\u00a0\u2009\u202f]"
_NUM = rf"\d{{1,3}}(?:{_SEP}\d{{3}})+(?!\d)|\d+(?:\.\d+)?"
_CLASSIFIER = r"英亩|名|个|起|人"
_CN = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
NUMBER = re.compile(
    rf"(?P<ratio>每\s*(?P<of>{_NUM})\s*(?P<rc>起|个|名|人)[^，。；]{{0,12}}?就有\s*(?P<part>{_NUM})\s*(?P=rc))"
    rf"|(?P<pct>(?P<pv>{_NUM})\s*[%％])"
    rf"|(?P<big>(?P<bv>{_NUM})\s*(?:多|余)?\s*(?P<mult>万|亿)\s*(?P<bmore>多|余)?\s*(?P<bunit>{_CLASSIFIER})?)"
    rf"|(?P<count>(?P<cv>{_NUM})\s*(?P<cmore>多|余)?\s*(?P<cunit>{_CLASSIFIER}))"
    rf"|(?P<cn>(?<![一二三四五六七八九十几两第])(?P<cnv>[两二三四五六七八九十])(?P<cnu>个|起|名))")
ORDINAL_BEFORE = re.compile(r"第\s*$")
# Inside the number's clause and sentence, before or after it: how far a qualifier may stand.
_QUALIFIER_GAP = re.compile(r"[\s有达为是]{0,3}$")


def qualifier_of(sentence: str, start: int, end: int, gaz: Gazetteer) -> str | None:
    """more-than, nearly, ... from the words right before the number or right after it (in its match)."""
    before, match = sentence[:start], sentence[start:end]
    for (term, position), qualifier in sorted(gaz.qualifiers.items(), key=lambda kv: -len(kv[0][0])):
        if position == "before":
            i = before.rfind(term)
            if i >= 0 and _QUALIFIER_GAP.fullmatch(before[i + len(term):]):
                return qualifier
        elif re.search(rf"\d\s*(?:万|亿)?\s*{re.escape(term)}", match) or (
                term not in "多余" and sentence[end:].startswith(term)):    # 141 个多党制: not "more than"
            return qualifier
    return None


def measure_by_term(text: str, c_start: int, c_end: int, start: int, end: int,
                    gaz: Gazetteer) -> tuple[str, str] | None:
    """The measure-terms.csv term in the clause nearest after the number, else nearest before it."""
    after = [(i, term) for term in gaz.measure_terms for i in [text.find(term, end, c_end)] if i >= 0]
    if after:
        # nearest first; at one position the longest term (境内流离失所 before 流离失所)
        return gaz.measure_terms[min(after, key=lambda t: (t[0], -len(t[1])))[1]]
    before = [(i, term) for term in gaz.measure_terms for i in [text.rfind(term, c_start, start)] if i >= 0]
    if before:
        return gaz.measure_terms[max(before, key=lambda t: (t[0] + len(t[1]), len(t[1])))[1]]
    return None


DATE = re.compile(r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*至\s*(\d{1,2})\s*月)?)?")
CLAUSE_END = "，。；："


def _decimal(text: str) -> Decimal:
    return Decimal(re.sub(_SEP, "", text))


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
                c_start = max([s_start] + [text.rfind(ch, s_start, start) + 1 for ch in CLAUSE_END])
                c_end = min([j for j in (text.find(ch, end, s_end) for ch in CLAUSE_END) if j >= 0] or [s_end])
                rows = [r for r in gaz.measures if r[0] in sentence and r[1] == nth]
                if rows:
                    longest = max(len(r[0]) for r in rows)     # the most specific phrase decides
                    labels = {(r[2], r[3]) for r in rows if len(r[0]) == longest}
                    if len(labels) > 1:
                        log.warning("%s: %r has two measures; left out", passage.where, m.group())
                        continue
                    label_zh, label_en = labels.pop()
                elif (m.group("big") or m.group("pct") or m.group("count") and m.group("cunit") in "人名"
                      ) and (by_term := measure_by_term(text, c_start, c_end, start, end, gaz)):
                    label_zh, label_en = by_term
                else:
                    log.info("%s: %r has no measure in measures.csv or measure-terms.csv; left out",
                             passage.where, m.group())
                    continue
                found = number_value(m)
                if found is None:
                    continue
                value, unit = found
                period = period_of(sentence[:m.start()])
                if period is None and i > 0:
                    period = period_of(text[slice(*sentences[i - 1])])
                where_refs = tuple(dict.fromkeys(ref for s, e, ref in places if c_start <= s and e <= c_end))
                note = next((fn for fn, off in passage.markers if end <= off <= s_end), None)
                yield Statistic(passage.where, start, end, text[start:end], _plain(value), unit,
                                label_zh, label_en, period, where_refs, note, self.name,
                                qualifier_of(sentence, m.start(), m.end(), gaz))
