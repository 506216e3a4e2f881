"""The Graph Store's promises of our own, over HTTP (the W3C's are in test_w3c_graph_store.py).

A missing graph is 404 whichever way it is named; every RDF format reads and writes the same graph;
bad input is refused with a problem JSON and changes nothing; JSON-LD contexts and XML entities are
never fetched or expanded; a write is seen by queries at once. Returned graphs are compared with the
expected ones by isomorphism. Each test starts from a store without the graphs it uses.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from tests.test_api.conftest import (
    AUTH,
    ClientFactory,
    RecordingServer,
    assert_isomorphic,
    media_type,
    problem,
    rdf,
    rdf_dataset,
    rows,
    turtle,
)

PERSON_1 = "http://www.example/gsp/person/1.ttl"
PERSON_2 = "http://www.example/gsp/person/2.ttl"
PERSON_4 = "http://www.example/gsp/person/4.ttl"
PERSON_1_ENCODED = "http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F1.ttl"
DIRECT_1 = "http://testserver/store/person/1.ttl"
DIRECT_2 = "http://testserver/store/person/2.ttl"
TURTLE = "text/turtle; charset=utf-8"

JOHN = """
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix v: <http://www.w3.org/2006/vcard/ns#> .

    <http://www.example/gsp/person/1> a foaf:Person;
        foaf:businessCard [
            a v:VCard;
            v:fn "John Doe"
        ].
"""
JANE = JOHN.replace("John Doe", "Jane Doe")
JANE_MERGED = """
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix v: <http://www.w3.org/2006/vcard/ns#> .

    <http://www.example/gsp/person/1> a foaf:Person;
        foaf:givenName      "Jane";
        foaf:familyName     "Doe";
        foaf:businessCard [
            a               v:VCard;
            v:fn            "Jane Doe"
        ] .
