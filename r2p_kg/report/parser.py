"""Parse the text extracted from a report's PDF into the document model.

The layout of the extraction, which the parser relies on and checks:

* Text lines of a page are separated by blank lines. Where two non-blank lines follow each other
  directly, a page ends: the second line is the first of the next page, and any lines between are the
  page's hyperlink list (one URL per line).
* A line of underscores separates a page's body from its footnotes.
* Sections (一．), subsections (A.), paragraphs (1.) and footnotes (1 ...) are numbered in order; a
  numbered line only starts a new element when its number is the next one expected.
* Footnote markers are bare numbers inline in the body text, numbered in order of citation.

Every line gets a kind; a line that fits nowhere raises :class:`~r2p_kg.errors.ParseError`.

A text must also be whole (:func:`check_complete`): a source cut short (a truncated download, a
partial copy) parses line by line as well as a whole one does, so the structure is checked where
every report of this kind shows its end: every section and subsection holds a paragraph, the last
section is the report's closing one (its conclusions), and the last paragraph ends its sentence. A
UTF-8 byte order mark before the first line is read and ignored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ParseError
from .frontmatter import parse_front_matter
from .model import Footnote, FootnoteMarker, Hyperlink, LineKind, Paragraph, Report, Section, SourceLine, Subsection
from .text import NUMERALS, is_url_line, join_lines

log = logging.getLogger(__name__)

_SECTION = re.compile(r"^\s*([一二三四五六七八九十])\s*[．.]\s*(\S.*?)\s*$")
_SUBSECTION = re.compile(r"^\s*([A-Z])\s*\.\s+(\S.*?)\s*$")
_PARAGRAPH = re.compile(r"^\s*(\d{1,3})\s*\.\s+(.*?)\s*$")
_FOOTNOTE = re.compile(r"^\s*(\d{1,3})\s+(\S.*?)\s*$")
_SEPARATOR = re.compile(r"^\s*_{5,}\s*$")
# UN page furniture: job numbers ("25-07839 (C)") and page numbers ("3/17").
_FURNITURE = re.compile(r"^\s*(?:\d{2}-\d{5}(?:\s*\([A-Z]\))?|\d{1,3}/\d{1,3})\s*$")
_IBID = "同上"
# The closing section of a report of this kind: its conclusions (结论), recommendations (建议),
# closing remarks (结束语) or the way forward (前进方向, 今后的道路).
_CLOSING = re.compile(r"结论|建议|结束语|前进方向|今后的道路")
# The end of a sentence: a full stop, question or exclamation mark, maybe inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[。！？!?][”’」』）)]*$")

# A footnote marker: a number of at most three digits glued to the preceding Chinese text (no space),
# not part of a longer number, a symbol or a percentage, not the first group of a number with a space
# as thousands separator ("1 637"), and not followed by a unit of measure.
_MARKER = re.compile(r"(?<=[^\s\dA-Za-z/.(\-])(\d{1,3})(?![\d%/.(\-])(?![ \u00a0]\d{3}(?!\d))"
                     r"(?!\s*[万亿个年月日号名起人岁次项届段条章页多%])")


@dataclass
class _Element:
    number: int
    first_line: int
    parts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    section: int = 0
    subsection: str | None = None

    def add(self, text: str, line: int, page: int) -> None:
        self.parts.append(text)
        self.lines.append(line)
        if page not in self.pages:
            self.pages.append(page)


def read_report(path: str | Path, slug: str | None = None) -> Report:
    """Read and parse a report file (UTF-8)."""
    path = Path(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(f"not UTF-8 text (byte {exc.start})", source=path.name, line=line) from None
    return parse_report(text, source=path.name, slug=slug or slug_for(path))


def slug_for(path: str | Path) -> str:
    """The report's slug from its file name: ``sg-r2p-report-2025.zh.txt`` -> ``sg-2025``."""
    name = Path(path).name
    if m := re.match(r"sg-r2p-report-(\d{4})", name):
        return f"sg-{m.group(1)}"
    stem = name.split(".")[0]
    return re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "report"


