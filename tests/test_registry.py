"""The registries agree with what they describe: the kinds (data/kinds.csv) with the ontology, the
shapes, the gazetteer, the pages' words and colours; the namespace table with the queries; the tables
of formats with the syntax registry (r2p_kg/formats.py).

Ontology facts are read from ontology/r2p.ttl with rdflib, never restated here.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH, SKOS
from rdflib.plugins.sparql.parser import parseQuery

from r2p_kg.config import ONTOLOGY_FILE, QUERIES_DIR, SHAPES_DIR
from r2p_kg.dist import DUMPS
from r2p_kg.errors import ConfigError
from r2p_kg.extract.claimdata import load_claim_data
from r2p_kg.extract.gazetteer import load_gazetteer
from r2p_kg.extract.model import Ref
from r2p_kg.formats import SYNTAXES
from r2p_kg.graph import entity_iri
from r2p_kg.iris import VOCAB, Iris
from r2p_kg.kinds import KINDS_FILE, load_kinds
from r2p_kg.namespaces import NAMESPACES
from r2p_kg.validation import shacl
from r2p_kg.web import conneg
from r2p_kg.web.describe import RESULT_FORMAT_IRIS
from r2p_kg.web.pages import catalogue, views
from r2p_kg.web.pages import formats as page_formats
from r2p_kg.web.pages.data import Dataset
from r2p_kg.web.pages.i18n import WORDS, translator

from .pages.conftest import FIXTURE, make_app

KINDS = load_kinds()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    g = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        g.parse(path)
    return g


def superclasses(ontology: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class it is a subclass of, per the ontology."""
    return set(ontology.transitive_objects(cls, RDFS.subClassOf))


@pytest.mark.parametrize("name", KINDS)
def test_kind_classes_are_ontology_classes(ontology, name):
    for cls in KINDS[name].classes:
        assert (URIRef(cls), RDF.type, OWL.Class) in ontology, f"{name}: {cls} is not an owl:Class"


@pytest.mark.parametrize("name", KINDS)
def test_shapes_mention_each_kind(ontology, shapes, name):
    """The shapes target the kind's class or require it of a value (sh:class), or do so for a class it
    is a subclass of (SHACL targets reach subclasses)."""
    mentioned = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    for cls in KINDS[name].classes:
        assert superclasses(ontology, URIRef(cls)) & mentioned, f"the shapes never mention {cls} ({name})"


@pytest.mark.parametrize("name", KINDS)
def test_each_kind_has_words_in_both_languages(name):
    key = KINDS[name].i18n_key
    zh, en = translator("zh")(key), translator("en")(key)
    assert zh != key and en != key and zh != en, (zh, en)
    assert key not in WORDS, f"{key} is the registry's: not to be typed again in i18n.WORDS"


def test_the_kinds_stylesheet_colours_each_kind():
    resp = make_app().test_client().get("/-/static/pages/kinds.css")
    assert resp.status_code == 200 and resp.mimetype == "text/css"
    css = resp.get_data(as_text=True)
    for kind in KINDS.values():
        assert f"--k-{kind.name}: {kind.colour};" in css
        assert f".k-{kind.name} {{ border-color: var(--k-{kind.name}) !important; }}" in css
    again = make_app().test_client().get("/-/static/pages/kinds.css",
                                         headers={"If-None-Match": resp.headers["ETag"]})
    assert again.status_code == 304


def test_site_css_leaves_kind_colours_to_the_registry():
    site = (Path(__file__).resolve().parent.parent / "r2p_kg/web/static/pages/site.css").read_text(encoding="utf-8")
    for name in KINDS:
        assert f".k-{name} {{ border-color" not in site and f"--k-{name}:" not in site


def test_pages_link_the_kinds_stylesheet():
    dataset = Dataset.from_turtle(FIXTURE.read_text(encoding="utf-8"), graph="https://w3id.org/r2p/graph/t-1")
    page = make_app(PAGES_DATASET=dataset).test_client().get("/")
    assert page.status_code == 200
    assert '<link rel="stylesheet" href="/-/static/pages/kinds.css">' in page.get_data(as_text=True)


