"""Small text rules of the report's typesetting: joining wrapped lines, Chinese numerals, URLs."""

from __future__ import annotations

import re

_URL_LINE = re.compile(r"^\s*(?:https?://|file:///)\S*\s*$")
_SPACE_JOINERS = (";", ",")


def is_url_line(line: str) -> bool:
    """A line that holds one URL and nothing else (how the per-page hyperlink lists look)."""
    return bool(_URL_LINE.match(line))


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one text.

    Chinese text is wrapped without spaces, and URLs and document symbols are broken anywhere, so
    lines join with no space. The one exception: after an ASCII ``;`` or ``,`` that ends a line and
    before Latin text (a list of URLs in a footnote), the space the wrap swallowed is restored.
    """
    out = ""
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if out and out.endswith(_SPACE_JOINERS) and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral(text: str) -> int:
    """Convert a Chinese numeral below 10 000 (七十九 -> 79, 十二 -> 12, 一百零一 -> 101)."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
    return total + (digit or 0)


NUMERALS = "一二三四五六七八九十"


def section_numeral(n: int) -> str:
    """1 -> 一, ..., 10 -> 十 (sections of a report)."""
    if not 1 <= n <= 10:
        raise ValueError(f"no section numeral for {n}")
    return NUMERALS[n - 1]
