"""English readings of a report: read ``data/translations/{slug}.en.tsv`` and check it against the
document model.

A translation file is UTF-8 text: ``# key: value`` header lines (``notice``, ``report``, ``language``
and ``translator`` are required), then a ``kind<TAB>number<TAB>text`` header row and one row per unit
of the report. Units are keyed as in the document model: ``title 1``, ``title-note 1``, ``summary 1``,
``section 2``, ``subsection 2.A``, ``paragraph 21``, ``footnote 24``. The check wants exactly one
text per unit of the report, no other row, and every number, document symbol and URL of the Chinese
unit in its English text, so that a mis-keyed or truncated row is caught. Errors name the file and line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..config import DATA_DIR
from ..errors import TranslationError
from .model import Report

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = DATA_DIR / "translations"
KINDS = ("title", "title-note", "summary", "section", "subsection", "paragraph", "footnote")
REQUIRED_HEADERS = ("notice", "report", "language", "translator")
COLUMNS = ["kind", "number", "text"]

_HEADER = re.compile(r"^#\s*([a-z][a-z-]*)\s*:\s*(.*?)\s*$")
_SUBSECTION_KEY = re.compile(r"^[1-9][0-9]*\.[A-Z]$")
_NUMBER_KEY = re.compile(r"^[1-9][0-9]*$")


@dataclass(frozen=True)
class Translation:
    """One report's translation: its header facts and the text of each unit, keyed (kind, number)."""

    report: str
    language: str
    notice: str
    translator: str
    file: str                                   # the file's name, for messages
    units: Mapping[tuple[str, str], str]
    lines: Mapping[tuple[str, str], int] = field(repr=False, default_factory=dict)
    headers: Mapping[str, str] = field(repr=False, default_factory=dict)

    def text(self, kind: str, number: int | str) -> str | None:
        return self.units.get((kind, str(number)))

    def paragraph(self, number: int) -> str | None:
        return self.text("paragraph", number)

    def footnote(self, number: int) -> str | None:
        return self.text("footnote", number)

    def section(self, number: int) -> str | None:
        return self.text("section", number)

    def subsection(self, number: int, letter: str) -> str | None:
        return self.text("subsection", f"{number}.{letter}")


def translation_path(slug: str, language: str = "en", folder: Path | None = None) -> Path:
    """Where the translation of report ``slug`` into ``language`` lives."""
    return (folder or TRANSLATIONS_DIR) / f"{slug}.{language}.tsv"