def test_gazetteer_entities_are_of_registered_kinds_and_classes(ontology):
    """Every curated entity's kind is registered, and its classes fall under the kind's classes."""
    entities = {**load_gazetteer().entities, **load_claim_data().entities}
    assert entities
    for ref, entity in entities.items():
        assert ref.kind in KINDS, f"{ref}: kind not in {KINDS_FILE.name}"
        allowed = {URIRef(c) for c in KINDS[ref.kind].classes}
        for cls in entity.classes:
            ancestors = superclasses(ontology, URIRef(VOCAB + cls))
            assert ancestors & allowed, f"{ref}: r2p:{cls} is not under {sorted(allowed)}"


@pytest.mark.parametrize("name", [k for k in KINDS if KINDS[k].ontology])
def test_ontology_kinds_are_the_ontologys_individuals_with_its_pref_labels(ontology, name):
    """Crimes and pillars: one entity per individual of the kind's classes in the ontology, labelled
    with its skos:prefLabel in zh and en (not with labels typed again in a CSV or in Python)."""
    members = {s for cls in KINDS[name].classes for c in ontology.transitive_subjects(RDFS.subClassOf, URIRef(cls))
               for s in ontology.subjects(RDF.type, c)}
    entities = {entity_iri(ref, Iris()): e for ref, e in load_gazetteer().entities.items() if ref.kind == name}
    assert members and set(entities) == {str(m) for m in members}
    for iri, e in entities.items():
        labels = {lit.language: str(lit) for lit in ontology.objects(URIRef(iri), SKOS.prefLabel)}
        assert (e.label_zh, e.label_en) == (labels["zh"], labels["en"]), iri


def test_genocide_is_labelled_as_the_ontology_labels_it():
    # crimes.csv said 灭绝种族罪; ontology/r2p.ttl gives crime:genocide skos:prefLabel "灭绝种族"@zh
    # (灭绝种族罪 is an altLabel), the wording of A/RES/60/1 paras 138-139.
    genocide = load_gazetteer().get(Ref("crime", "genocide"))
    assert (genocide.label_zh, genocide.label_en) == ("灭绝种族", "genocide")
    pillar = load_gazetteer().get(Ref("pillar", "3"))
    assert ((pillar.label_zh, pillar.label_en)
            == ("支柱三：及时果断的反应", "Pillar three: timely and decisive response"))


@pytest.mark.parametrize("ref, iri", [
    (Ref("country", "fr"), "http://example.org/kg/id/country/FR"),
    (Ref("document", "S/RES/1674(2006)"), "http://example.org/kg/id/document/S-RES-1674-2006"),
    (Ref("organization", "icj"), "http://example.org/kg/id/organization/icj"),
    (Ref("group", "children"), "http://example.org/kg/id/group/children"),
    (Ref("crime", "genocide"), "https://w3id.org/r2p/id/crime/genocide"),   # fixed whatever the base
    (Ref("pillar", "2"), "https://w3id.org/r2p/id/pillar/2"),
])
def test_entity_iris_follow_the_registry_scheme(ref, iri):
    assert entity_iri(ref, Iris("http://example.org/kg/")) == iri


@pytest.mark.parametrize("ref", [Ref("statistic", "1"), Ref("planet", "mars")])
def test_kinds_without_a_shared_iri_are_refused(ref):
    with pytest.raises(ValueError, match="no IRI scheme"):
        entity_iri(ref, Iris())


def test_a_malformed_kind_row_names_file_and_line(tmp_path):
    path = tmp_path / "kinds.csv"
    header = KINDS_FILE.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\nplanet,orbit,r2p:Planet,no,no,no,行星,planets,#123456\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"kinds.csv line 2: iri 'orbit'"):
        load_kinds(path)


