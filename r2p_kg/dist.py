"""The built dataset (``dist/``): its layout, its manifest ``build.json``, which build folder is
served, and its VoID description.

The build (:mod:`r2p_kg.build`) writes the folder; everything else reads it through here: the store
and the pages open its files, the endpoint and the export describe it with :func:`void_triples`
(``/.well-known/void`` and the dumps' ``void.ttl`` say the same things), the CLI checks it exists.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .config import DEFAULT_BASE, GRAPH_LICENSE, SOURCE_AUTHOR, SOURCE_AUTHOR_IRI, SOURCE_LICENSE, SOURCE_RIGHTS
from .errors import ConfigError
from .formats import of_file
from .iris import ONTOLOGY, VOCAB, Iris
from .namespaces import DATA_PREFIXES, DCAT, DCT, FORMATS, RDF, RDFS, SPDX, VOID, XSD, prefixes
from .rdfbytes import serialize

log = logging.getLogger(__name__)

# --- layout --------------------------------------------------------------------------------------
MANIFEST = "build.json"  # version, base IRI, reports, statistics, files (see r2p_kg/build.py)
SUMS = "SHA256SUMS"
NQUADS = "r2p.nq"  # the canonical file the server and the exports load
NTRIPLES = "r2p.nt"  # the union of the graphs, sorted and de-duplicated
ONTOLOGY_DOCS = "ontology.html"
VOID_FILE = "void.ttl"  # the build's VoID + DCAT description (void_turtle), downloads at {base}dumps/
STORE_DIR = "store"  # the build's on-disk Oxigraph store (an index, not a dump)
MANIFESTS = (MANIFEST, SUMS)  # downloadable beside the dumps, though they list them


@dataclass(frozen=True)
class Dump:
    """A serialization of the whole dataset the build writes and the server and export offer."""

    file: str
    media_type: str
    title: str
    compression: str | None = None  # media type of the compression, for dcat:compressFormat


def _dump(file: str, what: str, compression: str | None = None) -> Dump:
    """A dump whose media type and title are its syntax's (the registry, r2p_kg/formats.py)."""
    syntax = of_file(file)
    return Dump(file, syntax.media_type, f"{syntax.title}, {what}", compression)


DUMPS: tuple[Dump, ...] = (
    _dump("r2p.nt", "all graphs merged"),
    _dump("r2p.nt.gz", "all graphs merged, gzip", "application/gzip"),
    _dump("r2p.nq", "one named graph per report"),
    _dump("r2p.trig", "one named graph per report"),
    _dump("r2p.ttl", "all graphs merged"),
    _dump("r2p.jsonld", "one named graph per report"),
    _dump("r2p.rdf", "all graphs merged"),
)


def media_type(name: str) -> str | None:
    """The media type a file of the build is served with (a compressed dump: its compression's)."""
    for dump in DUMPS:
        if dump.file == name:
            return dump.compression or dump.media_type
    return {ONTOLOGY_DOCS: "text/html", MANIFEST: "application/json", SUMS: "text/plain",
            VOID_FILE: "text/turtle", "search.sqlite": "application/vnd.sqlite3"}.get(name)


# --- the manifest --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Manifest:
    """``build.json`` of the build in ``folder``, as written by the build."""

    folder: Path
    data: Mapping[str, Any]

    @property
    def version(self) -> str:
        return str(self.data.get("version") or "")

    @property
    def base(self) -> str:
        """The base IRI the build minted its IRIs under (the default base for a manifest without one)."""
        base = self.data.get("base")
        return base if isinstance(base, str) and base else DEFAULT_BASE

    @property
    def reports(self) -> list[dict[str, Any]]:
        reports = self.data.get("reports")
        return list(reports) if isinstance(reports, list) else []

    @property
    def statistics(self) -> dict[str, Any] | None:
        """The build's counts (:func:`r2p_kg.stats.dataset_statistics`), pairs as tuples; None if absent."""
        stats = self.data.get("statistics")
        if not isinstance(stats, dict):
            return None
        return {k: [tuple(x) for x in v] if isinstance(v, list) else v for k, v in stats.items()}

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """The downloadable files of the folder itself: {name: {"sha256", "bytes"}}."""
        files = self.data.get("files")
        if not isinstance(files, dict):
            return {}
        return {name: info for name, info in files.items() if "/" not in name and isinstance(info, dict)}


def has_build(folder: str | Path) -> bool:
    """Whether ``folder`` holds a build (its manifest)."""
    return (Path(folder) / MANIFEST).is_file()


