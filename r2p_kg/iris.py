"""Every IRI the graph mints, in one place.

Policy: one configurable base (default ``https://w3id.org/r2p/``); human-readable, stable paths under
``{base}id/``; report parts under their report's slug; named graphs under ``{base}graph/`` (one per
report, ``entities`` for the shared entities, ``ontology``). The
ontology is always ``https://w3id.org/r2p/ontology`` with hash terms, whatever the base. UN
documents get an IRI derived from their official symbol in the AKN4UN style
(``A/RES/60/1`` -> ``id/document/A-RES-60-1``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from .config import DEFAULT_BASE

# The vocabulary is fixed whatever the instance base, so data from any deployment shares one ontology.
ONTOLOGY = "https://w3id.org/r2p/ontology"
VOCAB = ONTOLOGY + "#"

# Pillars and crimes are individuals declared in the ontology, so their IRIs stay fixed whatever the
# instance base (like the vocabulary itself).
VOCAB_ID = "https://w3id.org/r2p/id/"

_SYMBOL_CHARS = re.compile(r"[/()\[\]\s]+")


def symbol_slug(symbol: str) -> str:
    """``S/RES/1674(2006)`` -> ``S-RES-1674-2006``: slashes and brackets become hyphens."""
    return _SYMBOL_CHARS.sub("-", symbol.strip()).strip("-")


@dataclass(frozen=True)
class Iris:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", self.base):
            from .errors import ConfigError
            raise ConfigError(f"base IRI must be an http(s) IRI ending in '/': {self.base!r}",
                              where="--base")

    ontology: ClassVar[str] = ONTOLOGY
    vocab: ClassVar[str] = VOCAB

    def graph(self, slug: str) -> str:
        """The named graph of one report: what is specific to it."""
        return f"{self.base}graph/{slug}"

    def entities_graph(self) -> str:
        """The named graph that describes the entities shared by reports, each once."""
        return f"{self.base}graph/entities"

    def report(self, slug: str) -> str:
        return f"{self.base}id/report/{slug}"

    def section(self, slug: str, number: int) -> str:
        return f"{self.report(slug)}/section/{number}"

    def subsection(self, slug: str, number: int, letter: str) -> str:
        return f"{self.section(slug, number)}/{letter}"

    def paragraph(self, slug: str, number: int) -> str:
        return f"{self.report(slug)}/paragraph/{number}"

    def footnote(self, slug: str, number: int) -> str:
        return f"{self.report(slug)}/footnote/{number}"

    def report_text(self, slug: str, language: str) -> str:
        """The report's text in one language: the expression of the report (a work)."""
        return f"{self.report(slug)}/text/{language}"

    def footnote_link(self, slug: str, number: int, index: int) -> str:
        """The ``index``-th web address printed in footnote ``number``."""
        return f"{self.footnote(slug, number)}/link/{index}"

    def agenda_item(self, slug: str, number: int) -> str:
        return f"{self.report(slug)}/agenda-item/{number}"

    def hyperlink(self, slug: str, page: int, index: int) -> str:
        return f"{self.report(slug)}/page/{page}/link/{index}"

    def document(self, symbol: str) -> str:
        return f"{self.base}id/document/{symbol_slug(symbol)}"

    def entity(self, kind: str, slug: str) -> str:
        return f"{self.base}id/{kind}/{slug}"

    # Shared entities: the same IRI in every report's graph; each kind's scheme is in data/kinds.csv
    # (r2p_kg/kinds.py, graph.entity_iri).
    def instrument(self, key: str) -> str:
        return self.entity("instrument", key)

    @staticmethod
    def pillar(number: int | str) -> str:
        return f"{VOCAB_ID}pillar/{number}"

    @staticmethod
    def crime(key: str) -> str:
        return f"{VOCAB_ID}crime/{key}"

    # Report-specific facts.
    def statistic(self, slug: str, number: int) -> str:
        return f"{self.report(slug)}/statistic/{number}"

    @staticmethod
    def mention(passage: str, number: int) -> str:
        """``{paragraph or footnote IRI}/mention/{k}``; its parts add ``/target``, ``/position``, ``/quote``."""
        return f"{passage}/mention/{number}"