def test_a_kinds_file_without_its_columns_is_refused(tmp_path):
    path = tmp_path / "kinds.csv"
    path.write_text("kind,iri,classes\ncountry,upper,r2p:Country\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="columns must be kind, iri, classes, cited"):
        load_kinds(path)


def query_prefixes() -> list[tuple[str, str, str]]:
    """(query file, prefix, IRI) of every PREFIX declared in queries/**/*.rq."""
    found = []
    for path in sorted(QUERIES_DIR.rglob("*.rq")):
        for decl in parseQuery(path.read_text(encoding="utf-8"))[0]:
            if decl.name == "PrefixDecl":
                found.append((str(path.relative_to(QUERIES_DIR)), decl.prefix, str(decl.iri)))
    return found


def shown_query_prefixes() -> list[tuple[str, str, str]]:
    """(name, prefix, IRI) of the PREFIX lines of the SPARQL texts the pages show or run."""
    texts = {"catalogue.DEFAULT_QUERY": catalogue.DEFAULT_QUERY,
             "views.ALL_PASSAGES": views.ALL_PASSAGES.format(iri="<urn:x:y>")}
    return [(name, d.prefix, str(d.iri)) for name, text in texts.items()
            for d in parseQuery(text)[0] if d.name == "PrefixDecl"]


def test_the_queries_declare_prefixes():
    assert {p for _, p, _ in query_prefixes()} >= {"r2p", "rdfs", "owl"}


@pytest.mark.parametrize("query, prefix, iri", query_prefixes() + shown_query_prefixes())
def test_query_prefixes_are_the_namespace_table(query, prefix, iri):
    assert NAMESPACES.get(prefix) == iri, f"{query}: PREFIX {prefix}: <{iri}>"


# Where a namespace IRI may be spelled out in the package besides r2p_kg/namespaces.py, and why.
SPELLED_OUT = {
    "config.py": "the settings sit below the namespace table (iris.py, which it imports, reads them)",
    "web/pages/i18n.py": "STANDARD_TERMS is keyed by whole term IRIs: the words table's data",
    "web/pages/catalogue.py": "DEFAULT_QUERY declares its PREFIXes, checked above like queries/*.rq",
    "web/pages/views.py": "ALL_PASSAGES declares its PREFIXes, checked above like queries/*.rq",
}


def test_namespaces_are_spelled_out_only_in_the_table():
    package = Path(__file__).resolve().parent.parent / "r2p_kg"
    found = {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name == "namespaces.py" or name in SPELLED_OUT:
            continue
        text = path.read_text(encoding="utf-8")
        spelled = sorted(p for p, ns in NAMESPACES.items() if any(q + ns in text for q in ('"', "'", "<")))
        if spelled:
            found[name] = spelled
    assert found == {}, "import these namespaces from r2p_kg/namespaces.py"


# --- formats ---------------------------------------------------------------------------------------

def test_every_syntax_is_negotiated_at_the_endpoint():
    graphs = {(o.media_type, o.fmt) for o in conneg.GRAPHS}
    for s in SYNTAXES:
        assert {(s.media_type, s.name), *((a, s.name) for a in s.aliases)} <= graphs
        assert conneg.FORMAT_NAMES[s.name][0] == s.name
    assert conneg.GRAPHS[0].media_type == "text/turtle"  # the default without an Accept header


def test_pages_offer_the_syntaxes_marked_for_pages():
    assert [f.name for f in page_formats.FORMATS] == ["html", "turtle", "ntriples", "jsonld", "rdfxml"]
    assert {f.suffix for f in page_formats.RDF_FORMATS} == {"ttl", "nt", "jsonld", "rdf"}


@pytest.mark.parametrize("file, suffix_format", [
    ("shapes.ttl", ox.RdfFormat.TURTLE), ("data.nq", ox.RdfFormat.N_QUADS), ("graph.owl", ox.RdfFormat.RDF_XML),
    ("doc.json", ox.RdfFormat.JSON_LD),
])
def test_validate_reads_files_by_the_registry_suffixes(file, suffix_format):
    assert shacl.FORMATS[Path(file).suffix] == suffix_format


def test_dumps_take_their_media_types_from_the_registry():
    media = {d.file: d.media_type for d in DUMPS}
    assert media == {"r2p.nt": "application/n-triples", "r2p.nt.gz": "application/n-triples",
                     "r2p.nq": "application/n-quads", "r2p.trig": "application/trig", "r2p.ttl": "text/turtle",
                     "r2p.jsonld": "application/ld+json", "r2p.rdf": "application/rdf+xml"}


def test_the_service_description_lists_each_syntax():
    assert {s.w3c for s in SYNTAXES} <= set(RESULT_FORMAT_IRIS)
