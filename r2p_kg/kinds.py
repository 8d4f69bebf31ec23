"""The registry of entity kinds, read from ``data/kinds.csv``: one row per kind, one home for what the
graph, the IRIs, the pages and their colours need to know about it.

A kind is the ``id/<kind>/`` word of an entity's IRI (``country`` in ``{base}id/country/FR``). Its row
says how the IRI is minted (``iri``), which ontology classes its entities fall under (``classes``, as
``r2p:`` CURIEs: each entity is an instance of one of them or of a subclass; the ontology itself says
what they mean), whether a passage naming it *cites* it
(``r2p:cites`` besides ``r2p:mentions``), whether its entities are individuals declared in the ontology
(described there, never in a report's graph), whether pictures and the legend show it, its name in
Chinese and English (the pages' ``k_<kind>`` words) and its colour (the pages' ``k-<kind>`` class).

IRI schemes (``iri``):

=========  ===================================================================================
``base``   ``{base}id/<kind>/<key>``
``upper``  the same with the key in capitals (ISO 3166 codes: ``id/country/FR``)
``symbol`` ``{base}id/<kind>/<slug of the UN symbol>`` (``A/RES/60/1`` -> ``A-RES-60-1``)
``vocab``  ``https://w3id.org/r2p/id/<kind>/<key>``, fixed whatever the base (ontology individuals)
``report`` minted under a report (``…/report/<slug>/<kind>/<n>``): not an entity shared by reports
=========  ===================================================================================
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from .config import DATA_DIR
from .errors import ConfigError
from .iris import VOCAB, VOCAB_ID, Iris, symbol_slug

log = logging.getLogger(__name__)

KINDS_FILE = DATA_DIR / "kinds.csv"
SCHEMES = ("base", "upper", "symbol", "vocab", "report")
COLUMNS = ("kind", "iri", "classes", "cited", "ontology", "pictured", "label_zh", "label_en", "colour")
_YES_NO = {"yes": True, "no": False}
_NAME = re.compile(r"[a-z][a-z0-9-]*")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_CLASS = re.compile(r"r2p:[A-Z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Kind:
    """One kind of entity, as declared in ``data/kinds.csv``."""

    name: str
    scheme: str                    # one of SCHEMES
    classes: tuple[str, ...]       # full class IRIs
    cited: bool                    # a passage naming it also r2p:cites it
    ontology: bool                 # its individuals are declared (and described) in the ontology
    pictured: bool                 # in the network picture and the mentions legend
    label_zh: str
    label_en: str
    colour: str                    # CSS colour of its mentions and links

    @property
    def i18n_key(self) -> str:
        """The pages' word for the kind (``k_country``)."""
        return "k_" + self.name

    @property
    def css_class(self) -> str:
        """The pages' CSS class of the kind's links and mentions (``k-country``)."""
        return "k-" + self.name

    def iri(self, key: str, iris: Iris) -> str:
        """The IRI of the entity of this kind with ``key``."""
        if self.scheme == "upper":
            return iris.entity(self.name, key.upper())
        if self.scheme == "symbol":
            return iris.entity(self.name, symbol_slug(key))
        if self.scheme == "vocab":
            return f"{VOCAB_ID}{self.name}/{key}"
        if self.scheme == "base":
            return iris.entity(self.name, key)
        raise ValueError(f"no IRI scheme for entities of kind {self.name!r}: minted under a report")


def _flag(value: str, line: int, column: str, path: Path) -> bool:
    if value not in _YES_NO:
        raise ConfigError(f"{path.name} line {line}: {column} must be yes or no, not {value!r}", where=str(path))
    return _YES_NO[value]


def _kind(row: dict[str, str], line: int, path: Path) -> Kind:
    def bad(what: str) -> ConfigError:
        return ConfigError(f"{path.name} line {line}: {what}", where=str(path))

    if None in row or any(row.get(c) is None for c in COLUMNS):
        raise bad(f"wrong number of fields (columns: {', '.join(COLUMNS)})")
    row = {k: v.strip() for k, v in row.items()}
    if not _NAME.fullmatch(row["kind"]):
        raise bad(f"kind {row['kind']!r} is not a lower-case IRI word")
    if row["iri"] not in SCHEMES:
        raise bad(f"iri {row['iri']!r} is not one of {', '.join(SCHEMES)}")
    classes = tuple(c for c in row["classes"].split("|") if c)
    if not classes or not all(_CLASS.fullmatch(c) for c in classes):
        raise bad(f"classes must be r2p: class names separated by |, not {row['classes']!r}")
    if not _COLOUR.fullmatch(row["colour"]):
        raise bad(f"colour must be #rrggbb, not {row['colour']!r}")
    if not row["label_zh"] or not row["label_en"]:
        raise bad("label_zh and label_en are required")
    return Kind(row["kind"], row["iri"], tuple(VOCAB + c[len("r2p:"):] for c in classes),
                _flag(row["cited"], line, "cited", path), _flag(row["ontology"], line, "ontology", path),
                _flag(row["pictured"], line, "pictured", path), row["label_zh"], row["label_en"], row["colour"])


@functools.lru_cache(maxsize=4)
def load_kinds(path: Path = KINDS_FILE) -> dict[str, Kind]:
    """The kinds declared in ``path``, by name, in the file's order; ConfigError names file and line."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = tuple(reader.fieldnames or ())
    except FileNotFoundError:
        raise ConfigError(f"kinds registry missing: {path}", where=str(path)) from None
    if header != COLUMNS:
        raise ConfigError(f"{path.name}: columns must be {', '.join(COLUMNS)}", where=str(path))
    kinds: dict[str, Kind] = {}
    for line, row in enumerate(rows, start=2):
        kind = _kind(row, line, path)
        if kind.name in kinds:
            raise ConfigError(f"{path.name} line {line}: kind {kind.name!r} twice", where=str(path))
        kinds[kind.name] = kind
    log.debug("kinds: %s", ", ".join(kinds))
    return kinds


def kind(name: str) -> Kind:
    """The registered kind ``name``; ValueError for a kind that is not registered."""
    found = load_kinds().get(name)
    if found is None:
        raise ValueError(f"no IRI scheme for entities of kind {name!r}: not in {KINDS_FILE.name}")
    return found


def cited_kinds() -> tuple[str, ...]:
    """Kinds whose entities are cited sources (``r2p:cites``), not only named (``r2p:mentions``)."""
    return tuple(k.name for k in load_kinds().values() if k.cited)


def ontology_kinds() -> tuple[str, ...]:
    """Kinds declared as individuals in the ontology graph: referred to, never re-described."""
    return tuple(k.name for k in load_kinds().values() if k.ontology)


def pictured_kinds() -> tuple[str, ...]:
    """Kinds shown in the network picture and the mentions legend, in the registry's order."""
    return tuple(k.name for k in load_kinds().values() if k.pictured)


def stylesheet() -> str:
    """The kinds' colours as CSS: a custom property each (read by scripts) and a rule per class."""
    kinds = load_kinds().values()
    props = "".join(f"  --k-{k.name}: {k.colour};\n" for k in kinds)
    rules = "".join(f".{k.css_class} {{ border-color: var(--k-{k.name}) !important; }}\n" for k in kinds)
    return f"/* entity kinds: generated from data/kinds.csv */\n:root {{\n{props}}}\n{rules}"