def read_manifest(folder: str | Path) -> Manifest | None:
    """The manifest of the build in ``folder``; None when there is none. A manifest that cannot be
    read is a ConfigError naming the file."""
    path = Path(folder) / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(f"cannot read the build's manifest: {exc.strerror}", where=str(path)) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"the build's manifest is not JSON ({exc})", where=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("the build's manifest is not a JSON object", where=str(path))
    return Manifest(Path(folder), data)


def dump_files(folder: str | Path) -> dict[str, dict[str, Any]]:
    """The downloadable files of the build in ``folder``: {name: {"sha256", "bytes"}}; none without
    a readable manifest."""
    try:
        manifest = read_manifest(folder)
    except ConfigError as exc:
        log.warning("%s", exc)
        return {}
    return manifest.files if manifest is not None else {}


def require_build(folder: str | Path, where: str = "--dist") -> Manifest:
    """The manifest of the build in ``folder`` with its N-Quads beside it, else a ConfigError."""
    manifest = read_manifest(folder)
    if manifest is None or not (Path(folder) / NQUADS).is_file():
        raise ConfigError(f"no built dataset in {folder} ({MANIFEST} and {NQUADS}): run 'r2p-kg build' first",
                          where=where)
    return manifest


def served_folder(dist: str | Path) -> Path:
    """The build folder served for ``dist``: the folder the link names now (a rebuild switches the
    link, never the files of a folder being served). The store, the pages and the dumps all use it."""
    return Path(dist).resolve()


# --- VoID ----------------------------------------------------------------------------------------
IANA = "http://www.iana.org/assignments/media-types/"
TITLE = "r2p-kg: United Nations reports on the Responsibility to Protect as a knowledge graph"
VOID_PREFIXES = {**DATA_PREFIXES, **prefixes("void", "dcat", "spdx")}


def download_base(base: str) -> str:
    """Where the build's ``void.ttl`` says its dumps are downloaded from (an export may say otherwise)."""
    return f"{base}dumps/"


def dataset_iri(base: str) -> str:
    """The dataset's IRI in a published description (``void.ttl``)."""
    return f"{base}dataset"


def distribution_iri(base: str, file: str) -> str:
    """A dump's distribution IRI in a published description."""
    return f"{base}dataset/distribution/{file}"


def _vocabulary(term: str) -> str:
    cut = max(term.rfind("#"), term.rfind("/"))
    return term[:cut + 1]


def named_bnode(kind: str, key: str) -> ox.BlankNode:
    """A blank node named by what it stands for, so that the description is the same bytes each
    time (the dumps are byte-identical per build; the endpoint's answer is under a strong ETag)."""
    return ox.BlankNode(kind + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16])


def statistics_triples(subject: ox.NamedNode | ox.BlankNode, statistics: Mapping[str, Any]) -> list[ox.Triple]:
    """VoID's counts of ``subject``: sizes, class and property partitions, vocabularies, examples."""
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    def n(value: object) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))

    add(subject, VOID + "triples", n(statistics["triples"]))
    add(subject, VOID + "entities", n(statistics["entities"]))
    add(subject, VOID + "distinctSubjects", n(statistics["subjects"]))
    add(subject, VOID + "distinctObjects", n(statistics["objects"]))
    add(subject, VOID + "classes", n(len(statistics["classes"])))
    add(subject, VOID + "properties", n(len(statistics["properties"])))
    for cls, count in statistics["classes"]:
        part = named_bnode("class", cls)
        add(subject, VOID + "classPartition", part)
        add(part, VOID + "class", ox.NamedNode(cls))
        add(part, VOID + "entities", n(count))
    for prop, count in statistics["properties"]:
        part = named_bnode("property", prop)
        add(subject, VOID + "propertyPartition", part)
        add(part, VOID + "property", ox.NamedNode(prop))
        add(part, VOID + "triples", n(count))
    terms = [k for k, _ in list(statistics["classes"]) + list(statistics["properties"])]
    # the ontology's terms are named by the ontology's own IRI, as the ontology declares it
    for vocab in sorted({ONTOLOGY if v == VOCAB else v for v in map(_vocabulary, terms)} - {""}):
        add(subject, VOID + "vocabulary", ox.NamedNode(vocab))
    for example, _ in statistics.get("examples", ()):
        add(subject, VOID + "exampleResource", ox.NamedNode(example))
    return out