def read_translation(path: str | Path) -> Translation:
    """Parse a translation file; raises :class:`TranslationError` naming the file and line."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TranslationError(f"cannot read the translation: {exc.strerror or exc}", where=name) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = raw[:exc.start].count(b"\n") + 1
        raise TranslationError("not UTF-8 text", where=f"{name}:{at}") from None
    headers: dict[str, str] = {}
    units: dict[tuple[str, str], str] = {}
    lines: dict[tuple[str, str], int] = {}
    seen_columns = False
    for number, line in enumerate(text.split("\n"), start=1):
        where = f"{name}:{number}"
        if line.endswith("\r"):
            line = line[:-1]
        if not line.strip():
            continue
        if line.startswith("#"):
            m = _HEADER.match(line)
            if m and not seen_columns:
                if m.group(1) in headers:
                    raise TranslationError(f"header {m.group(1)!r} given twice", where=where)
                headers[m.group(1)] = m.group(2)
            continue
        cells = line.split("\t")
        if not seen_columns:
            if cells != COLUMNS:
                raise TranslationError(f"expected the column row {'<TAB>'.join(COLUMNS)!r}, found {line[:60]!r}",
                                       where=where)
            seen_columns = True
            continue
        if len(cells) != 3:
            raise TranslationError(f"expected 3 tab-separated cells (kind, number, text), found {len(cells)}",
                                   where=where)
        kind, key, value = cells
        _check_key(kind, key, where)
        if not value.strip() or value != value.strip():
            raise TranslationError(f"{kind} {key}: the text is empty or has surrounding spaces", where=where)
        if (kind, key) in units:
            raise TranslationError(f"{kind} {key} is given twice (first on line {lines[(kind, key)]})",
                                   where=where)
        units[(kind, key)] = value
        lines[(kind, key)] = number
    missing = [h for h in REQUIRED_HEADERS if not headers.get(h)]
    if missing:
        raise TranslationError(f"missing header line(s) {', '.join('# ' + h + ': …' for h in missing)}",
                               where=f"{name}:1")
    if not seen_columns:
        raise TranslationError("no column row and no units", where=name)
    return Translation(report=headers["report"], language=headers["language"], notice=headers["notice"],
                       translator=headers["translator"], file=name, units=units, lines=lines, headers=headers)


def _check_key(kind: str, key: str, where: str) -> None:
    if kind not in KINDS:
        raise TranslationError(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})", where=where)
    pattern = _SUBSECTION_KEY if kind == "subsection" else _NUMBER_KEY
    if not pattern.match(key):
        form = "a section number, a dot and a letter, e.g. 2.A" if kind == "subsection" else "a positive integer"
        raise TranslationError(f"{kind}: bad number {key!r}, expected {form}", where=where)


def source_units(report: Report) -> Iterator[tuple[tuple[str, str], str]]:
    """Every translatable unit of a report with its Chinese text, in document order."""
    fm = report.front_matter
    yield ("title", "1"), fm.title
    if fm.title_note:
        yield ("title-note", "1"), fm.title_note
    if fm.summary:
        yield ("summary", "1"), fm.summary
    for sec in report.sections:
        yield ("section", str(sec.number)), sec.title
        for sub in sec.subsections:
            yield ("subsection", f"{sec.number}.{sub.letter}"), sub.title
    for para in report.paragraphs:
        yield ("paragraph", str(para.number)), para.text
    for note in report.footnotes:
        yield ("footnote", str(note.number)), note.text


def check_translation(translation: Translation, report: Report) -> None:
    """Raise :class:`TranslationError` unless ``translation`` has exactly one text for every unit of
    ``report`` and keeps every number, symbol and URL of each Chinese unit."""
    name = translation.file
    if translation.report != report.slug:
        raise TranslationError(f"the header says report {translation.report!r}, but the report is "
                               f"{report.slug!r}", where=name)
    expected = dict(source_units(report))
    extra = [k for k in translation.units if k not in expected]
    if extra:
        kind, key = min(extra, key=lambda k: translation.lines.get(k, 0))
        raise TranslationError(f"{kind} {key} is not a unit of report {report.slug}",
                               where=f"{name}:{translation.lines.get((kind, key), 0)}")
    missing = [k for k in expected if k not in translation.units]
    if missing:
        listed = ", ".join(f"{k} {n}" for k, n in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise TranslationError(f"{len(missing)} unit(s) of report {report.slug} have no text: {listed}",
                               where=name)
    for unit, source in expected.items():
        lost = lost_tokens(source, translation.units[unit])
        if lost:
            raise TranslationError(f"{unit[0]} {unit[1]}: the English text lacks {', '.join(lost)} of the "
                                   f"Chinese text (a mis-keyed or truncated row?)",
                                   where=f"{name}:{translation.lines.get(unit, 0)}")


def load_translation(report: Report, language: str = "en", folder: Path | None = None) -> Translation | None:
    """The checked translation of ``report`` into ``language``, or None when there is no file for it."""
    path = translation_path(report.slug, language, folder)
    if not path.exists():
        log.info("report %s: no %s translation (%s)", report.slug, language, path.name)
        return None
    translation = read_translation(path)
    if translation.language != language:
        raise TranslationError(f"the header says language {translation.language!r}, the file name "
                               f"{language!r}", where=path.name)
    check_translation(translation, report)
    return translation


# --- numbers, symbols and URLs that must survive translation ---------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
# UN document symbols and case numbers: capitals, then slash-separated parts (A/78/901-S/2024/434,
# A/HRC/EMRIP/2009/6, E/CN.4/Sub.2/1997/20/Rev.1, ICC-01/19) and resolution numbers (75/277).
_SYMBOL = re.compile(r"\b[A-Z][A-Za-z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+|(?<![\w/])\d+/\d+(?![\w/])")
_ZH_NUMBER = re.compile(r"(\d{1,3}(?: \d{3})+|\d+(?:\.\d+)?)\s*(万|亿|月)?")
_EN_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(million|billion))?")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_EN_MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\b")
_SCALE = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "million": Decimal(1_000_000),
          "billion": Decimal(1_000_000_000)}


def _values(text: str, pattern: re.Pattern[str], thousands: str) -> list[str]:
    out = []
    for m in pattern.finditer(text):
        digits, unit = m.group(1), m.group(2)
        if unit == "月":
            out.append(f"month {int(digits)}")
            continue
        try:
            value = Decimal(digits.replace(thousands, "")) * _SCALE.get(unit or "", Decimal(1))
        except InvalidOperation:
            continue
        out.append(str(int(value)) if value == value.to_integral() else str(value.normalize()))
    return out


def lost_tokens(zh: str, en: str) -> list[str]:
    """The URLs, symbols and numbers of ``zh`` that ``en`` does not keep (quoted, in order)."""
    lost: list[str] = []
    urls = _URL.findall(zh)
    for url in urls:
        if url not in en:
            lost.append(f"URL {url!r}")
    rest_zh, rest_en = _URL.sub(" ", zh), _URL.sub(" ", en)
    for symbol in _SYMBOL.findall(rest_zh):
        if symbol not in rest_en:
            lost.append(f"symbol {symbol!r}")
    en_values = _values(rest_en, _EN_NUMBER, ",")
    en_values += [f"month {_MONTHS.index(m.lower()) + 1}" for m in _EN_MONTH.findall(rest_en)]
    for value in dict.fromkeys(_values(rest_zh, _ZH_NUMBER, " ")):
        if value not in en_values:
            lost.append(f"number {value!r}" if not value.startswith("month") else value)
    return lost
