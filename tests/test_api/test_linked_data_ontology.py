"""The ontology dereferences: ``/ontology`` is ``ontology/euus.ttl``; each term is a section of the page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from graph.namespaces import EUUS
from graph.resources import ONTOLOGY_DIR
from tests.test_api.conftest import assert_isomorphic, media_type, problem, rdf

NAMESPACE = str(EUUS._NS)


@pytest.fixture(scope="module")
def shipped_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "euus.ttl", format="turtle")


@pytest.mark.parametrize(
    ("accept", "url"),
    [("text/turtle", "/ontology"), ("application/ld+json", "/ontology"), ("application/n-triples", "/ontology"),
     ("application/rdf+xml", "/ontology"), (None, "/ontology.ttl"), (None, "/ontology.rdf"),
     (None, "/ontology?format=jsonld"), ("text/turtle", "/ontology/0.1.0"), (None, "/ontology/0.1.0.nt")],
)  # fmt: skip
def test_ontology_is_the_shipped_file(shipped_client: TestClient, shipped_ontology: Graph, accept: str | None,
                                      url: str) -> None:  # fmt: skip
    response = shipped_client.get(url, headers={"Accept": accept} if accept else {})
    assert_isomorphic(rdf(response), shipped_ontology)
    assert "Vary" in response.headers and 'rel="alternate"' in response.headers["link"]


def test_every_term_has_its_own_section(shipped_client: TestClient, shipped_ontology: Graph) -> None:
    page = shipped_client.get("/ontology", headers={"Accept": "text/html"})
    assert media_type(page) == "text/html" and "<script" not in page.text
    declared = {
        str(s)[len(NAMESPACE) :]
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in shipped_ontology.subjects(RDF.type, kind)
        if str(s).startswith(NAMESPACE)
    }
    sections = set(re.findall(r'<section id="([^"]+)"', page.text))
    assert declared and sections == declared
    assert all(f'href="#{name}"' in page.text for name in declared)
    meeting = page.text.split('<section id="Meeting">')[1].split("</section>")[0]
    assert NAMESPACE + "Meeting" in meeting and "A meeting of EU and US officials" in meeting


def test_every_ontology_term_used_in_the_data_leads_to_its_section(shipped_client: TestClient,
                                                                   shipped_dataset: Dataset) -> None:  # fmt: skip
    used = {
        str(term)
        for s, p, o, _ in shipped_dataset.quads((None, None, None, None))
        for term in (p, o if p == RDF.type else None)
        if isinstance(term, URIRef) and str(term).startswith(NAMESPACE)
    }
    page = shipped_client.get("/ontology", headers={"Accept": "text/html"}).text
    assert used and all(f'<section id="{term[len(NAMESPACE) :]}">' in page for term in used)


def test_unknown_versions_and_endings(shipped_client: TestClient) -> None:
    problem(shipped_client.get("/ontology/9.9.9"), 404, "9.9.9")
    problem(shipped_client.get("/ontology.xlsx"), 404, ".xlsx")
