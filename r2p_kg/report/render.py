"""Document model -> text in the layout of the PDF extraction: the parser's inverse.

Used to make synthetic report texts for benchmarks and tests. Lines are wrapped so that the parser
joins them back to exactly the same text: never next to a space (joining strips it), never where a
continuation line would look like a numbered element, a URL line or page furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Footnote, FrontMatter, Paragraph, Section
from .text import section_numeral

SEPARATOR = "__________________ "
_BODY_START = re.compile(r"^\s*(?:\d{1,3}\s*\.\s|[一二三四五六七八九十]\s*[．.]|[A-Z]\s*\.\s|\*)")
_NOTE_START = re.compile(r"^\s*\d")
_FURNITURE = re.compile(r"^\s*(?:\d{2}-\d{5}(?:\s*\([A-Z]\))?|\d{1,3}/\d{1,3})\s*$")
_URL_START = re.compile(r"^\s*(?:https?://|file:///)")


def _break_ok(text: str, i: int, in_notes: bool) -> bool:
    left, right = text[:i], text[i:]
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return False
    if left[-1] in ";," and right[0].isascii() and right[0].isalnum():
        return False
    if (_NOTE_START if in_notes else _BODY_START).match(right) or _URL_START.match(right):
        return False
    return not _FURNITURE.match(right.split("\n", 1)[0][:12])


def _inside_word(text: str, i: int) -> bool:
    return text[i - 1].isascii() and text[i - 1].isalnum() and text[i].isascii() and text[i].isalnum()


def wrap(text: str, width: int, in_notes: bool = False) -> list[str]:
    """Split ``text`` into lines of about ``width`` characters that join back to ``text``.

    Prefers not to break inside a Latin word or a number, as the PDF's typesetting mostly does not.
    """
    lines: list[str] = []
    while len(text) > width:
        ok = [i for i in range(width, min(len(text), width + 12)) if _break_ok(text, i, in_notes)]
        cut = next((i for i in ok if not _inside_word(text, i)), ok[0] if ok else None)
        if cut is None:
            cut = next((i for i in range(width + 12, len(text)) if _break_ok(text, i, in_notes)), None)
        if cut is None:
            break
        lines.append(text[:cut])
        text = text[cut:]
    lines.append(text)
    return lines


def with_markers(para: Paragraph) -> tuple[str, list[tuple[int, int]]]:
    """Paragraph text with its footnote numbers put back where they stood.

    Returns the text and, for each marker, (footnote number, index in the returned text).
    """
    out, where, pos, length = [], [], 0, 0
    for m in para.markers:
        chunk = para.text[pos:m.offset]
        out.append(chunk)
        length += len(chunk)
        where.append((m.footnote, length))
        marker = str(m.footnote) + (" " if m.offset < len(para.text) else "")
        out.append(marker)
        length += len(marker)
        pos = m.offset
    out.append(para.text[pos:])
    return "".join(out), where


@dataclass
class _Page:
    body: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.notes)

    def blocks(self) -> list[list[str]]:
        """Blocks of lines: lines within a block follow each other with no blank line between."""
        blocks = [[ln] for ln in self.body]
        if self.notes:
            blocks.append([SEPARATOR])
            blocks += [[ln] for ln in self.notes]
        if self.links:
            blocks[-1] = blocks[-1] + self.links
        return blocks


def _zh_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n >= 100:
        raise ValueError(f"no cover numeral for {n}")
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def render_cover(fm: FrontMatter, width: int = 36) -> list[str]:
    """The cover block's lines."""
    lines = [" " + "  ".join("大  会" if b == "大会" else b for b in fm.bodies) + " "]
    if fm.session is not None:
        lines.append(f"第{_zh_number(fm.session)}届会议 ")
    if fm.agenda_items:
        nums = [str(a.number) for a in fm.agenda_items]
        joined = nums[0] if len(nums) == 1 else "、".join(nums[:-1]) + " 和 " + nums[-1]
        lines.append(f"议程项目 {joined} ")
        lines += [f"{a.title} " for a in fm.agenda_items]
    if fm.council_year is not None:
        lines.append(f" 第{_zh_number(fm.council_year)}年 ")
    lines.append(f"  {fm.title}{'*' if fm.title_note else ''} ")
    lines.append(f"  {fm.document_type} ")
    if fm.summary:
        lines.append(" 摘要 ")
        lines += [f" {ln}" for ln in wrap(fm.summary, width)]
    if fm.title_note:
        lines.append(f" * {fm.title_note} ")
    return lines


def render(front: FrontMatter, sections: Iterable[Section], paragraphs: Iterable[Paragraph],
           footnotes: Iterable[Footnote], links: dict[int, list[str]] | None = None,
           width: int = 36, page_lines: int = 24) -> str:
    """Lay out a report as the PDF extraction does. ``links`` maps a footnote number to the URLs
    listed, on the page where that footnote stands, in the page's hyperlink list."""
    notes = {f.number: f for f in footnotes}
    links = links or {}
    by_section: dict[int, list[Paragraph]] = {}
    for p in paragraphs:
        by_section.setdefault(p.section, []).append(p)
    pages = [_Page()]

    def note_lines(numbers: list[int]) -> list[str]:
        out = []
        for n in numbers:
            wrapped = wrap(f"{n} {notes[n].text}", width + 10, in_notes=True)
            out += [" " + wrapped[0] + " "] + [ln + " " for ln in wrapped[1:]]
        return out

    def add(line: str, cited: list[int]) -> None:
        extra = note_lines(cited)
        if pages[-1].body and pages[-1].size + 1 + len(extra) > page_lines:
            pages.append(_Page())
            line = " " + line.lstrip()  # a page's first line is indented by the extraction
        page = pages[-1]
        page.body.append(line)
        page.notes += extra
        for n in cited:
            page.links += links.get(n, [])

    for sec in sections:
        add(f"  {section_numeral(sec.number)}． {sec.title} ", [])
        subs = {s.letter: s for s in sec.subsections}
        current = None
        for para in by_section.get(sec.number, []):
            if para.subsection != current and para.subsection in subs:
                add(f" {para.subsection}. {subs[para.subsection].title} ", [])
                current = para.subsection
            prefix = f"{para.number}. "
            text, where = with_markers(para)
            pos = -len(prefix)
            body = wrap(prefix + text, width)
            for k, line in enumerate(body):
                end = pos + len(line)
                cited = [n for n, i in where if pos <= i < end]
                add(line + (" " if k == len(body) - 1 else ""), cited)
                pos = end

    all_pages = [[[ln] for ln in render_cover(front, width)]] + [p.blocks() for p in pages]
    return "\n".join("\n\n".join("\n".join(b) for b in blocks) for blocks in all_pages) + "\n"
