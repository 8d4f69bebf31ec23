"""The cover block of a UN report: bodies, session, agenda items, title, summary.

The grammar is the layout of the official documents: each element is recognised by its form, and a
line that fits no element is an error naming the line.
"""

from __future__ import annotations

import re

from ..errors import ParseError
from .model import AgendaItem, FrontMatter
from .text import chinese_numeral, join_lines

# The organs a report may be addressed to, as printed on the cover (letter-spaced: "大  会").
BODIES = ("安全理事会", "经济及社会理事会", "人权理事会", "大会")

_SESSION = re.compile(r"^第([零〇一二三四五六七八九十百]+)届会议$")
_AGENDA = re.compile(r"^议程项目\s*([\d\s、,，和及]+)$")
_COUNCIL_YEAR = re.compile(r"^第([零〇一二三四五六七八九十百]+)年$")
_DOC_TYPE = re.compile(r"^\S*的报告$")
_SUMMARY_HEADING = "摘要"
_NOTE = re.compile(r"^\*\s*(.+)$")
# Punctuation after which a wrapped agenda-item title must go on.
_OPEN_END = tuple("、，,；：（(“《")


def _split_bodies(text: str) -> tuple[str, ...]:
    compact = re.sub(r"\s+", "", text)
    found: list[str] = []
    while compact:
        for body in BODIES:
            if compact.startswith(body):
                found.append(body)
                compact = compact[len(body):]
                break
        else:
            return ()
    return tuple(found)


def parse_front_matter(lines: list[tuple[int, str]], source: str) -> tuple[FrontMatter, dict[int, str]]:
    """Parse the cover block. ``lines`` are (line number, raw text) of its non-blank lines.

    Returns the front matter and the role of each line, for the line accounting.
    """
    roles: dict[int, str] = {}
    raw_by_line = dict(lines)
    items = [(n, raw.strip()) for n, raw in lines]
    if not items:
        raise ParseError("the report has no cover block before its first section", source=source, line=1)
    i = 0

    def fail(msg: str) -> ParseError:
        n, text = items[min(i, len(items) - 1)]
        return ParseError(msg, source=source, line=n, text=text)

    bodies = _split_bodies(items[0][1])
    if not bodies:
        raise fail("expected the addressed bodies (e.g. 大会 安全理事会) on the first line")
    roles[items[0][0]] = "bodies"
    i = 1

    session = None
    if i < len(items) and (m := _SESSION.match(items[i][1])):
        session = chinese_numeral(m.group(1))
        roles[items[i][0]] = "session"
        i += 1

    numbers: list[int] = []
    if i < len(items) and (m := _AGENDA.match(items[i][1])):
        numbers = [int(x) for x in re.findall(r"\d+", m.group(1))]
        roles[items[i][0]] = "agenda-items"
        i += 1

    # Agenda-item titles run until the council-year line or the report title (the line before the
    # document-type line). A title ends on a line with a trailing space that does not end in
    # punctuation that must be followed by more text.
    doc_type_at = next((k for k in range(i, len(items)) if _DOC_TYPE.match(items[k][1])), None)
    if doc_type_at is None:
        raise fail("no document-type line (e.g. 秘书长的报告) in the cover block")
    year_at = next((k for k in range(i, doc_type_at) if _COUNCIL_YEAR.match(items[k][1])), None)
    titles_end = year_at if year_at is not None else doc_type_at - 1
    titles: list[str] = []
    current: list[str] = []
    for k in range(i, titles_end):
        n, text = items[k]
        raw = raw_by_line[n]
        roles[n] = "agenda-item-title"
        current.append(text)
        if raw != raw.rstrip() and not text.endswith(_OPEN_END):
            titles.append(join_lines(current))
            current = []
    if current:
        titles.append(join_lines(current))
    if len(titles) != len(numbers):
        raise fail(f"the cover lists {len(numbers)} agenda items but {len(titles)} agenda-item titles")
    agenda = tuple(AgendaItem(num, title) for num, title in zip(numbers, titles, strict=True))
    i = titles_end

    council_year = None
    if year_at is not None:
        m = _COUNCIL_YEAR.match(items[i][1])
        council_year = chinese_numeral(m.group(1)) if m else None
        roles[items[i][0]] = "council-year"
        i += 1

    if i != doc_type_at - 1:
        raise fail("expected exactly one title line before the document-type line")
    title = items[i][1]
    has_note = title.endswith("*")
    title = title.rstrip("*").strip()
    roles[items[i][0]] = "title"
    i += 1
    document_type = items[i][1]
    roles[items[i][0]] = "document-type"
    i += 1

    summary_parts: list[str] = []
    if i < len(items) and items[i][1] == _SUMMARY_HEADING:
        roles[items[i][0]] = "summary-heading"
        i += 1
        while i < len(items) and not _NOTE.match(items[i][1]):
            summary_parts.append(items[i][1])
            roles[items[i][0]] = "summary"
            i += 1

    note = None
    if i < len(items) and (m := _NOTE.match(items[i][1])):
        note_parts = [m.group(1)]
        roles[items[i][0]] = "title-note"
        i += 1
        while i < len(items):
            note_parts.append(items[i][1])
            roles[items[i][0]] = "title-note"
            i += 1
        note = join_lines(note_parts)
    if i < len(items):
        raise fail("unexpected line in the cover block")
    if has_note and note is None:
        raise ParseError("the title has a '*' note marker but the cover has no '*' note",
                         source=source, line=items[0][0])

    return FrontMatter(
        bodies=bodies,
        session=session,
        agenda_items=agenda,
        council_year=council_year,
        title=title,
        title_note=note,
        document_type=document_type,
        summary=join_lines(summary_parts),
    ), roles
