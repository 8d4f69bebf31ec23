"""The curated names in ``data/gazetteer/`` loaded into one read-only object.

Knowledge lives in the CSV files (every row names its source); this module only reads them and
fails loudly, naming file and row, when a row is malformed. What the ontology says is read from it
(``r2p_kg.ontology``), never restated here: the crimes and pillars with their labels, and the classes
a row may give.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..config import GAZETTEER_DIR, ONTOLOGY_FILE
from ..errors import ConfigError
from ..iris import VOCAB, Iris
from ..kinds import kind, load_kinds, ontology_kinds
from ..ontology import load_ontology
from .model import Entity, Ref

COUNTRY, REGION, ORGANIZATION = "country", "region", "organization"
DOCUMENT, INSTRUMENT, MECHANISM = "document", "instrument", "mechanism"
CRIME, PILLAR, SITUATION = "crime", "pillar", "situation"

# How a figure is qualified in the text ("more than 1.2 亿"), kept as data (r2p:qualifier).
QUALIFIERS = ("more-than", "nearly", "at-least", "about", "up-to")


# Deliberately narrower: a row of organizations.csv or instruments.csv says what kind of actor or
# instrument it is, so the kind's own class (r2p:Actor, r2p:Instrument) is not enough there. Other
# kinds' classes are classes of their own rows (r2p:Mechanism: a mechanism of no narrower class).
_NARROWER = {ORGANIZATION, INSTRUMENT}


@functools.cache
def row_classes(name: str) -> frozenset[str]:
    """The classes (local names) a gazetteer row of kind ``name`` may give: the kind's classes in
    data/kinds.csv and every class under them in the ontology, less each branch that another kind's
    class heads (r2p:Mechanism is an r2p:Instrument, but mechanisms are a kind of their own)."""
    onto, own = load_ontology(), kind(name).classes
    allowed = set().union(*(onto.subclasses(c, strict=name in _NARROWER) for c in own))
    for other in load_kinds().values():
        for cls in other.classes:
            if cls not in own and cls in allowed:
                allowed -= onto.subclasses(cls)
    return frozenset(c[len(VOCAB):] for c in allowed if c.startswith(VOCAB))


def ontology_entities(name: str) -> dict[str, Entity]:
    """The individuals the ontology declares for kind ``name`` (crimes, pillars), by key, labelled
    with their skos:prefLabel in zh and en; ConfigError for one outside the kind's IRIs or unlabelled."""
    onto, registered = load_ontology(), kind(name)
    prefix = registered.iri("", Iris())
    found: dict[str, Entity] = {}
    for iri in dict.fromkeys(i for c in registered.classes for i in onto.instances(c)):
        zh, en = onto.pref_label(iri, "zh"), onto.pref_label(iri, "en")
        if not iri.startswith(prefix) or not zh or not en:
            raise ConfigError(f"<{iri}>: an individual of kind {name!r} needs an IRI under {prefix} and "
                              "a skos:prefLabel in zh and en", where=str(onto.path))
        key = iri[len(prefix):]
        classes = tuple(c[len(VOCAB):] for c in onto.types[iri] if c.startswith(VOCAB))
        found[key] = Entity(Ref(name, key), zh, en, classes)
    return found


def pillar_numbers(cell: str, pillars: dict[str, Entity], path: Path, row: str) -> tuple[int, ...]:
    """The pillars a cell names (``1|3``); ConfigError naming the file and ``row`` (its line or key)
    for a pillar the ontology does not declare."""
    numbers = _names(cell)
    for n in numbers:
        if n not in pillars:
            raise ConfigError(f"{path.name} {row}: pillar {n!r} is not in {ONTOLOGY_FILE.name} (its pillars: "
                              f"{', '.join(pillars)})", where=str(path))
    return tuple(int(n) for n in numbers)


