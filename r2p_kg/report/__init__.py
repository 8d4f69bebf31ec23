"""Source text -> document model. Knows nothing of RDF."""

from .model import (
    AgendaItem,
    Footnote,
    FootnoteMarker,
    FrontMatter,
    Hyperlink,
    LineKind,
    Paragraph,
    Report,
    Section,
    SourceLine,
    Subsection,
)
from .parser import parse_report, read_report, slug_for

__all__ = ["AgendaItem", "Footnote", "FootnoteMarker", "FrontMatter", "Hyperlink", "LineKind",
           "Paragraph", "Report", "Section", "SourceLine", "Subsection", "parse_report", "read_report",
           "slug_for"]