def _layout(raw_lines: list[str], source: str) -> list[tuple[int, str, int, bool]]:
    """First pass: (line number, text, page, is_link) for every non-blank line."""
    blank = [not ln.strip() for ln in raw_lines]
    out: list[tuple[int, str, int, bool]] = []
    page = 1
    i, n = 0, len(raw_lines)
    while i < n:
        if blank[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and not blank[j + 1]:
            j += 1
        block = list(range(i, j + 1))  # consecutive non-blank lines
        at_end = all(blank[k] for k in range(j + 1, n))
        if len(block) == 1 or (at_end and is_url_line(raw_lines[block[-1]])):
            body, next_page = block, None  # at the very end, a link list may close the text
        else:
            body, next_page = block[:-1], block[-1]
        ends_page = len(block) > 1 or at_end
        for pos, k in enumerate(body):
            # In a block that ends a page, every line after the first is part of the link list;
            # the first is a link only if it is a bare URL.
            url = is_url_line(raw_lines[k])
            if ends_page and pos > 0 and not url:
                raise ParseError("expected a hyperlink line in the page's link list", source=source,
                                 line=k + 1, text=raw_lines[k])
            is_link = ends_page and url
            out.append((k + 1, raw_lines[k], page, is_link))
        if next_page is not None:
            page += 1
            out.append((next_page + 1, raw_lines[next_page], page, False))
        i = j + 1
    return out


def _extract_markers(text: str, expected: int) -> tuple[str, list[FootnoteMarker], int]:
    """Remove footnote markers from a paragraph's joined text.

    Only the next expected footnote number counts as a marker, so numbers that are data
    ("56 个会员国", "20%") are left alone. Returns clean text, markers and the next expected number.
    """
    clean: list[str] = []
    markers: list[FootnoteMarker] = []
    pos = 0
    length = 0
    for m in _MARKER.finditer(text):
        if int(m.group(1)) != expected:
            continue
        chunk = text[pos:m.start()]
        clean.append(chunk)
        length += len(chunk)
        markers.append(FootnoteMarker(expected, length))
        expected += 1
        pos = m.end()
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    clean.append(text[pos:])
    return "".join(clean).rstrip(), markers, expected


def check_complete(sections: tuple[Section, ...], paragraphs: list[Paragraph], source: str,
                   raw_lines: list[str]) -> None:
    """Refuse a text whose structure shows it is not whole (see the module's docstring); the error
    names the line where the structure breaks off."""
    held = {(p.section, p.subsection) for p in paragraphs} | {(p.section, None) for p in paragraphs}
    for s in sections:
        if (s.number, None) not in held:
            raise ParseError(f"section {s.numeral} has no paragraph (is the text cut short or a paragraph "
                             "missing?)", source=source, line=s.line, text=raw_lines[s.line - 1])
        for sub in s.subsections:
            if (s.number, sub.letter) not in held:
                raise ParseError(f"subsection {s.numeral}.{sub.letter} has no paragraph (is the text cut "
                                 "short or a paragraph missing?)", source=source, line=sub.line,
                                 text=raw_lines[sub.line - 1])
    last = sections[-1]
    if not _CLOSING.search(last.title):
        raise ParseError(f"the text ends in section {last.numeral} ({last.title}), which is not the "
                         "report's closing section (结论, 建议, 结束语, 前进方向 or 今后的道路): is it "
                         "cut short?", source=source, line=len(raw_lines),
                         text=raw_lines[-1] if raw_lines else None)
    para = paragraphs[-1]
    if not _SENTENCE_END.search(para.text):
        raise ParseError(f"the last paragraph, {para.number}, ends mid-sentence: is the text cut short?",
                         source=source, line=para.lines[-1], text=raw_lines[para.lines[-1] - 1])


def parse_report(text: str, source: str = "<text>", slug: str = "report") -> Report:
    """Parse a report's text. Raises :class:`ParseError` naming the first line it cannot place."""
    text = text.removeprefix("\ufeff")  # a byte order mark: no part of the first line
    if not text.strip():
        raise ParseError("the file is empty", source=source, line=1)
    if "\x00" in text:
        at = text[: text.index("\x00")].count("\n") + 1
        raise ParseError("binary data (NUL byte) in the text", source=source, line=at)
    raw_lines = [ln.rstrip("\r") for ln in text.split("\n")]
    if raw_lines[-1] == "":
        raw_lines.pop()  # the newline that ends the last line
    laid_out = _layout(raw_lines, source)

    kinds: dict[int, tuple[LineKind, str]] = {}
    pages: dict[int, int] = {}
    front: list[tuple[int, str]] = []
    sections: list[dict] = []
    paragraphs: list[_Element] = []
    footnotes: list[_Element] = []
    links: list[Hyperlink] = []
    in_notes_page: int | None = None
    heading_open: dict | None = None  # the heading whose title may still wrap onto the next line

    def fail(msg: str, number: int, line: str) -> ParseError:
        return ParseError(msg, source=source, line=number, text=line)

    for number, line, page, is_link in laid_out:
        pages[number] = page
        if is_link:
            url = line.strip()
            links.append(Hyperlink(url, page, number, url.startswith("file:")))
            kinds[number] = (LineKind.LINK, "")
            continue
        if _SEPARATOR.match(line):
            in_notes_page = page
            heading_open = None
            kinds[number] = (LineKind.SEPARATOR, "")
            continue
        m_section = _SECTION.match(line)
        if not sections and not (m_section and m_section.group(1) == NUMERALS[0]):
            front.append((number, line))
            kinds[number] = (LineKind.FRONT_MATTER, "")
            continue
        if in_notes_page == page:
            m = _FOOTNOTE.match(line)
            if m and int(m.group(1)) == len(footnotes) + 1:
                fn = _Element(len(footnotes) + 1, number)
                fn.add(m.group(2), number, page)
                footnotes.append(fn)
                kinds[number] = (LineKind.FOOTNOTE, "start")
            elif footnotes:
                footnotes[-1].add(line, number, page)
                kinds[number] = (LineKind.FOOTNOTE, "continuation")
            else:
                raise fail("footnote text before the first footnote", number, line)
            continue
        if _FURNITURE.match(line):
            kinds[number] = (LineKind.FURNITURE, "")
            continue
        if m_section and len(sections) < len(NUMERALS) and m_section.group(1) == NUMERALS[len(sections)]:
            heading_open = {"number": len(sections) + 1, "numeral": m_section.group(1),
                            "parts": [m_section.group(2)], "line": number, "subsections": []}
            sections.append(heading_open)
            kinds[number] = (LineKind.SECTION_HEADING, "start")
            continue
        m = _SUBSECTION.match(line)
        if m and sections and m.group(1) == chr(ord("A") + len(sections[-1]["subsections"])):
            heading_open = {"letter": m.group(1), "parts": [m.group(2)], "line": number}
            sections[-1]["subsections"].append(heading_open)
            kinds[number] = (LineKind.SUBSECTION_HEADING, "start")
            continue
        m = _PARAGRAPH.match(line)
        if m and int(m.group(1)) == len(paragraphs) + 1:
            para = _Element(len(paragraphs) + 1, number, section=len(sections))
            subs = sections[-1]["subsections"]
            para.subsection = subs[-1]["letter"] if subs else None
            para.add(m.group(2), number, page)
            paragraphs.append(para)
            heading_open = None
            kinds[number] = (LineKind.PARAGRAPH, "start")
            continue
        # A numbered line that is not the next number: a layout error, not a continuation.
        if m_section and m_section.group(1) in NUMERALS and len(sections) < len(NUMERALS):
            raise fail(f"section {m_section.group(1)} out of order (expected {NUMERALS[len(sections)]})",
                       number, line)
        if m:
            raise fail(f"paragraph {m.group(1)} out of order (expected {len(paragraphs) + 1})",
                       number, line)
        if heading_open is not None:
            heading_open["parts"].append(line)
            kind = LineKind.SECTION_HEADING if "numeral" in heading_open else LineKind.SUBSECTION_HEADING
            kinds[number] = (kind, "continuation")
            continue
        if paragraphs and paragraphs[-1].section == len(sections):
            paragraphs[-1].add(line, number, page)
            kinds[number] = (LineKind.PARAGRAPH, "continuation")
            continue
        raise fail("cannot classify this line", number, line)

    if not sections:
        raise ParseError("no section heading 一． found", source=source, line=len(raw_lines))
    front_matter, roles = parse_front_matter(front, source)
    for number, role in roles.items():
        kinds[number] = (LineKind.FRONT_MATTER, role)

    # Paragraph texts and footnote markers, in order of citation.
    expected = 1
    paras: list[Paragraph] = []
    cited_by: dict[int, int] = {}
    for el in paragraphs:
        clean, markers, expected = _extract_markers(join_lines(el.parts), expected)
        for mk in markers:
            cited_by[mk.footnote] = el.number
        paras.append(Paragraph(el.number, el.section, el.subsection, clean, tuple(markers),
                               tuple(el.lines), tuple(el.pages)))

    notes: list[Footnote] = []
    for el in footnotes:
        if el.number not in cited_by:
            raise ParseError(f"footnote {el.number} is not cited by any paragraph (markers are expected "
                             f"in order; the last one found was {expected - 1})",
                             source=source, line=el.first_line, text=raw_lines[el.first_line - 1])
        text = join_lines(el.parts)
        ibid_of = None
        if text.startswith(_IBID):
            if not notes:
                raise ParseError("同上 (ibid.) in the first footnote", source=source, line=el.first_line)
            prev = notes[-1]
            ibid_of = prev.ibid_of or prev.number
        notes.append(Footnote(el.number, text, cited_by[el.number], ibid_of, tuple(el.lines),
                              tuple(el.pages)))
    if expected - 1 > len(notes):
        citing = next(p for p in paras if any(m.footnote > len(notes) for m in p.markers))
        raise ParseError(f"paragraph {citing.number} cites footnote {len(notes) + 1}, which does not exist",
                         source=source, line=citing.lines[0])

    built_sections = tuple(
        Section(s["number"], s["numeral"], join_lines(s["parts"]), s["line"],
                tuple(Subsection(s["number"], sub["letter"], join_lines(sub["parts"]), sub["line"])
                      for sub in s["subsections"]))
        for s in sections)

    check_complete(built_sections, paras, source, raw_lines)

    source_lines = []
    page = 1
    for idx, raw in enumerate(raw_lines, start=1):
        page = pages.get(idx, page)
        kind, role = kinds.get(idx, (LineKind.BLANK, ""))
        if kind is LineKind.BLANK and raw.strip():
            raise ParseError("line was not accounted for", source=source, line=idx, text=raw)
        source_lines.append(SourceLine(idx, raw, page, kind, role))

    report = Report(slug=slug, source=source, front_matter=front_matter, sections=built_sections,
                    paragraphs=tuple(paras), footnotes=tuple(notes), links=tuple(links),
                    lines=tuple(source_lines))
    log.info("parsed %s: %d paragraphs, %d footnotes, %d links, %d pages", source,
             len(paras), len(notes), len(links), report.pages)
    return report
