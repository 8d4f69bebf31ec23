"""Citations of a paragraph, footnote, report or entity: plain text, BibTeX, CSL-JSON and RIS.

:func:`citation` reads what a citation needs from the graph (the report's titles in zh and en, its
date, session and symbol when the graph has one, the passage's number, the stable IRI); the
``as_*`` functions write it out. Nothing is invented: a fact the graph lacks (the report's official
symbol is not printed in its text) is left out of every format.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pyoxigraph as ox

from ...iris import VOCAB
from ...namespaces import DCT
from .data import Dataset, Labels

AUTHOR = "United Nations Secretary-General"
PUBLISHER = "United Nations"
GENRE = "Report of the Secretary-General"
SITE = "R2P Knowledge Graph"
SITE_AUTHOR = "r2p-kg project"
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
_PASSAGE = re.compile(r"^id/report/(?P<slug>[^/]+)(?:/(?P<kind>paragraph|footnote|section)/(?P<n>\d+)"
                      r"(?:/(?P<letter>[A-Z]))?)?$")


@dataclass(frozen=True)
class Citation:
    """What any format needs. ``kind``: paragraph, footnote, section, report or entity."""

    iri: str
    kind: str
    key: str  # a BibTeX key: letters, digits and hyphens
    title_en: str = ""
    title_zh: str = ""
    year: int | None = None
    month: int | None = None
    session: str = ""
    symbol: str = ""
    number: int | None = None
    letter: str = ""  # a subsection's letter (section 2.A)
    label_en: str = ""  # an entity's names
    label_zh: str = ""

    @property
    def locator(self) -> str:
        """``paragraph 14`` / ``footnote 33`` / ``section 2.A`` / ''."""
        if self.number is None:
            return ""
        return f"{self.kind} {self.number}" + (f".{self.letter}" if self.letter else "")


def citation(ds: Dataset, iri: str, labels: Labels) -> Citation | None:
    """The citation of ``iri``, or None when it is neither a report, a passage nor a described entity."""
    if not iri.startswith(ds.base) or not ds.exists(ox.NamedNode(iri)):
        return None
    rest = iri[len(ds.base):]
    m = _PASSAGE.match(rest)
    if m is None:
        names = labels.of(iri)
        if not names:
            return None
        key = "r2p-" + re.sub(r"[^A-Za-z0-9]+", "-", rest.removeprefix("id/")).strip("-")
        return Citation(iri, "entity", key, label_en=names.get("en", ""), label_zh=names.get("zh", ""))
    report = ds.base + "id/report/" + m["slug"]
    facts = _report_facts(ds, report)
    if facts is None:
        return None
    kind = m["kind"] or "report"
    number = int(m["n"]) if m["n"] else None
    key = f"r2p-{m['slug']}" + (f"-{kind[0]}{number}{m['letter'] or ''}" if number is not None else "")
    return Citation(iri, kind, re.sub(r"[^A-Za-z0-9-]+", "-", key), number=number, letter=m["letter"] or "",
                    **facts)


def _report_facts(ds: Dataset, report: str) -> dict | None:
    node = ox.NamedNode(report)
    triples = ds.triples(node)
    if not triples:
        return None
    facts: dict = {"title_en": "", "title_zh": "", "year": None, "month": None, "session": "", "symbol": ""}
    for t in triples:
        prop, obj = t.predicate.value, t.object
        if not isinstance(obj, ox.Literal):
            continue
        if prop == DCT + "title" and obj.language in ("en", "zh"):
            facts["title_" + obj.language] = obj.value
        elif prop == DCT + "issued":
            found = re.match(r"^(\d{4})(?:-(\d{2}))?", obj.value)
            if found:
                facts["year"] = int(found[1])
                facts["month"] = int(found[2]) if found[2] else None
        elif prop == VOCAB + "session":
            facts["session"] = obj.value
        elif prop == VOCAB + "symbol":
            facts["symbol"] = obj.value
    return facts


def _ordinal(n: str) -> str:
    if not n.isdigit():
        return n
    suffix = "th" if 10 <= int(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(int(n) % 10, "th")
    return n + suffix


def _date_en(c: Citation) -> str:
    return " ".join(x for x in ((MONTH_NAMES[c.month - 1] if c.month else ""), str(c.year or "")) if x)


def as_text(c: Citation, lang: str = "en") -> str:
    """One line, in English or (``lang='zh'``) in Chinese."""
    if c.kind == "entity":
        if lang == "zh":
            return f"“{c.label_zh or c.label_en}”，{SITE}（{SITE_AUTHOR}）。{c.iri}"
        return f"“{c.label_en or c.label_zh}”. In {SITE} ({SITE_AUTHOR}). {c.iri}"
    if lang == "zh":
        parts = [f"联合国秘书长：《{c.title_zh or c.title_en}》", "秘书长的报告"]
        if c.session:
            parts.append(f"大会第 {c.session} 届会议")
        if c.symbol:
            parts.append(c.symbol)
        if c.year:
            parts.append(f"{c.year} 年" + (f" {c.month} 月" if c.month else ""))
        if c.number is not None:
            parts.append({"paragraph": f"第 {c.number} 段", "footnote": f"脚注 {c.number}"}.get(
                c.kind, f"第 {c.number} 节" + (f" {c.letter}" if c.letter else "")))
        return "，".join(parts) + f"。{c.iri}"
    parts = [f"{AUTHOR}. “{c.title_en or c.title_zh}”" + (f" [{c.title_zh}]" if c.title_en and c.title_zh else ""),
             GENRE]
    if c.session:
        parts.append(f"General Assembly, {_ordinal(c.session)} session")
    if c.symbol:
        parts.append(c.symbol)
    if c.year:
        parts.append(_date_en(c))
    if c.locator:
        parts.append(c.locator)
    return ", ".join(parts) + f". Chinese text. {c.iri}"


def _tex(value: str) -> str:
    """A BibTeX field value: TeX's special characters escaped, braces balanced."""
    out = []
    for ch in value:
        if ch == "\\":
            out.append(r"\textbackslash{}")
        elif ch in "{}%&$#_":
            out.append("\\" + ch)
        elif ch == "~":
            out.append(r"\textasciitilde{}")
        elif ch == "^":
            out.append(r"\textasciicircum{}")
        else:
            out.append(ch)
    return "".join(out)


