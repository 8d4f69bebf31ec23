"""Versions of the shapes and the ontology: the released copies and the working copy, and how
``--shapes`` / ``--ontology`` name one (a version, a file, or an IRI matched to a bundled release).

Released versions are immutable copies under ``shapes/releases/VERSION/`` and
``ontology/releases/VERSION/`` (each with a SHA256SUMS); every file of a release states its
``owl:versionIRI`` and ``owl:versionInfo``. The working copy (``shapes/*.ttl``, ``ontology/r2p.ttl``)
is the next, unreleased version: it states ``owl:versionInfo`` (e.g. ``0.2.0-dev``) and
``owl:priorVersion``, and answers to the unversioned IRI. Nothing here touches the network: an IRI
is only compared with the IRIs the bundled files declare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from ..config import ONTOLOGY_FILE, SHAPES_DIR
from ..errors import ConfigError
from ..namespaces import OWL, RDF

CURRENT = "current"
RDF_TYPE = RDF + "type"
KINDS = ("shapes", "ontology")
BASE_IRI = {"shapes": "https://w3id.org/r2p/shapes", "ontology": "https://w3id.org/r2p/ontology"}
_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-.+][0-9A-Za-z.-]+)?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class Release:
    """One version of the shapes or the ontology: its files and the IRIs they declare."""

    kind: str  # "shapes" or "ontology"
    version: str  # "0.1.0"; the working copy's owl:versionInfo; "file" for a file given by path
    iri: str  # owl:versionIRI of a release, the unversioned IRI of the working copy, a file: IRI
    files: tuple[Path, ...]
    current: bool = False
    released: bool = False
    iris: tuple[str, ...] = ()  # IRIs that name it: a release's version IRIs, the working copy's
    # unversioned ontology IRIs

    @property
    def label(self) -> str:
        if self.released:
            return f"{self.kind} {self.version}"
        if self.current:
            return f"{self.kind} {self.version} (working copy)"
        return f"{self.kind} from {', '.join(str(f) for f in self.files)}"


def _working_files(kind: str) -> tuple[Path, ...]:
    if kind == "shapes":
        return (SHAPES_DIR / "r2p.shapes.ttl", SHAPES_DIR / "r2p.warnings.ttl")
    return (ONTOLOGY_FILE,)


def releases_dir(kind: str) -> Path:
    return (SHAPES_DIR if kind == "shapes" else ONTOLOGY_FILE.parent) / "releases"


@lru_cache(maxsize=64)
def _header(path: Path, mtime: float) -> tuple[tuple[str, ...], str | None, str | None]:
    """(ontology and version IRIs, owl:versionInfo, owl:versionIRI) of a file's owl:Ontology."""
    iris: list[str] = []
    info = version_iri = None
    from .shacl import FORMATS
    for q in ox.parse(path=str(path), format=FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)):
        if q.predicate.value == RDF_TYPE and q.object == ox.NamedNode(OWL + "Ontology"):
            iris.append(q.subject.value)
        elif q.predicate.value == OWL + "versionIRI":
            version_iri = q.object.value
            iris.append(q.object.value)
        elif q.predicate.value == OWL + "versionInfo" and info is None:
            info = q.object.value
    return tuple(iris), info, version_iri


def header(path: Path) -> tuple[tuple[str, ...], str | None, str | None]:
    try:
        return _header(path.resolve(), path.stat().st_mtime)
    except (SyntaxError, ValueError, OSError) as exc:
        raise ConfigError(f"cannot read the version of this file: {exc}", where=str(path)) from exc


def working_copy(kind: str) -> Release:
    files = _working_files(kind)
    iris, info, _ = header(files[0])
    extra = tuple(i for f in files[1:] for i in header(f)[0])
    return Release(kind, info or "unversioned", BASE_IRI[kind], files, current=True, iris=iris + extra)


def released(kind: str) -> list[Release]:
    """The bundled releases of ``kind``, oldest first."""
    out = []
    folder = releases_dir(kind)
    for d in sorted((p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else (),
                    key=lambda p: _sort_key(p.name)):
        files = tuple(sorted(d.glob("*.ttl")))
        if not files:
            continue
        main = next((f for f in files if f.name in ("r2p.shapes.ttl", "r2p.ttl")), files[0])
        version_iri = header(main)[2] or f"{BASE_IRI[kind]}/{d.name}"
        others = tuple(v for f in files if f != main for v in (header(f)[2],) if v)
        out.append(Release(kind, d.name, version_iri, files, released=True, iris=(version_iri,) + others))
    return out


def _sort_key(version: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"[.\-+]", version))


def versions(kind: str) -> list[Release]:
    """Every version that can be selected: the releases, then the working copy."""
    return released(kind) + [working_copy(kind)]


def find(kind: str, version: str) -> Release | None:
    """The release of ``kind`` with this version (``current`` or the working copy's version too)."""
    for r in versions(kind):
        if version == r.version or (version == CURRENT and r.current):
            return r
    return None


def resolve(kind: str, spec: str | Path | None, *, like: Release | None = None) -> Release:
    """The version ``spec`` names: None (the working copy, or the release of ``like``'s version),
    ``current``, a version (``0.1.0``), an IRI of a bundled release, or a Turtle file or folder."""
    if spec is None or spec == "":
        if like is not None and like.released:
            return find(kind, like.version) or working_copy(kind)
        return working_copy(kind)
    option = f"--{kind}"
    if isinstance(spec, Path):
        return _from_path(kind, spec, option)
    if _SCHEME.match(spec) and not Path(spec).exists():
        for r in versions(kind):
            if spec == r.iri or spec in r.iris:
                return r
        known = ", ".join(r.iri for r in versions(kind))
        raise ConfigError(f"{spec} is not the IRI of a bundled {kind} release (IRIs are never "
                          f"fetched); known: {known}", where=option)
    found = find(kind, spec)
    if found is not None:
        return found
    if _VERSION.match(spec) and not Path(spec).exists():
        known = ", ".join(r.version for r in versions(kind))
        raise ConfigError(f"no {kind} release {spec}; there are: {known}, {CURRENT}", where=option)
    return _from_path(kind, Path(spec), option)


def _from_path(kind: str, path: Path, option: str) -> Release:
    if path.is_dir():
        files = tuple(sorted(path.glob("*.ttl")))
        if not files:
            raise ConfigError(f"no .ttl files in folder {path}", where=option)
    elif path.is_file():
        files = (path,)
    else:
        raise ConfigError(f"{path}: no such file, and not a version or release IRI", where=option)
    iris = tuple(i for f in files for i in header(f)[0])
    return Release(kind, "file", files[0].resolve().as_uri(), files, iris=iris)
