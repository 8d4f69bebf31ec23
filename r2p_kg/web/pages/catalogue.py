"""The competency questions in ``queries/*.rq`` as named examples for the query page.

Each file starts with comment lines that state the question in English and Chinese, marked
``# Question (en): …`` and ``# 问题 (zh): …``. Without such markers, the first line with Chinese
characters is taken as the Chinese question and the first other line as the English one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ...config import QUERIES_DIR
from ...formats import SYNTAXES
from ...namespaces import DATA_PREFIXES

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff]")
_MARKED = re.compile(r"^(?:question|q|问题)?\s*[(（]?(?P<lang>en|zh)[)）]?\s*[:：]\s*(?P<text>.+)$", re.I)

# What the endpoint offers, as (format= value, label): SELECT/ASK results, then CONSTRUCT/DESCRIBE graphs.
RESULT_FORMATS: tuple[tuple[str, str], ...] = (
    ("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"))
# The query page's result views (its YASR plugins) that a shared link can name: /query?query=…&view=chart.
RESULT_VIEWS: tuple[str, ...] = ("table", "chart", "map", "response")
GRAPH_FORMATS: tuple[tuple[str, str], ...] = tuple((s.name, s.title) for s in SYNTAXES)  # r2p_kg/formats.py
_FORM = re.compile(r"^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*|#[^\n]*\n\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


def query_form(text: str) -> str:
    """``select``, ``ask``, ``construct`` or ``describe`` (``select`` when it cannot tell)."""
    m = _FORM.match(text)
    return m.group(1).lower() if m else "select"


def download_formats(text: str) -> tuple[tuple[str, str], ...]:
    """The formats a query's answer can be downloaded in."""
    return GRAPH_FORMATS if query_form(text) in ("construct", "describe") else RESULT_FORMATS

DEFAULT_QUERY = """PREFIX r2p: <https://w3id.org/r2p/ontology#>
# Every paragraph of the report with its number
SELECT ?paragraph ?n ?text WHERE {
  ?paragraph a r2p:Paragraph ; r2p:number ?n ; r2p:text ?text .
} ORDER BY ?n LIMIT 100
"""


@dataclass(frozen=True)
class Example:
    name: str
    en: str
    zh: str
    text: str

    @property
    def formats(self) -> tuple[tuple[str, str], ...]:
        return download_formats(self.text)

    def title(self, lang: str) -> str:
        return (self.zh if lang == "zh" else self.en) or self.en or self.zh or self.name


def parse(name: str, text: str) -> Example:
    """The question in both languages from the file's leading comment."""
    marked: dict[str, str] = {}
    guessed: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        words = stripped.lstrip("#").strip()
        m = _MARKED.match(words)
        if m:
            marked.setdefault(m["lang"].lower(), m["text"].strip())
        elif words:
            guessed.setdefault("zh" if _CJK.search(words) else "en", words)
    return Example(name, marked.get("en") or guessed.get("en", ""), marked.get("zh") or guessed.get("zh", ""), text)


def examples(folder: Path = QUERIES_DIR) -> list[Example]:
    """All example queries, sorted by file name; unreadable files are skipped with a warning."""
    out = []
    for path in sorted(folder.glob("*.rq")):
        try:
            out.append(parse(path.stem, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("skipping example query %s: %s", path, exc)
    return out


def vocabulary(statistics: dict) -> dict:
    """What the editor completes, from this server only: the project's prefixes, and the classes and
    properties the dataset uses (from its VoID statistics), most used first."""
    def ranked(key: str) -> list[str]:
        return [iri for iri, _ in sorted(statistics.get(key) or (), key=lambda kv: (-kv[1], kv[0]))]
    return {"prefixes": dict(DATA_PREFIXES), "classes": ranked("classes"), "properties": ranked("properties")}
