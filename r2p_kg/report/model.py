"""The document model of a report: plain, immutable data that knows nothing of RDF.

Paragraph and footnote texts are canonical: later stages record mentions as character offsets into
them, so the parser must produce the same text for the same input, always.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class LineKind(enum.StrEnum):
    """What a line of the source text is. Every line of the input gets exactly one kind."""

    BLANK = "blank"
    FRONT_MATTER = "front-matter"
    SECTION_HEADING = "section-heading"
    SUBSECTION_HEADING = "subsection-heading"
    PARAGRAPH = "paragraph"
    SEPARATOR = "separator"
    FOOTNOTE = "footnote"
    LINK = "link"
    FURNITURE = "furniture"


@dataclass(frozen=True)
class SourceLine:
    """One line of the input: its 1-based number, raw text, page and what the parser made of it."""

    number: int
    text: str
    page: int
    kind: LineKind
    role: str = ""  # finer detail, e.g. "summary", "continuation", "agenda-item-title"


@dataclass(frozen=True)
class FootnoteMarker:
    """A footnote marker removed from a paragraph: footnote number and offset into the clean text."""

    footnote: int
    offset: int


@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str


@dataclass(frozen=True)
class FrontMatter:
    bodies: tuple[str, ...]          # Chinese names, e.g. ("大会", "安全理事会")
    session: int | None              # General Assembly session, e.g. 79
    agenda_items: tuple[AgendaItem, ...]
    council_year: int | None         # "第八十年": the Security Council's 80th year
    title: str
    title_note: str | None           # the text of the "*" note on the title
    document_type: str               # e.g. "秘书长的报告"
    summary: str


@dataclass(frozen=True)
class Subsection:
    section: int
    letter: str
    title: str
    line: int


@dataclass(frozen=True)
class Section:
    number: int
    numeral: str                     # "一", "二", ...
    title: str
    line: int
    subsections: tuple[Subsection, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    number: int
    section: int
    subsection: str | None
    text: str
    markers: tuple[FootnoteMarker, ...]
    lines: tuple[int, ...]
    pages: tuple[int, ...]

    @property
    def footnotes(self) -> tuple[int, ...]:
        return tuple(m.footnote for m in self.markers)


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    cited_by: int                    # number of the paragraph whose marker cites it
    ibid_of: int | None              # 同上: the footnote whose source this one repeats
    lines: tuple[int, ...]
    pages: tuple[int, ...]


@dataclass(frozen=True)
class Hyperlink:
    url: str
    page: int
    line: int
    local: bool                      # a file:/// link left by the authors' word processor


@dataclass(frozen=True)
class Report:
    slug: str
    source: str
    front_matter: FrontMatter
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    links: tuple[Hyperlink, ...]
    lines: tuple[SourceLine, ...] = field(repr=False)

    @property
    def pages(self) -> int:
        return max((ln.page for ln in self.lines), default=0)

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]

    def footnote(self, number: int) -> Footnote:
        return self.footnotes[number - 1]

    def line_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for ln in self.lines:
            counts[ln.kind.value] = counts.get(ln.kind.value, 0) + 1
        return counts
