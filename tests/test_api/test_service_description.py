"""The service description lists the result formats the endpoint really answers in, and only those."""

from __future__ import annotations

from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from graph.formats import FORMATS
from graph.namespaces import SD
from tests.test_api.conftest import ClientFactory


def test_every_listed_result_format_is_answered(make_client: ClientFactory) -> None:
    client: TestClient = make_client()
    description = Graph().parse(
        data=client.get("/sparql", headers={"Accept": "text/turtle"}).text, format="turtle"
    )
    listed = {str(o) for o in description.objects(None, SD.resultFormat)}
    by_iri = {fmt.iri: fmt for fmt in FORMATS if fmt.iri}
    assert listed and listed <= set(by_iri), listed - set(by_iri)
    for iri in listed:
        fmt = by_iri[iri]
        query = (
            "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
            if fmt.carries == "results"
            else "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
        )
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": fmt.media_type})
        assert answer.status_code == 200, (iri, answer.text)
        assert answer.headers["content-type"].startswith(fmt.media_type), iri
    assert URIRef("http://www.w3.org/ns/formats/JSON-LD") in set(description.objects(None, SD.resultFormat))
