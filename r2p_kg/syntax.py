"""SPARQL syntax errors that say where: the line, the column, the text there and a caret under it.

Oxigraph reports ``error at LINE:COLUMN: expected one of A, B, [_]``: the furthest point its parser
reached and the grammar's expectations there, some of them internal (``[_]``). :func:`explain` turns
that into a message a person can act on; the position is Oxigraph's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AT = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.S)
_WINDOW = 60  # characters of the line shown on each side of a long line's error


@dataclass(frozen=True)
class SyntaxPosition:
    """Where a query fails to parse (1-based), and the explained message."""

    line: int
    column: int
    message: str


def explain(text: str, message: str) -> SyntaxPosition | None:
    """The parser's ``message`` about ``text`` with the offending line and a caret; ``None`` when the
    message carries no position."""
    m = _AT.match(message.strip())
    if not m:
        return None
    line, column = int(m.group(1)), int(m.group(2))
    lines = text.split("\n")
    source = lines[line - 1].rstrip("\r") if 0 < line <= len(lines) else ""
    if not source.strip() and line >= len(lines):  # past the last line: show where the text ends
        line = max((i for i, ln in enumerate(lines, 1) if ln.strip()), default=1)
        source = lines[line - 1].rstrip("\r")
        column = len(source) + 1
    column = min(max(column, 1), len(source) + 1)
    token = re.match(r"\S+", source[column - 1:])
    last = line >= max((i for i, ln in enumerate(lines, 1) if ln.strip()), default=1)
    where = f'at "{token.group(0)[:30]}"' if token else (
        "at the end of the query" if last else "at the end of the line")
    start = max(column - 1 - _WINDOW, 0)
    shown = source[start:column - 1 + _WINDOW]
    prefix = "…" if start else ""
    suffix = "…" if len(source) > column - 1 + _WINDOW else ""
    caret = " " * (len(prefix) + column - 1 - start) + "^"
    out = [f"the query does not parse at line {line}, column {column} ({where}):",
           f"  {prefix}{shown}{suffix}", f"  {caret}"]
    expected = _expected(m.group(3))
    if expected:
        out.append(expected)
    return SyntaxPosition(line, column, "\n".join(out))


def _expected(detail: str) -> str:
    m = re.match(r"expected one of (.*)$", detail.strip(), re.S)
    if not m:
        return f"the parser {detail.strip()}" if detail.strip() else ""
    options = [o.strip() for o in m.group(1).split(",")]
    named = [o for o in options if o and not o.startswith("[")]
    if not named:
        return ""
    more = " or another term" if len(named) < len(options) else ""
    if len(named) > 8:
        named, more = named[:8], f", … ({len(options) - 8} more)"
    return f"the parser expected {', '.join(named)}{more}"
