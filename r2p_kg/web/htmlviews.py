"""Pages for people of the endpoint's own answers: the dumps' index, VoID, the service description and
errors. The endpoint states what to show as plain data (:class:`View`: tables of cells); an extension
(the linked-data pages) may register a renderer that draws it in the site's layout. Without one, or
when that renderer fails, a small escaped page is drawn here.

Words are keys (``"dumps"``, ``"col_file"``): a renderer translates them; the fallback uses ``ENGLISH``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

from flask import Flask, current_app

log = logging.getLogger(__name__)

EXT = "r2p_html_views"
Renderer = Callable[["View"], str]

ENGLISH: dict[str, str] = {
    "dumps": "Downloads", "dumps_text": "The built dataset's files, with their sizes and SHA-256 checksums.",
    "void": "VoID description of the dataset", "void_text": "What the dataset holds, as VoID states it.",
    "service": "SPARQL service description", "service_text": "What this SPARQL endpoint offers.",
    "endpoint_index": "r2p-kg SPARQL endpoint", "links": "URLs", "col_url": "URL", "col_about": "what",
    "error": "Error", "files": "Files", "about_dataset": "The dataset",
    "checksums_note": "Check a download with sha256sum -c SHA256SUMS.",
    "source_license": "licence of the report's text", "license": "licence of the graph",
    "col_sha256": "SHA-256", "col_bytes": "bytes", "col_media_type": "media type",
}


@dataclass(frozen=True)
class Cell:
    """One value: text, a link, or a term of the graph (``iri``) that a renderer may label; with
    ``word`` the text is a word key to translate."""

    text: str
    href: str = ""
    iri: str = ""
    num: bool = False
    word: bool = False


@dataclass(frozen=True)
class Table:
    title: str  # a word key
    columns: tuple[str, ...]  # word keys
    rows: Sequence[tuple[Cell, ...]]
    note: str = ""  # a word key, shown under the title


@dataclass
class View:
    """A page's content: a title and lead (word keys), tables, and the same answer as RDF."""

    name: str  # "dumps", "void", "service", "index", "error"
    title: str
    lead: str = ""
    tables: list[Table] = field(default_factory=list)
    formats: list[tuple[str, str]] = field(default_factory=list)  # (name, href) of the RDF forms
    source: str = ""  # the RDF itself (Turtle), shown folded away
    examples: list[tuple[str, str]] = field(default_factory=list)  # (name, code) of ways to use it
    status: int = 200
    message: str = ""  # an error's message
    path: str = ""  # the path an error is about


def register(app: Flask, renderer: Renderer) -> None:
    """Draw the endpoint's pages with ``renderer`` (the site's layout)."""
    app.extensions[EXT] = renderer


def render(view: View) -> str:
    """The page for ``view``: the registered renderer's, else (or if it fails) the plain one."""
    renderer = current_app.extensions.get(EXT)
    if renderer is not None:
        try:
            return renderer(view)
        except Exception:  # a page must still be answered: the plain one says the same
            log.exception("the %s page could not be drawn in the site's layout", view.name)
    return plain(view)


def word(key: str) -> str:
    return ENGLISH.get(key, key.removeprefix("col_").replace("_", " "))


def plain(view: View) -> str:
    """A minimal page: every value escaped."""
    def cell(c: Cell) -> str:
        href = c.href or c.iri
        text = escape(word(c.text) if c.word else c.text)
        return f"<a href='{escape(href)}'>{text}</a>" if href else text

    parts = [f"<h1>{escape(word(view.title))}</h1>"]
    if view.lead:
        parts.append(f"<p>{escape(word(view.lead))}</p>")
    if view.message:
        parts.append(f"<pre>{escape(view.message)}</pre>")
    for t in view.tables:
        head = "".join(f"<th>{escape(word(c))}</th>" for c in t.columns)
        body = "".join("<tr>" + "".join(f"<td>{cell(c)}</td>" for c in row) + "</tr>" for row in t.rows)
        parts.append(f"<h2>{escape(word(t.title))}</h2><table><tr>{head}</tr>{body}</table>")
    if view.formats:
        parts.append("<p>Also as: " + " · ".join(f"<a href='{escape(h)}'>{escape(n)}</a>" for n, h in view.formats)
                     + "</p>")
    for name, code in view.examples:
        parts.append(f"<h2>{escape(name)}</h2><pre>{escape(code)}</pre>")
    if view.source:
        parts.append(f"<pre>{escape(view.source)}</pre>")
    title = f"{view.status} {word(view.title)}" if view.status >= 400 else word(view.title)
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"</head><body>{''.join(parts)}<p><a href='/'>r2p-kg</a></p></body></html>")
