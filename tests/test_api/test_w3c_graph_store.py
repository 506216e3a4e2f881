"""The 13 W3C Graph Store Protocol tests, then the graph store promises of our own, over HTTP.

Cases from ``w3c/rdf-tests: sparql/sparql11/graph-store-protocol/manifest-direct.ttl`` (4) and
``manifest-indirect.ttl`` (9), test names as ids. ``/gsp`` of the manifest is our ``/store``. With
direct identification the graph IRI is the request URL, ``http://testserver/store/person/1.ttl`` under
``TestClient``. Where the manifest allows several statuses we assert ours: 201 when a PUT or POST
creates a graph, 204 when it replaces or adds to one, 204 for DELETE, 404 for a missing graph (GET,
HEAD, DELETE). Returned graphs are compared with the expected ones by isomorphism.

Each case starts from a store without the graphs it uses (the manifest runs them in one sequence).
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
ALICE = """
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    @prefix v: <http://www.w3.org/2006/vcard/ns#> .

    []  a foaf:Person;
        foaf:businessCard [
            a v:VCard;
            v:given-name "Alice"
        ] .
"""
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
BOUNDARY = "a6fe4cd636164618814be9f8d3d1a0de"
MULTIPART = (
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="lastName.ttl"; filename="lastName.ttl"\r\n'
    "Content-Type: text/turtle; charset=utf-8\r\n"
    "\r\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\r\n"
    '<http://www.example/gsp/person/1> foaf:familyName "Doe" .\r\n'
    "\r\n"
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="firstName.ttl"; filename="firstName.ttl"\r\n'
    "Content-Type: text/turtle; charset=utf-8\r\n"
    "\r\n"
    "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\r\n"
    '<http://www.example/gsp/person/1> foaf:givenName "Jane" .\r\n'
    "\r\n"
    f"--{BOUNDARY}--\r\n"
)


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


def post(client: TestClient, url: str, body: str, content_type: str = TURTLE) -> Any:
    return client.post(url, content=body.encode(), headers={**AUTH, "Content-Type": content_type})


def get_turtle(client: TestClient, url: str, expected: str) -> None:
    """GET as Turtle: 200, ``text/turtle; charset=utf-8`` and a graph isomorphic to ``expected``."""
    response = client.get(url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].replace(" ", "").lower() == TURTLE.replace(" ", "")
    assert_isomorphic(rdf(response), turtle(expected))


# ------------------------------------------------------------------------------------ W3C: direct


def test_put_get_repeat_direct(client: TestClient) -> None:
    assert put(client, "/store/person/1.ttl", JOHN).status_code == 201
    get_turtle(client, "/store/person/1.ttl", JOHN)
    assert put(client, "/store/person/1.ttl", JANE).status_code == 204
    get_turtle(client, "/store/person/1.ttl", JANE)
    # the graph is named by its URL: the same graph is reachable with indirect identification
    get_turtle(client, f"/store?graph={DIRECT_1}", JANE)


def test_put_delete_get_delete_direct(client: TestClient) -> None:
    assert put(client, "/store/person/2.ttl", ALICE).status_code == 201
    assert client.delete("/store/person/2.ttl", headers=AUTH).status_code == 204
    problem(client.get("/store/person/2.ttl"), 404, DIRECT_2)
    problem(client.delete("/store/person/2.ttl", headers=AUTH), 404, DIRECT_2)


def test_post_get_post_get_direct(client: TestClient) -> None:
    assert post(client, "/store/person/1.ttl", JANE).status_code == 201
    get_turtle(client, "/store/person/1.ttl", JANE)
    assert (
        post(
            client, "/store/person/1.ttl", MULTIPART, f"multipart/form-data; boundary={BOUNDARY}"
        ).status_code
        == 204
    )
    get_turtle(client, "/store/person/1.ttl", JANE_MERGED)


def test_head_existing_direct(client: TestClient) -> None:
    assert put(client, "/store/person/1.ttl", JOHN).status_code == 201
    response = client.head("/store/person/1.ttl", headers={"Accept": TURTLE})
    assert response.status_code == 200
    assert response.headers["content-type"].replace(" ", "").lower() == TURTLE.replace(" ", "")
    assert response.content == b""


# ------------------------------------------------------------------------------------ W3C: indirect


def test_put_get_repeat_indirect(client: TestClient) -> None:
    url = f"/store?graph={PERSON_1_ENCODED}"
    assert put(client, url, JOHN).status_code == 201
    get_turtle(client, url, JOHN)
    assert put(client, url, JANE).status_code == 204
    get_turtle(client, url, JANE)


def test_put_get_default(client: TestClient) -> None:
    assert put(client, "/store?default", ALICE).status_code in (201, 204)
    assert put(client, "/store?default", ALICE).status_code == 204
    get_turtle(client, "/store?default", ALICE)


def test_put_delete_get_delete_indirect(client: TestClient) -> None:
    url = "/store?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F2.ttl"
    assert put(client, url, ALICE).status_code == 201
    assert client.delete(url, headers=AUTH).status_code == 204
    problem(client.get(url), 404, PERSON_2)
    problem(client.delete(url, headers=AUTH), 404, PERSON_2)


def test_post_get_post_get_indirect(client: TestClient) -> None:
    url = f"/store?graph={PERSON_1_ENCODED}"
    assert post(client, url, JANE).status_code == 201
    get_turtle(client, url, JANE)
    assert post(client, url, MULTIPART, f"multipart/form-data; boundary={BOUNDARY}").status_code == 204
    get_turtle(client, url, JANE_MERGED)


def test_post_get_new_graph(client: TestClient) -> None:
    response = post(client, "/store", ALICE)
    assert response.status_code == 201, response.text
    location = response.headers["location"]
    assert location.startswith(("http://", "https://")), "Location is an absolute IRI"
    get_turtle(client, f"/store?graph={location}", ALICE)
    # a second POST mints another graph
    other = post(client, "/store", ALICE)
    assert other.status_code == 201 and other.headers["location"] != location
    for graph in (location, other.headers["location"]):
        assert client.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 204


def test_head_existing_indirect(client: TestClient) -> None:
    url = f"/store?graph={PERSON_1_ENCODED}"
    assert put(client, url, JOHN).status_code == 201
    response = client.head(url, headers={"Accept": TURTLE})
    assert response.status_code == 200
    assert response.headers["content-type"].replace(" ", "").lower() == TURTLE.replace(" ", "")
    assert response.content == b""


def test_head_non_existing_indirect(client: TestClient) -> None:
    response = client.head(
        "/store?graph=http%3A%2F%2Fwww.example%2Fgsp%2Fperson%2F4.ttl", headers={"Accept": TURTLE}
    )
    assert response.status_code == 404
    assert response.content == b""


def test_put_get_uri_pct_encoded_indirect(client: TestClient) -> None:
    assert put(client, f"/store?graph={PERSON_1_ENCODED}", JOHN).status_code == 201
    get_turtle(client, "/store?graph=http://www.example/gsp/person/1.ttl", JOHN)


def test_put_get_uri_pct_encoded_twice(client: TestClient) -> None:
    assert put(client, "/store?graph=http://www.example/gsp/person/1.ttl", JOHN).status_code == 201
    get_turtle(client, "/store?graph=http://www.example/gsp/person/%31.ttl", JOHN)  # %31 is "1"
    # decoded once, %2531 is "%31": another graph, which does not exist
    twice = client.get(
        "/store?graph=http://www.example/gsp/person/%2531.ttl", headers={"Accept": "text/turtle"}
    )
    problem(twice, 404, "http://www.example/gsp/person/%31.ttl")


# ------------------------------------------------------------------------------------ our promises


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


def test_all_13_w3c_cases_are_here() -> None:
    names = [
        name for name in globals() if name.startswith("test_") and name.endswith(("_direct", "_indirect"))
    ]
    names += ["test_put_get_default", "test_post_get_new_graph", "test_put_get_uri_pct_encoded_twice"]
    assert len(set(names)) == 13, sorted(names)