def read_rows(folder: Path, name: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a gazetteer CSV with their line numbers; ConfigError names the file and line of a
    missing file, a row with the wrong number of fields, an empty required cell or an empty source."""
    path = folder / name
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise ConfigError(f"gazetteer file missing: {path}", where=str(path)) from None
    numbered = list(enumerate(rows, start=2))
    for i, row in numbered:
        if None in row or any(v is None for v in row.values()):
            raise ConfigError(f"{name} line {i}: wrong number of fields", where=str(path))
        for col in required:
            if not (row.get(col) or "").strip():
                raise ConfigError(f"{name} line {i}: empty {col!r}", where=str(path))
        if "source" in row and not row["source"].strip():
            raise ConfigError(f"{name} line {i}: every row names its source", where=str(path))
    return numbered


def _rows(name: str, required: tuple[str, ...], folder: Path) -> list[dict[str, str]]:
    return [row for _, row in read_rows(folder, name, required)]


def _names(cell: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in cell.split("|") if n.strip())


def _year(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Entities by reference, and the surface forms that name them."""

    entities: dict[Ref, Entity]
    names: dict[str, Ref]                 # bare names, matched anywhere in a passage (longest wins)
    titles: dict[str, Ref]                # titles matched only inside 《》 or “”
    stop_contexts: tuple[tuple[str, str], ...]   # (context, name): the name inside context is not a name
    crime_terms: dict[str, str]           # zh term -> crime key
    pillar_terms: dict[str, tuple[int, ...]]
    violation_terms: tuple[str, ...]
    measures: tuple[tuple[str, int, str, str], ...]   # (phrase, nth, label_zh, label_en)
    measure_terms: dict[str, tuple[str, str]]   # what a number counts, by a term in its clause -> (zh, en)
    qualifiers: dict[tuple[str, str], str]      # (term, "before" | "after") -> more-than, nearly, ...
    sg_reports: dict[str, int]            # symbol part -> year, for the SG's R2P reports
    document_years: dict[str, int]        # years the report states for a cited document away from its symbol
    symbol_titles: dict[str, Ref]         # document symbol -> the instrument entity that is that document

    def get(self, ref: Ref) -> Entity:
        return self.entities[ref]


COUNTRY_STATUS = {"member", "observer", "territory", "area"}


def _countries(folder: Path) -> tuple[dict[Ref, Entity], dict[str, Ref]]:
    """Every ISO 3166-1 country from CLDR (Babel), with the United Nations' names where it has them.

    un-country-names.csv gives the 193 Member States, the 2 observer States and the territories the
    UN names: their UN names in zh and en are the labels, CLDR's names and common variants are
    alternative labels; every name of every form is recognised.
    """
    import babel
    zh, en = babel.Locale("zh").territories, babel.Locale("en").territories
    excluded = {r["code"] for r in _rows("cldr-non-iso-codes.csv", ("code", "reason"), folder)}
    # CLDR's English display forms such as "St. Barthélemy" are replaced by UN M49 names.
    english = {r["iso2"]: r["label_en"] for r in _rows("country-labels-en.csv", ("iso2", "label_en"), folder)}
    entities: dict[Ref, Entity] = {}
    names: dict[str, Ref] = {}
    for code in sorted(zh):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in excluded:
            continue
        ref = Ref(COUNTRY, code)
        entities[ref] = Entity(ref, zh[code], english.get(code) or en.get(code, code), ("Country",), iso2=code)
        names[zh[code]] = ref
    file = "un-country-names.csv"
    for i, row in enumerate(_rows(file, ("iso2", "status", "class", "name_zh", "name_en"), folder), start=2):
        ref = Ref(COUNTRY, row["iso2"])
        if ref not in entities:
            raise ConfigError(f"{file} line {i}: unknown ISO code {row['iso2']!r}", where=row["iso2"])
        if row["status"] not in COUNTRY_STATUS or row["class"] not in row_classes(COUNTRY):
            raise ConfigError(f"{file} line {i}: status must be one of {sorted(COUNTRY_STATUS)} and class one "
                              f"of {sorted(row_classes(COUNTRY))}", where=row["iso2"])
        old = entities[ref]
        alt_zh = tuple(dict.fromkeys(n for n in (old.label_zh, *_names(row["variants_zh"])) if n != row["name_zh"]))
        alt_en = (old.label_en,) if old.label_en != row["name_en"] else ()
        entities[ref] = Entity(ref, row["name_zh"], row["name_en"], (row["class"],), iso2=row["iso2"],
                               titles_zh=alt_zh, alt_en=alt_en)
        for form in (row["name_zh"], *alt_zh):
            if names.get(form, ref) != ref:
                raise ConfigError(f"{file} line {i}: name {form!r} given to both {names[form].key} and "
                                  f"{ref.key}", where=form)
            names[form] = ref
    return entities, names


@functools.lru_cache(maxsize=4)
def load_gazetteer(folder: Path = GAZETTEER_DIR) -> Gazetteer:
    """Read every gazetteer file once (cached per folder)."""
    entities, names = _countries(folder)
    for name in ontology_kinds():   # crimes and pillars: the ontology's individuals, with its labels
        entities.update((e.ref, e) for e in ontology_entities(name).values())
    pillars = ontology_entities(PILLAR)
    titles: dict[str, Ref] = {}
    symbol_titles: dict[str, Ref] = {}

    def add_names(ref: Ref, cell: str, table: dict[str, Ref]) -> tuple[str, ...]:
        forms = _names(cell)
        for form in forms:
            if form in table and table[form] != ref:
                raise ConfigError(f"name {form!r} given to both {table[form].key} and {ref.key}", where=form)
            table[form] = ref
        return forms

    for row in _rows("regions.csv", ("key", "zh", "en", "kind"), folder):
        ref = Ref(REGION, row["key"])
        forms = add_names(ref, row["zh"], names)
        within = Ref(COUNTRY, row["within"]) if row["within"] else None
        entities[ref] = Entity(ref, forms[0], row["en"], ("Region",), parent=within, titles_zh=forms[1:])

    org_rows = _rows("organizations.csv", ("key", "zh", "en", "class"), folder)
    org_keys = {r["key"] for r in org_rows}
    for row in org_rows:
        classes = _names(row["class"])           # the ICJ is a principal organ and a court: A|B
        if not set(classes) <= row_classes(ORGANIZATION):
            raise ConfigError(f"organizations.csv: {row['key']}: unknown class {row['class']!r}", where=row["key"])
        if row["parent"] and row["parent"] not in org_keys:
            raise ConfigError(f"organizations.csv: {row['key']}: unknown parent {row['parent']!r}", where=row["key"])
        ref = Ref(ORGANIZATION, row["key"])
        forms = add_names(ref, row["zh"], names)
        english = _names(row["en"])  # the English name, then abbreviations (ICJ): alternative labels
        entities[ref] = Entity(ref, forms[0], english[0], classes,
                               parent=Ref(ORGANIZATION, row["parent"]) if row["parent"] else None,
                               wikidata=row["wikidata"] or None, titles_zh=forms[1:], alt_en=tuple(english[1:]))

    def org(key: str, where: str) -> Ref | None:
        if not key:
            return None
        if key not in org_keys:
            raise ConfigError(f"{where}: unknown organization {key!r}", where=where)
        return Ref(ORGANIZATION, key)

    for row in _rows("mechanisms.csv", ("key", "zh", "en", "class"), folder):
        if row["class"] not in row_classes(MECHANISM):
            raise ConfigError(f"mechanisms.csv: {row['key']}: unknown class {row['class']!r}", where=row["key"])
        ref = Ref(MECHANISM, row["key"])
        forms = add_names(ref, row["zh"], names)
        entities[ref] = Entity(ref, forms[0], row["en"], (row["class"],), organ=org(row["organ"], row["key"]),
                               pillars=pillar_numbers(row["pillars"], pillars, folder / "mechanisms.csv",
                                                      f"key {row['key']!r}"),
                               titles_zh=forms[1:])

    inst_rows = _rows("instruments.csv", ("key", "zh", "en", "class"), folder)
    for row in inst_rows:
        if row["class"] not in row_classes(INSTRUMENT):
            raise ConfigError(f"instruments.csv: {row['key']}: unknown class {row['class']!r}", where=row["key"])
        symbol = row["symbol"] or None
        # An instrument whose symbol the report makes certain *is* that UN document: one entity.
        ref = Ref(DOCUMENT, symbol) if symbol else Ref(INSTRUMENT, row["key"])
        forms = add_names(ref, row["zh"], names if row["bare"] == "yes" else titles)
        if symbol:
            symbol_titles[symbol] = ref
        part_of = Ref(INSTRUMENT, row["part_of"]) if row["part_of"] else None
        entities[ref] = Entity(ref, forms[0], row["en"], (row["class"],), symbol=symbol,
                               organ=org(row["adopted_by"], row["key"]), year=_year(row["year"]),
                               pillars=pillar_numbers(row["pillars"], pillars, folder / "instruments.csv",
                                                      f"key {row['key']!r}"),
                               part_of=part_of,
                               titles_zh=forms[1:])

    crime_terms: dict[str, str] = {}
    for line, row in read_rows(folder, "crimes.csv", ("key", "zh_terms")):
        if Ref(CRIME, row["key"]) not in entities:
            raise ConfigError(f"crimes.csv line {line}: crime {row['key']!r} is not in {ONTOLOGY_FILE.name}",
                              where=str(folder / "crimes.csv"))
        crime_terms.update((t, row["key"]) for t in _names(row["zh_terms"]))
    pillar_terms = {r["term"]: pillar_numbers(r["pillars"], pillars, folder / "pillars.csv", f"line {line}")
                    for line, r in read_rows(folder, "pillars.csv", ("term", "pillars"))}
    violation_terms = tuple(r["term"] for r in _rows("violation-terms.csv", ("term",), folder))
    measures = tuple((r["phrase"], int(r["nth"] or 1), r["label_zh"], r["label_en"])
                     for r in _rows("measures.csv", ("phrase", "label_zh", "label_en"), folder))
    measure_terms = {r["term"]: (r["label_zh"], r["label_en"])
                     for r in _rows("measure-terms.csv", ("term", "label_zh", "label_en"), folder)}
    qualifiers: dict[tuple[str, str], str] = {}
    for i, r in enumerate(_rows("qualifiers.csv", ("term", "position", "qualifier"), folder), start=2):
        if r["position"] not in ("before", "after") or r["qualifier"] not in QUALIFIERS:
            raise ConfigError(f"qualifiers.csv line {i}: position is before or after, qualifier one of "
                              f"{', '.join(QUALIFIERS)}", where=r["term"])
        qualifiers[(r["term"], r["position"])] = r["qualifier"]
    sg_reports: dict[str, int] = {}
    for row in _rows("sg-r2p-reports.csv", ("year", "symbol"), folder):
        for part in row["symbol"].split("-S/"):
            sg_reports[part if part.startswith("A/") else "S/" + part] = int(row["year"])
    document_years = {r["symbol"]: int(r["year"]) for r in _rows("documents.csv", ("symbol", "year"), folder)}
    stops = tuple((r["context"], r["name"]) for r in _rows("stop-contexts.csv", ("context", "name"), folder))
    return Gazetteer(entities, names, titles, stops, crime_terms, pillar_terms, violation_terms, measures,
                     measure_terms, qualifiers,
                     sg_reports, document_years, symbol_titles)