def as_bibtex(c: Citation) -> str:
    """One BibTeX entry: ``@techreport`` for a report or its passages, ``@misc`` for an entity."""
    fields: list[tuple[str, str]] = []  # (name, value as written: braced, or a bare month macro)
    if c.kind == "entity":
        kind = "misc"
        fields += [("author", "{{" + _tex(SITE_AUTHOR) + "}}"), ("title", "{" + _tex(c.label_en or c.label_zh) + "}"),
                   ("howpublished", "{" + _tex(SITE) + "}")]
        if c.label_en and c.label_zh:
            fields.append(("note", "{" + _tex("Chinese name: " + c.label_zh) + "}"))
    else:
        kind = "techreport"
        fields += [("author", "{{" + _tex(AUTHOR) + "}}"), ("title", "{" + _tex(c.title_en or c.title_zh) + "}"),
                   ("institution", "{" + _tex(PUBLISHER) + "}"), ("type", "{" + _tex(GENRE) + "}")]
        if c.symbol:
            fields.append(("number", "{" + _tex(c.symbol) + "}"))
        if c.year:
            fields.append(("year", "{" + str(c.year) + "}"))
            if c.month:
                fields.append(("month", MONTHS[c.month - 1]))
        note = []
        if c.locator:
            note.append(c.locator.capitalize() + ".")
        if c.session:
            note.append(f"General Assembly, {_ordinal(c.session)} session.")
        if c.title_zh:
            note.append("Chinese text: " + c.title_zh + ".")
        if note:
            fields.append(("note", "{" + _tex(" ".join(note)) + "}"))
        fields.append(("language", "{chinese}"))
    fields.append(("url", "{" + c.iri + "}"))  # an IRI has no braces, spaces or backslashes
    return f"@{kind}{{{c.key},\n" + ",\n".join(f"  {name} = {value}" for name, value in fields) + "\n}\n"


def as_csl(c: Citation) -> str:
    """A CSL-JSON array holding one item."""
    item: dict = {"id": c.iri, "URL": c.iri}
    if c.kind == "entity":
        item.update({"type": "dataset", "title": c.label_en or c.label_zh, "container-title": SITE,
                     "author": [{"literal": SITE_AUTHOR}]})
        if c.label_zh and c.label_en:
            item["note"] = "Chinese name: " + c.label_zh
    else:
        item.update({"type": "report", "title": c.title_en or c.title_zh, "author": [{"literal": AUTHOR}],
                     "publisher": PUBLISHER, "genre": GENRE, "language": "zh"})
        if c.symbol:
            item["number"] = c.symbol
        if c.year:
            item["issued"] = {"date-parts": [[c.year] + ([c.month] if c.month else [])]}
        if c.locator:
            item["section"] = c.locator
        if c.title_zh:
            item["note"] = "Chinese text: " + c.title_zh
    return json.dumps([item], ensure_ascii=False, indent=1) + "\n"


def as_ris(c: Citation) -> str:
    """RIS tagged lines (``TY`` first, ``ER`` last)."""
    def tag(name: str, value: str) -> str:
        return f"{name}  - {' '.join(value.split())}"
    if c.kind == "entity":
        lines = [tag("TY", "ELEC"), tag("AU", SITE_AUTHOR), tag("TI", c.label_en or c.label_zh), tag("T2", SITE)]
        if c.label_en and c.label_zh:
            lines.append(tag("N1", "Chinese name: " + c.label_zh))
    else:
        lines = [tag("TY", "RPRT"), tag("AU", AUTHOR), tag("TI", c.title_en or c.title_zh), tag("PB", PUBLISHER),
                 tag("M3", GENRE)]
        if c.title_zh:
            lines.append(tag("TT", c.title_zh))
        if c.symbol:
            lines.append(tag("SN", c.symbol))
        if c.year:
            lines.append(tag("PY", str(c.year)))
            lines.append(tag("DA", f"{c.year}/{c.month:02d}//" if c.month else f"{c.year}///"))
        if c.locator:
            lines.append(tag("N1", c.locator.capitalize()))
        lines.append(tag("LA", "zh"))
    lines += [tag("UR", c.iri), "ER  - "]
    return "\r\n".join(lines) + "\r\n"
