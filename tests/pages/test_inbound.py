"""'What links here' lists the first links of each property and counts the rest truly (issue 13,
item 19): it read the first 500 links over all properties, so properties past them were dropped and
'… N more' counted only what had been read; blank-node subjects vanished from the count."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from r2p_kg.web.pages.data import Dataset

from .conftest import make_app

BASE = "https://w3id.org/r2p/"
TARGET = BASE + "id/country/XX"


def corpus() -> str:
    """XX has 300 citers by ex:cites (+3 blank nodes), 300 by ex:names, 2 by ex:about; YY only one link."""
    lines = ["@prefix ex: <https://example.org/> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             f"<{TARGET}> rdfs:label \"XX\"@en ."]
    lines += [f"<{BASE}id/doc/c{i:03d}> ex:cites <{TARGET}> ." for i in range(300)]
    lines += [f"[] ex:cites <{TARGET}> ." for _ in range(3)]
    lines += [f"<{BASE}id/doc/n{i:03d}> ex:names <{TARGET}> ." for i in range(300)]
    lines += [f"<{BASE}id/doc/a{i}> ex:about <{TARGET}> ." for i in range(2)]
    lines += [f"<{BASE}id/doc/a0> ex:about <{BASE}id/country/YY> ."]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def client():
    return make_app(PAGES_DATASET=Dataset.from_turtle(corpus())).test_client()


def rows(page: str) -> dict[str, tuple[list[str], str]]:
    """{property IRI: (linked paths, the '… more' item's text)} of the 'What links here' table."""
    section = page[page.index('<section class="inbound">'):]
    section = section[:section.index("</section>")]
    out = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.S):
        prop = re.search(r'title="([^"]+)"', row)[1]
        links = re.findall(r'<li><a class="iri[^"]*" href="(/id/doc/[^"]+)"', row)
        more = re.search(r'<li class="more-links"><a href="([^"]+)">… (\d+) ', row)
        out[prop] = (links, more)
    return out


def test_every_property_is_listed_and_the_rest_counted(client):
    page = client.get("/id/country/XX", headers={"Accept": "text/html", "Accept-Language": "en"})
    assert page.status_code == 200
    found = rows(page.get_data(as_text=True))
    assert set(found) == {"https://example.org/about", "https://example.org/cites", "https://example.org/names"}
    cites, more = found["https://example.org/cites"]
    assert cites == [f"/id/doc/c{i:03d}" for i in range(200)]  # the first 200, in order
    assert more is not None and more[2] == "103"  # 100 IRIs and 3 blank nodes not listed
    query = parse_qs(urlsplit(more[1].replace("&amp;", "&")).query)["query"][0]
    assert query == f"SELECT DISTINCT ?s WHERE {{ ?s <https://example.org/cites> <{TARGET}> }} ORDER BY ?s"
    names, more = found["https://example.org/names"]
    assert len(names) == 200 and more is not None and more[2] == "100"
    about, more = found["https://example.org/about"]
    assert about == ["/id/doc/a0", "/id/doc/a1"] and more is None


def test_a_resource_known_only_by_its_links_has_a_page(client):
    page = client.get("/id/country/YY", headers={"Accept": "text/html"})  # YY has no triple of its own
    assert page.status_code == 200
    assert rows(page.get_data(as_text=True)) == {"https://example.org/about": (["/id/doc/a0"], None)}
    assert client.get("/id/country/ZZ", headers={"Accept": "text/html"}).status_code == 404