"""


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """The scratch service of this module."""
    return make_client()


@pytest.fixture(autouse=True)
def fresh(client: TestClient) -> None:
    """Remove the graphs the cases use, whatever an earlier case left."""
    for url in ("/store/person/1.ttl", "/store/person/2.ttl"):
        assert client.delete(url, headers=AUTH).status_code in (204, 404)
    for graph in (PERSON_1, PERSON_2, "http://www.example/gsp/person/%31.ttl"):
        assert client.delete("/store", params={"graph": graph}, headers=AUTH).status_code in (204, 404)


def put(client: TestClient, url: str, body: str, content_type: str = TURTLE) -> Any:
    return client.put(url, content=body.encode(), headers={**AUTH, "Content-Type": content_type})


def get_turtle(client: TestClient, url: str, expected: str) -> None:
    """GET as Turtle: 200, ``text/turtle; charset=utf-8`` and a graph isomorphic to ``expected``."""
    response = client.get(url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].replace(" ", "").lower() == TURTLE.replace(" ", "")
    assert_isomorphic(rdf(response), turtle(expected))


@pytest.mark.parametrize("method", ["GET", "HEAD", "DELETE"])
@pytest.mark.parametrize(
    "url", [f"/store?graph={PERSON_4}", "/store/person/4.ttl"], ids=["indirect", "direct"]
)
def test_missing_graph_is_404(client: TestClient, method: str, url: str) -> None:
    response = client.request(method, url, headers=AUTH)
    if method == "HEAD":
        assert response.status_code == 404 and response.content == b""
    else:
        problem(response, 404, "person/4.ttl")


@pytest.mark.parametrize(
    ("accept", "by_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "ntriples"), ("application/ld+json", "json-ld"),
     ("application/rdf+xml", "rdfxml")],
)  # fmt: skip
def test_get_in_every_format_is_isomorphic_to_the_put(
    client: TestClient, accept: str, by_format: str
) -> None:
    assert put(client, f"/store?graph={PERSON_1_ENCODED}", JANE_MERGED).status_code == 201
    by_accept = client.get("/store", params={"graph": PERSON_1}, headers={"Accept": accept})
    assert media_type(by_accept) == accept
    assert_isomorphic(rdf(by_accept), turtle(JANE_MERGED))
    by_name = client.get("/store", params={"graph": PERSON_1, "format": by_format})
    assert media_type(by_name) == accept
    assert_isomorphic(rdf(by_name), turtle(JANE_MERGED))


@pytest.mark.parametrize("rdflib_format", ["nt", "xml", "json-ld", "turtle"])
def test_put_in_every_input_format(client: TestClient, rdflib_format: str) -> None:
    content_type = {
        "nt": "application/n-triples", "xml": "application/rdf+xml", "json-ld": "application/ld+json",
        "turtle": "text/turtle",
    }[rdflib_format]  # fmt: skip
    body = turtle(JANE_MERGED).serialize(format=rdflib_format)
    assert put(client, f"/store?graph={PERSON_1_ENCODED}", body, content_type).status_code == 201
    get_turtle(client, f"/store?graph={PERSON_1_ENCODED}", JANE_MERGED)


def test_dump_of_the_whole_store(client: TestClient) -> None:
    assert put(client, f"/store?graph={PERSON_1_ENCODED}", JOHN).status_code == 201
    for accept in ("application/n-quads", "application/trig"):
        dataset = rdf_dataset(client.get("/store", headers={"Accept": accept}))
        person = Graph()
        for s, p, o, g in dataset.quads((None, None, None, None)):
            if g is not None and str(g) == PERSON_1:
                person.add((s, p, o))
        assert_isomorphic(person, turtle(JOHN))


def test_unsupported_media_type_is_415(client: TestClient) -> None:
    response = put(client, f"/store?graph={PERSON_1_ENCODED}", "<p>hello</p>", "text/html")
    problem(response, 415, "text/html")
    assert client.get("/store", params={"graph": PERSON_1}).status_code == 404


def test_malformed_turtle_is_400_with_position(client: TestClient) -> None:
    body = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://www.example/gsp/person/1> a foaf:Person ;\n"
    body += "  foaf:name .\n"
    response = put(client, f"/store?graph={PERSON_1_ENCODED}", body)
    found = problem(response, 400)
    assert found.get("line") == 3
    assert client.get("/store", params={"graph": PERSON_1}).status_code == 404


def test_malformed_put_keeps_the_old_graph(client: TestClient) -> None:
    url = f"/store?graph={PERSON_1_ENCODED}"
    assert put(client, url, JOHN).status_code == 201
    problem(put(client, url, JANE + "\n<oops"), 400)
    get_turtle(client, url, JOHN)


@pytest.mark.parametrize(
    "context",
    [
        '"{url}/context.jsonld"',
        '["{url}/context.jsonld", {{"v": "http://www.w3.org/2006/vcard/ns#"}}]',
        '{{"@import": "{url}/context.jsonld"}}',
    ],
    ids=["string", "in-array", "import"],
)
def test_json_ld_remote_context_is_never_fetched(
    client: TestClient, recorder: RecordingServer, context: str
) -> None:
    remote = context.format(url=recorder.url)
    body = f'{{"@context": {remote}, "@id": "http://www.example/gsp/person/1", "name": "Jane"}}'
    response = put(client, f"/store?graph={PERSON_1_ENCODED}", body, "application/ld+json")
    assert recorder.requests == []
    if response.status_code == 400:
        problem(response, 400)
    else:  # the context was ignored, not fetched
        assert response.status_code == 201, response.text
        stored = rdf(
            client.get("/store", params={"graph": PERSON_1}, headers={"Accept": "application/n-triples"})
        )
        assert (None, URIRef("http://schema.org/name"), None) not in stored


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/bomb"><ex:p>&lol9;</ex:p></rdf:Description>
</rdf:RDF>
"""
EXTERNAL_ENTITIES = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY file SYSTEM "file:///etc/passwd">
  <!ENTITY web SYSTEM "{url}/entity">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/xxe"><ex:p>&file;&web;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_rdf_xml_entity_bomb_is_refused_or_harmless(client: TestClient) -> None:
    started = time.monotonic()
    response = put(client, f"/store?graph={PERSON_1_ENCODED}", BILLION_LAUGHS, "application/rdf+xml")
    assert time.monotonic() - started < 2.0
    if response.status_code == 400:
        problem(response, 400)
    else:
        assert response.status_code == 201, response.text
        stored = rdf(
            client.get("/store", params={"graph": PERSON_1}, headers={"Accept": "application/n-triples"})
        )
        assert all(len(str(o)) < 10**6 for o in stored.objects()), "the entities were expanded"
    assert client.get("/health").status_code == 200


def test_rdf_xml_external_entities_are_not_resolved(client: TestClient, recorder: RecordingServer) -> None:
    response = put(client, f"/store?graph={PERSON_1_ENCODED}", EXTERNAL_ENTITIES.format(url=recorder.url),
                   "application/rdf+xml")  # fmt: skip
    assert recorder.requests == []
    if response.status_code == 400:
        problem(response, 400)
    else:
        assert response.status_code == 201, response.text
        stored = rdf(
            client.get("/store", params={"graph": PERSON_1}, headers={"Accept": "application/n-triples"})
        )
        assert not any("root:" in str(o) for o in stored.objects())


def test_graph_store_writes_are_seen_by_queries(client: TestClient) -> None:
    assert put(client, "/store/person/1.ttl", JANE_MERGED).status_code == 201
    query = (
        f"SELECT ?name WHERE {{ GRAPH <{DIRECT_1}> {{ ?p <http://xmlns.com/foaf/0.1/givenName> ?name }} }}"
    )
    assert rows(client.get("/sparql", params={"query": query})) == [{"name": Literal("Jane")}]
