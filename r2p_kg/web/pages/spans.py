"""Cut a passage's text into pieces for display: plain runs, highlighted mentions, footnote markers.

Offsets are Python string indices (code points) into the canonical ``r2p:text``, as recorded by the
extraction. Overlapping mentions cannot both be drawn as one run of text: the longer (then earlier)
one wins and the other is still listed on the entity's page. Templates escape every piece.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    href: str
    title: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Marker:
    offset: int
    href: str
    label: str


@dataclass(frozen=True)
class Piece:
    """``kind`` is 'text', 'mark' (a highlighted span) or 'note' (a footnote marker)."""

    kind: str
    text: str
    href: str = ""
    title: str = ""
    css: str = ""


def pieces(text: str, spans: list[Span], markers: list[Marker] = ()) -> list[Piece]:  # type: ignore[assignment]
    """Plain text, marks and markers in reading order; spans outside the text are dropped."""
    chosen: list[Span] = []
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not 0 <= s.start < s.end <= len(text):
            continue
        if all(s.end <= c.start or s.start >= c.end for c in chosen):
            chosen.append(s)
    chosen.sort(key=lambda s: s.start)
    # A marker inside a highlighted span is shown right after it.
    placed: list[tuple[int, Marker]] = []
    for m in markers:
        pos = max(0, min(m.offset, len(text)))
        for c in chosen:
            if c.start < pos < c.end:
                pos = c.end
        placed.append((pos, m))
    placed.sort(key=lambda pm: (pm[0], pm[1].label))

    out: list[Piece] = []
    cursor = 0
    events = sorted([(c.start, 1, c) for c in chosen] + [(p, 0, m) for p, m in placed],
                    key=lambda e: (e[0], e[1]))
    for pos, _, item in events:
        if pos > cursor:
            out.append(Piece("text", text[cursor:pos]))
            cursor = pos
        if isinstance(item, Marker):
            out.append(Piece("note", item.label, item.href, item.label))
        else:
            out.append(Piece("mark", text[item.start:item.end], item.href, item.title, item.kind))
            cursor = item.end
    if cursor < len(text):
        out.append(Piece("text", text[cursor:]))
    return out