def void_triples(*, dataset: str, base: str, version: str, statistics: Mapping[str, Any],
                 files: Mapping[str, Mapping[str, Any]], download: Callable[[str], str],
                 distribution: Callable[[str], str] | None = None, reports: list[dict] | None = None,
                 endpoint: str | None = None) -> list[ox.Triple]:
    """The VoID + DCAT description of a build, in a fixed order.

    ``dataset`` is the dataset's IRI; ``statistics`` its counts (the build's, or the store's after
    updates); ``files`` {name: {"sha256", "bytes"}} of the dumps present; ``download(name)`` the URL a
    dump is fetched from and ``distribution(name)`` its distribution's IRI (default: the same URL);
    ``reports`` the build's reports (their IRIs become dct:source); ``endpoint`` the SPARQL endpoint
    that serves it, if any.
    """
    out: list[ox.Triple] = []

    def add(s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
        out.append(ox.Triple(s, ox.NamedNode(p), o))

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def typed(value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))

    ds = iri(dataset)
    add(ds, RDF + "type", iri(VOID + "Dataset"))
    add(ds, RDF + "type", iri(DCAT + "Dataset"))
    add(ds, DCT + "title", ox.Literal(TITLE, language="en"))
    add(ds, DCT + "license", iri(GRAPH_LICENSE))
    add(ds, DCT + "rights", ox.Literal(SOURCE_RIGHTS, language="en"))
    add(ds, DCT + "creator", iri(SOURCE_AUTHOR_IRI))
    if version:
        add(ds, DCAT + "version", ox.Literal(version))
    iris = Iris(base)
    sources = [iris.report(r["slug"]) for r in reports or [] if isinstance(r, dict) and r.get("slug")]
    for report in sources:
        add(ds, DCT + "source", iri(report))
    add(ds, VOID + "uriSpace", ox.Literal(base + "id/"))
    if endpoint:
        add(ds, VOID + "sparqlEndpoint", iri(endpoint))
    add(ds, VOID + "feature", iri(FORMATS + "N-Quads"))

    out += statistics_triples(ds, statistics)

    dumps = [d for d in DUMPS if d.file in files]
    for dump in dumps:
        add(ds, VOID + "dataDump", iri(download(dump.file)))
    for dump in dumps:
        add(ds, DCAT + "distribution", iri((distribution or download)(dump.file)))
    for dump in dumps:
        d, info = (distribution or download)(dump.file), files[dump.file]
        add(iri(d), RDF + "type", iri(DCAT + "Distribution"))
        add(iri(d), DCT + "title", ox.Literal(dump.title, language="en"))
        add(iri(d), DCAT + "downloadURL", iri(download(dump.file)))
        add(iri(d), DCAT + "mediaType", iri(IANA + dump.media_type))
        if dump.compression:
            add(iri(d), DCAT + "compressFormat", iri(IANA + dump.compression))
        add(iri(d), DCAT + "byteSize", typed(info["bytes"], XSD + "nonNegativeInteger"))
        add(iri(d), DCT + "license", iri(GRAPH_LICENSE))
        add(iri(d), SPDX + "checksum", iri(d + "#sha256"))
        add(iri(d + "#sha256"), RDF + "type", iri(SPDX + "Checksum"))
        add(iri(d + "#sha256"), SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        add(iri(d + "#sha256"), SPDX + "checksumValue", typed(info["sha256"], XSD + "hexBinary"))

    for graph, _ in statistics["graphs"]:
        add(ds, VOID + "subset", iri(graph))
    for graph, n in statistics["graphs"]:
        add(iri(graph), RDF + "type", iri(VOID + "Dataset"))
        add(iri(graph), VOID + "triples", typed(n, XSD + "integer"))
        if endpoint:
            add(iri(graph), VOID + "sparqlEndpoint", iri(endpoint))

    for report in sources:
        add(iri(report), DCT + "creator", iri(SOURCE_AUTHOR_IRI))
        add(iri(report), DCT + "license", iri(SOURCE_LICENSE))
    add(iri(SOURCE_AUTHOR_IRI), RDFS + "label", ox.Literal(SOURCE_AUTHOR, language="en"))
    return out


def void_turtle(*, base: str, version: str, statistics: Mapping[str, Any],
                files: Mapping[str, Mapping[str, Any]], reports: list[dict], download_base: str) -> bytes:
    """``void.ttl``: the published description (``{base}dataset``, its distributions, the dumps at
    ``download_base``), as the build writes it and the export (with its own download base)."""
    triples = void_triples(dataset=dataset_iri(base), base=base, version=version, statistics=statistics,
                           files=files, download=lambda name: download_base + name,
                           distribution=lambda name: distribution_iri(base, name), reports=reports)
    return serialize(triples, ox.RdfFormat.TURTLE, prefixes=VOID_PREFIXES)
