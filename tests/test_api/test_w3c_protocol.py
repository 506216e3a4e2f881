"""The 34 W3C SPARQL 1.1 Protocol tests, then the protocol promises of our own, over HTTP.

The W3C cases are taken from ``w3c/rdf-tests: sparql/sparql11/protocol/manifest.ttl`` (test names as
ids). The manifest allows "2xx or 3xx" for successes; we assert the status we give: 200 for queries,
204 for updates. For "4xx" we assert the status we chose (400 malformed, 405 wrong method, 415 media
type or charset) and that the answer is ``application/problem+json`` naming the problem.

Everything runs against one scratch service per module (own store, write token, no shape checks: the
W3C data is not ours). Tests that need a known state put it there themselves.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF

from tests.test_api.conftest import (
    AUTH,
    TOKEN,
    ClientFactory,
    RecordingServer,
    assert_isomorphic,
    assert_same_dataset,
    boolean,
    media_type,
    problem,
    rdf,
    rdf_dataset,
    rows,
)

K = "http://kasei.us/2009/09/sparql/data/"
FORM = "application/x-www-form-urlencoded"
SQ = "application/sparql-query"
SU = "application/sparql-update"
EX = Namespace("http://example.org/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCT = Namespace("http://purl.org/dc/terms/")


def data(n: int) -> str:
    """The IRI of the W3C test graph ``dataN.rdf``."""
    return f"{K}data{n}.rdf"


def dgu(n: int) -> tuple[str, str]:
    return ("default-graph-uri", data(n))


def ngu(n: int) -> tuple[str, str]:
    return ("named-graph-uri", data(n))


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """The scratch service of this module."""
    return make_client()


@pytest.fixture
def kasei(client: TestClient) -> None:
    """``data1.nt``..``data3.nt`` of the W3C suite, each put (GSP PUT) into the named graph of its label."""
    for n in (1, 2, 3):
        triple = f"<{data(n)}> <{RDF.type}> <{FOAF.Document}> .\n"
        response = client.put(
            "/store", params={"graph": data(n)}, content=triple,
            headers={**AUTH, "Content-Type": "application/n-triples"},
        )  # fmt: skip
        assert response.status_code in (201, 204), response.text


def send(
    client: TestClient,
    method: str,
    params: list[tuple[str, str]],
    content_type: str | None = None,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """One request to /sparql, exactly as the manifest gives it (no Content-Type unless one is given)."""
    all_headers = dict(headers or {})
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    content = body.encode() if isinstance(body, str) else body
    return client.request(method, "/sparql", params=params, content=content, headers=all_headers)


def ask(client: TestClient, query: str, **params: Any) -> bool:
    response = client.get(
        "/sparql", params={"query": query, **params}, headers={"Accept": "application/sparql-results+json"}
    )
    return boolean(response)


def update(client: TestClient, text: str, params: list[tuple[str, str]] | None = None) -> None:
    response = send(client, "POST", params or [], SU, text, AUTH)
    assert response.status_code == 204, response.text


# ------------------------------------------------------------------------------------ W3C: queries

ASK_DEFAULT_12 = f"ASK {{ <{data(1)}> a ?type . <{data(2)}> a ?type . }}"
ASK_NAMED_12 = f"ASK {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} GRAPH ?g2 {{ <{data(2)}> a ?type }} }}"
ASK_FULL = f"""ASK {{
  <{data(3)}> a ?type
  GRAPH ?g1 {{ <{data(1)}> a ?type }}
  GRAPH ?g2 {{ <{data(2)}> a ?type }}
}}"""
ASK_FROM = (
    f"ASK FROM <{data(3)}> {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} GRAPH ?g2 {{ <{data(2)}> a ?type }} }}"
)


@pytest.mark.parametrize(
    ("method", "params", "content_type", "body"),
    [
        pytest.param("POST", [dgu(0)], FORM, "query=ASK%20%7B%7D", id="query_post_form"),
        pytest.param("GET", [("query", ASK_DEFAULT_12), dgu(1), dgu(2)], None, None,
                     id="query_dataset_default_graphs_get"),
        pytest.param("POST", [dgu(1), dgu(2)], SQ, ASK_DEFAULT_12, id="query_dataset_default_graphs_post"),
        pytest.param("POST", [ngu(1), ngu(2)], SQ, ASK_NAMED_12, id="query_dataset_named_graphs_post"),
        pytest.param("GET", [("query", ASK_NAMED_12), ngu(1), ngu(2)], None, None,
                     id="query_dataset_named_graphs_get"),
        pytest.param("POST", [dgu(3), ngu(1), ngu(2)], SQ, ASK_FULL, id="query_dataset_full"),
        # The manifest's URL percent-encodes the '&' between the two named-graph-uri parameters
        # ("...data1.rdf%26named-graph-uri%3D...data2.rdf"), which makes it ONE parameter naming a graph
        # that does not exist; the expected `true` needs the two parameters the test clearly intends.
        pytest.param("POST", [ngu(1), ngu(2)], SQ, ASK_FROM, id="query_multiple_dataset"),
        pytest.param("GET", [("query", "ASK {}"), dgu(0)], None, None, id="query_get"),
        pytest.param("POST", [], SQ, "ASK {}", id="query_post_direct"),
    ],
)  # fmt: skip
@pytest.mark.usefixtures("kasei")
def test_query_answers_true(
    client: TestClient, method: str, params: list[tuple[str, str]], content_type: str | None, body: str | None
) -> None:
    response = send(client, method, params, content_type, body)
    assert response.status_code == 200, response.text
    assert boolean(response) is True


def test_query_multiple_dataset_protocol_overrides_from(client: TestClient, kasei: None) -> None:
    """query_multiple_dataset, the other half: FROM alone gives no named graphs, so the ASK is false."""
    response = send(client, "POST", [], SQ, ASK_FROM)
    assert boolean(response) is False


def test_query_content_type_select(client: TestClient) -> None:
    response = send(client, "POST", [dgu(0)], SQ, "SELECT (1 AS ?value) {}")
    assert media_type(response) in (
        "application/sparql-results+xml", "application/sparql-results+json",
        "text/csv", "text/tab-separated-values",
    )  # fmt: skip
    assert rows(response) == [{"value": Literal(1)}]


def test_query_content_type_ask(client: TestClient) -> None:
    response = send(client, "POST", [dgu(0)], SQ, "ASK {}")
    assert media_type(response) in ("application/sparql-results+xml", "application/sparql-results+json")
    assert boolean(response) is True


def test_query_content_type_describe(client: TestClient) -> None:
    response = send(client, "POST", [dgu(0)], SQ, "DESCRIBE <http://example.org/>")
    assert media_type(response) in ("application/rdf+xml", "text/turtle", "application/n-triples")
    assert len(rdf(response)) == 0  # an empty result is still RDF


def test_query_content_type_construct(client: TestClient, base_iri: str) -> None:
    response = send(client, "POST", [dgu(0)], SQ, "CONSTRUCT { <s> <p> 1 } WHERE {}")
    assert media_type(response) in ("application/rdf+xml", "text/turtle", "application/n-triples")
    # relative IRIs in a query resolve against the service's base IRI, like those of updates
    expected = Graph()
    expected.add((URIRef(base_iri + "s"), URIRef(base_iri + "p"), Literal(1)))
    assert_isomorphic(rdf(response), expected)


@pytest.fixture(scope="module")
def base_iri(client: TestClient) -> str:
    return str(client.app.state.settings.base_iri)  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------ W3C: updates

PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_123 = f"""INSERT DATA {{
    GRAPH <{data(1)}> {{ <{data(1)}> a foaf:Document }}
    GRAPH <{data(2)}> {{ <{data(2)}> a foaf:Document }}
    GRAPH <{data(3)}> {{ <{data(3)}> a foaf:Document }}
}} ;
"""
ASK_12_NOT_3 = """ASK {{
    GRAPH <{graph}> {{
        <{d1}> a <http://purl.org/dc/terms/BibliographicResource> .
        <{d2}> a <http://purl.org/dc/terms/BibliographicResource> .
    }}
    FILTER NOT EXISTS {{
        GRAPH <{graph}> {{
            <{d3}> a <http://purl.org/dc/terms/BibliographicResource> .
        }}
    }}
}}"""


def ask_12_not_3(graph: str) -> str:
    return ASK_12_NOT_3.format(graph=graph, d1=data(1), d2=data(2), d3=data(3))


UPDATE_CASES = [
    pytest.param(
        [("using-graph-uri", data(1))],
        PREFIXES
        + f"""CLEAR ALL ;
INSERT DATA {{
    GRAPH <{data(1)}> {{
        <{data(1)}> a foaf:Document
    }}
}} ;
INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    ?s a foaf:Document
}}""",
        f"""ASK {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        <{data(1)}> a <http://purl.org/dc/terms/BibliographicResource>
    }}
}}""",
        id="update_dataset_default_graph",
    ),
    pytest.param(
        [("using-graph-uri", data(1)), ("using-graph-uri", data(2))],
        PREFIXES
        + "DROP ALL ;\n"
        + INSERT_123
        + """INSERT {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}""",
        ask_12_not_3("http://example.org/protocol-update-dataset-graphs-test/"),
        id="update_dataset_default_graphs",
    ),
    pytest.param(
        [("using-named-graph-uri", data(1)), ("using-named-graph-uri", data(2))],
        PREFIXES
        + "DROP ALL ;\n"
        + INSERT_123
        + """INSERT {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    GRAPH ?g {
        ?s a foaf:Document
    }
}""",
        ask_12_not_3("http://example.org/protocol-update-dataset-named-graphs-test/"),
        id="update_dataset_named_graphs",
    ),
    pytest.param(
        [("using-graph-uri", data(1)), ("using-named-graph-uri", data(2))],
        PREFIXES
        + "DROP ALL ;\n"
        + INSERT_123
        + """INSERT {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {
        ?s <http://example.org/in> ?in
    }
}
WHERE {
    {
        GRAPH ?g { ?s a foaf:Document }
        BIND(?g AS ?in)
    }
    UNION
    {
        ?s a foaf:Document .
        BIND("default" AS ?in)
    }
}""",
        f"""ASK {{
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {{
        <{data(1)}> <http://example.org/in> "default" .
        <{data(2)}> <http://example.org/in> <{data(2)}> .
    }}
    FILTER NOT EXISTS {{
        GRAPH <http://example.org/protocol-update-dataset-full-test/> {{
            <{data(3)}> ?p ?o
        }}
    }}
}}""",
        id="update_dataset_full",
    ),
]


@pytest.mark.parametrize(("params", "text", "check"), UPDATE_CASES)
def test_update_with_protocol_dataset(
    client: TestClient, params: list[tuple[str, str]], text: str, check: str
) -> None:
    response = send(client, "POST", params, SU, text, AUTH)
    assert response.status_code == 204, response.text
    assert boolean(send(client, "POST", [], SQ, check)) is True


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        pytest.param(FORM, "update=CLEAR+ALL", id="update_post_form"),
        pytest.param(SU, "CLEAR ALL", id="update_post_direct"),
    ],
)
def test_update_clear_all(client: TestClient, kasei: None, content_type: str, body: str) -> None:
    assert ask(client, "ASK { ?s ?p ?o }") is True
    response = send(client, "POST", [], content_type, body, AUTH)
    assert response.status_code == 204, response.text
    assert ask(client, "ASK { ?s ?p ?o }") is False


BASE_TEST_UPDATE = """CLEAR GRAPH <http://example.org/protocol-base-test/> ;
INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }"""


def test_update_base_uri(client: TestClient, base_iri: str) -> None:
    response = send(client, "POST", [], SU, BASE_TEST_UPDATE, AUTH)
    assert response.status_code == 204, response.text
    answer = send(client, "POST", [], SQ, """SELECT ?o WHERE {
    GRAPH <http://example.org/protocol-base-test/> {
        <http://example.org/s> <http://example.org/p> ?o
    }
}""")  # fmt: skip
    found = rows(answer)
    assert len(found) == 1
    value = found[0]["o"]
    assert isinstance(value, URIRef) and str(value) != "test"
    assert value == URIRef(base_iri + "test"), "relative IRIs resolve against EUUS_BASE_IRI"


# ------------------------------------------------------------------------------------ W3C: errors

BAD_CASES = [
    # id, method, params, content type, body, status, words the problem must name
    ("bad_query_method", "PUT", [("query", "ASK {}"), dgu(0)], FORM, b"", 405, ["method"]),
    ("bad_multiple_queries", "GET", [("query", "ASK {}"), ("query", "SELECT * {}")], None, None, 400,
     ["query"]),
    ("bad_query_wrong_media_type", "POST", [], "text/plain", "ASK {}", 415, ["text/plain"]),
    ("bad_query_missing_form_type", "POST", [], None, "query=ASK%20%7B%7D", 415, ["content-type"]),
    ("bad_query_missing_direct_type", "POST", [], None, "ASK {}", 415, ["content-type"]),
    ("bad_query_non_utf8", "POST", [], f"{SQ}; charset=UTF-16", "ASK {}".encode("utf-16"), 415, ["utf-8"]),
    ("bad_query_syntax", "GET", [("query", "ASK {")], None, None, 400, ["line", "column"]),
    ("bad_update_get", "GET", [("update", "CLEAR ALL")], None, None, 400, ["post"]),
    ("bad_multiple_updates", "POST", [], FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", 400,
     ["update"]),
    ("bad_update_wrong_media_type", "POST", [], "text/plain", "CLEAR NAMED", 415, ["text/plain"]),
    ("bad_update_missing_form_type", "POST", [], None, "update=CLEAR%20NAMED", 415, ["content-type"]),
    ("bad_update_non_utf8", "POST", [], f"{SU}; charset=UTF-16", "CLEAR NAMED".encode("utf-16"), 415,
     ["utf-8"]),
    ("bad_update_syntax", "POST", [], FORM, "update=CLEAR%20XYZ", 400, ["line", "column"]),
    ("bad_update_dataset_conflict", "POST", [("using-named-graph-uri", "http://example/people")], SU,
     """PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}""", 400, ["with"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "params", "content_type", "body", "status", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_CASES],
)
def test_bad_request(
    client: TestClient,
    kasei: None,
    method: str,
    params: list[tuple[str, str]],
    content_type: str | None,
    body: str | bytes | None,
    status: int,
    words: list[str],
) -> None:
    # updates carry the write token, so that the refusal is about the request itself
    response = send(client, method, params, content_type, body, AUTH)
    problem(response, status, *words)
    assert ask(client, f"ASK {{ GRAPH <{data(1)}> {{ ?s ?p ?o }} }}") is True, (
        "a refused request changed the store"
    )


def test_all_34_w3c_cases_are_here() -> None:
    """Guard against losing a case: the manifest has 34 entries."""
    ids = {
        "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
        "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
        "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
        "query_content_type_describe", "query_content_type_construct", "update_dataset_default_graph",
        "update_dataset_default_graphs", "update_dataset_named_graphs", "update_dataset_full",
        "update_post_form", "update_post_direct", "update_base_uri", "query_post_direct",
    } | {case[0] for case in BAD_CASES}  # fmt: skip
    assert len(ids) == 34


# ------------------------------------------------------------------------------------ our promises


def put_turtle(client: TestClient, graph: str, text: str) -> None:
    """GSP PUT of Turtle (N-Triples lines are Turtle too) into ``graph``."""
    headers = {**AUTH, "Content-Type": "text/turtle"}
    response = client.put("/store", params={"graph": graph}, content=text, headers=headers)
    assert response.status_code in (201, 204), response.text


def test_default_graph_is_the_union_of_all_graphs(client: TestClient) -> None:
    put_turtle(client, "http://example.org/union-test", "<http://example.org/u> <http://example.org/p> 1 .\n")
    assert ask(client, "ASK { <http://example.org/u> <http://example.org/p> 1 }") is True
    # a protocol dataset replaces the union: the triple is not in data0 (which does not even exist)
    assert (
        ask(
            client,
            "ASK { <http://example.org/u> <http://example.org/p> 1 }",
            **{"default-graph-uri": data(0)},
        )
        is False
    )


def test_dataset_parameters_pick_stored_graphs_and_fetch_nothing(
    client: TestClient, recorder: RecordingServer
) -> None:
    stored, absent = f"{recorder.url}/stored", f"{recorder.url}/absent"
    put_turtle(client, stored, "<http://example.org/local> <http://example.org/p> 2 .\n")
    query = "ASK { <http://example.org/local> <http://example.org/p> 2 }"
    assert boolean(send(client, "GET", [("query", query), ("default-graph-uri", stored)])) is True
    assert boolean(send(client, "GET", [("query", query), ("default-graph-uri", absent)])) is False
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    found = rows(
        send(client, "GET", [("query", named), ("named-graph-uri", stored), ("named-graph-uri", absent)])
    )
    assert found == [{"g": URIRef(stored)}]
    assert recorder.requests == []


def test_from_and_from_named_fetch_nothing(client: TestClient, recorder: RecordingServer) -> None:
    query = (
        f"SELECT * FROM <{recorder.url}/x> FROM NAMED <{recorder.url}/y> "  # noqa: S608 - SPARQL, not SQL
        "WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert send(client, "POST", [], SQ, query).status_code == 200
    assert recorder.requests == []


def test_from_clause_sets_the_default_graph(client: TestClient, kasei: None) -> None:
    """FROM replaces the union default graph (SPARQL 1.1 Query §13.2); an unknown graph is empty."""
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    found = rows(send(client, "POST", [], SQ, query.replace("WHERE", f"FROM <{data(2)}> WHERE")))
    assert found == [{"s": URIRef(data(2))}]
    assert rows(send(client, "POST", [], SQ, query.replace("WHERE", f"FROM <{data(0)}> WHERE"))) == []
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    found = rows(send(client, "POST", [], SQ, named.replace("WHERE", f"FROM NAMED <{data(3)}> WHERE")))
    assert found == [{"g": URIRef(data(3))}]


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/sparql> {{ ?s ?q ?r }} }} }}",
        "ASK {{ sErViCe <{url}/sparql> {{ ?s ?p ?o }} }}",
    ],
    ids=["plain", "silent", "in-optional", "mixed-case"],
)
def test_service_is_refused(client: TestClient, recorder: RecordingServer, template: str) -> None:
    response = send(client, "GET", [("query", template.format(url=recorder.url))])
    problem(response, 403, "SERVICE")
    assert recorder.requests == []


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{url}/data.ttl>",
        "LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/loaded>",
        "LOAD <file:///etc/passwd> INTO GRAPH <http://example.org/loaded>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
    ],
    ids=["http", "silent-into-graph", "file", "service-in-update"],
)
def test_load_and_service_in_updates_are_refused(
    client: TestClient, recorder: RecordingServer, template: str
) -> None:
    response = send(client, "POST", [], SU, template.format(url=recorder.url), AUTH)
    problem(response, 403)
    assert recorder.requests == []
    assert ask(client, "ASK { GRAPH <http://example.org/loaded> { ?s ?p ?o } }") is False


def test_malformed_query_gives_line_and_column(client: TestClient) -> None:
    query = "SELECT ?s\nWHERE { ?s ?p ?o .\n  FILTER( }"
    body = problem(send(client, "GET", [("query", query)]), 400, "invalid")
    assert body["line"] == 3
    assert isinstance(body["column"], int) and body["column"] >= 1


def test_malformed_query_position_ignores_predeclared_prefixes(client: TestClient) -> None:
    """Our known prefixes are added in front of the text; the position must still point into the caller's."""
    query = "SELECT ?m\nWHERE { ?m a euus:Meeting ;\n  dct:title }"
    body = problem(send(client, "GET", [("query", query)]), 400)
    assert body["line"] == 3


@pytest.mark.parametrize(
    ("query", "accept", "offered"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "image/png", "application/sparql-results+json"),
        ("ASK {}", "text/csv", "application/sparql-results+xml"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json", "text/turtle"),
    ],
    ids=["select", "ask", "construct"],
)
def test_406_lists_the_offered_formats(client: TestClient, query: str, accept: str, offered: str) -> None:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    body = problem(response, 406, offered)
    assert offered in body["offered"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
     ("csv", "text/csv"), ("tsv", "text/tab-separated-values")],
)  # fmt: skip
def test_format_parameter_overrides_accept(client: TestClient, name: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": "SELECT (1 AS ?one) {}", "format": name},
                          headers={"Accept": "text/html"})  # fmt: skip
    assert media_type(response) == expected
    assert [str(row["one"]) for row in rows(response)] == ["1"]


SELECT_KASEI = f"""SELECT ?doc ?label WHERE {{
  VALUES ?doc {{ <{data(1)}> <{data(2)}> }}
  ?doc a <{FOAF.Document}> .
  BIND(CONCAT("doc ", STRAFTER(STR(?doc), "data/")) AS ?label)
}}"""


@pytest.mark.parametrize(
    "accept",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_every_select_format_parses(client: TestClient, kasei: None, accept: str) -> None:
    response = client.get("/sparql", params={"query": SELECT_KASEI}, headers={"Accept": accept})
    assert media_type(response) == accept
    found = {(row["doc"], str(row["label"])) for row in rows(response)}
    assert found == {(URIRef(data(1)), "doc data1.rdf"), (URIRef(data(2)), "doc data2.rdf")}


CONSTRUCT_KASEI = f"""CONSTRUCT {{ ?doc a <{FOAF.Document}> ; <{DCT.title}> ?title }} WHERE {{
  VALUES ?doc {{ <{data(1)}> <{data(3)}> }}
  ?doc a <{FOAF.Document}> .
  BIND(STRLANG(STRAFTER(STR(?doc), "data/"), "en") AS ?title)
}}"""


@pytest.mark.parametrize(
    ("format_name", "expected"),
    [("turtle", "text/turtle"), ("ntriples", "application/n-triples"), ("nquads", "application/n-quads"),
     ("trig", "application/trig"), ("json-ld", "application/ld+json"), ("rdfxml", "application/rdf+xml")],
)  # fmt: skip
@pytest.mark.parametrize("by", ["accept", "format"])
def test_every_construct_format_parses(
    client: TestClient, kasei: None, format_name: str, expected: str, by: str
) -> None:
    if by == "accept":
        response = client.get("/sparql", params={"query": CONSTRUCT_KASEI}, headers={"Accept": expected})
    else:
        response = client.get("/sparql", params={"query": CONSTRUCT_KASEI, "format": format_name})
    assert media_type(response) == expected
    if expected in ("application/n-quads", "application/trig"):
        graph = Graph()
        for s, p, o, _ in rdf_dataset(response).quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph = rdf(response)
    want = Graph()
    for n in (1, 3):
        want.add((URIRef(data(n)), RDF.type, FOAF.Document))
        want.add((URIRef(data(n)), DCT.title, Literal(f"data{n}.rdf", lang="en")))
    assert_isomorphic(graph, want)


def description(client: TestClient, accept: str) -> Graph:
    response = client.get("/sparql", headers={"Accept": accept})
    assert media_type(response) == accept
    return rdf(response)


def union_size(graph: Graph) -> int:
    service = graph.value(predicate=RDF.type, object=SD.Service)
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    return int(graph.value(default, VOID.triples))  # type: ignore[arg-type]


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json"])
def test_service_description(client: TestClient, accept: str) -> None:
    graph = description(client, accept)
    service = graph.value(predicate=RDF.type, object=SD.Service)
    assert service is not None
    assert (service, SD.endpoint, URIRef("http://testserver/sparql")) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    client.delete("/store", params={"graph": "http://example.org/sd-count"}, headers=AUTH)
    before = union_size(description(client, accept))
    put_turtle(client, "http://example.org/sd-count", "<http://example.org/a> <http://example.org/p> 1, 2 .")
    assert union_size(description(client, accept)) == before + 2, "void:triples is not live"
    assert (
        client.delete("/store", params={"graph": "http://example.org/sd-count"}, headers=AUTH).status_code
        == 204
    )
    assert union_size(description(client, accept)) == before


def test_cors_preflight_and_simple_request(client: TestClient) -> None:
    origin = "https://elsewhere.example"
    asking = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    preflight = client.options("/sparql", headers=asking)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", origin)
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
    simple = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": origin})
    assert simple.status_code == 200
    assert simple.headers["access-control-allow-origin"] in ("*", origin)
    assert "access-control-allow-credentials" not in simple.headers


def test_large_answers_are_gzipped(client: TestClient) -> None:
    lines = "".join(
        f'<http://example.org/big/{i}> <http://example.org/p> "value number {i}" .\n' for i in range(400)
    )
    put_turtle(client, "http://example.org/big", lines)
    query = "SELECT ?s ?o WHERE { GRAPH <http://example.org/big> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert len(rows(response)) == 400  # httpx decompressed it
    graph = client.get("/store", params={"graph": "http://example.org/big"},
                       headers={"Accept-Encoding": "gzip", "Accept": "application/n-triples"})  # fmt: skip
    assert graph.headers.get("content-encoding") == "gzip"
    assert len(rdf(graph)) == 400
    plain = client.get("/sparql", params={"query": query}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["backend"] == "embedded"
    assert isinstance(body["triples"], int)


def test_docs_and_openapi(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and media_type(docs) == "text/html"
    schema = client.get("/openapi.json")
    assert schema.status_code == 200
    assert {"/sparql", "/store", "/health"} <= set(schema.json()["paths"])


def test_openapi_operation_ids_are_unique(client: TestClient) -> None:
    """Client generators key operations by operationId; a duplicate makes them drop or rename one."""
    paths = client.get("/openapi.json").json()["paths"]
    ids = [op["operationId"] for methods in paths.values() for op in methods.values() if "operationId" in op]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


# ------------------------------------------------------------------------------------ writes: who may


WRITES = [
    pytest.param("POST", "/sparql", {}, SU, "INSERT DATA { <http://example.org/w> <http://example.org/p> 1 }",
                 id="sparql-update"),
    pytest.param("PUT", "/store", {"graph": "http://example.org/w"}, "text/turtle",
                 "<http://example.org/w> <http://example.org/p> 1 .", id="gsp-put"),
    pytest.param("POST", "/store", {"graph": "http://example.org/w"}, "text/turtle",
                 "<http://example.org/w> <http://example.org/p> 1 .", id="gsp-post"),
    pytest.param("DELETE", "/store", {"graph": "http://example.org/union-test"}, None, None, id="gsp-delete"),
]  # fmt: skip


def write(client: TestClient, method: str, path: str, params: dict[str, str], content_type: str | None,
          body: str | None, headers: dict[str, str]) -> Any:  # fmt: skip
    all_headers = {**headers, **({"Content-Type": content_type} if content_type else {})}
    return client.request(method, path, params=params, content=body, headers=all_headers)


def store_state(client: TestClient) -> Any:
    return rdf_dataset(client.get("/store", headers={"Accept": "application/n-quads"}))


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
def test_write_without_token_is_401(
    client: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str | None,
    body: str | None,
) -> None:
    put_turtle(client, "http://example.org/union-test", "<http://example.org/u> <http://example.org/p> 1 .\n")
    before = store_state(client)
    response = write(client, method, path, params, content_type, body, {})
    problem(response, 401, "bearer")
    assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert_same_dataset(before, store_state(client))


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token-0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x"]
)
def test_write_with_wrong_token_is_403(
    client: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str | None,
    body: str | None,
    authorization: str,
) -> None:
    put_turtle(client, "http://example.org/union-test", "<http://example.org/u> <http://example.org/p> 1 .\n")
    before = store_state(client)
    response = write(client, method, path, params, content_type, body, {"Authorization": authorization})
    if authorization.startswith("Basic"):
        problem(response, 401, "bearer")  # not a bearer token at all: asked for one
    else:
        problem(response, 403, "token")
    assert_same_dataset(before, store_state(client))


@pytest.fixture(scope="module")
def read_only(make_client: ClientFactory) -> TestClient:
    return make_client(read_only=True)


@pytest.fixture(scope="module")
def tokenless(make_client: ClientFactory) -> TestClient:
    return make_client(write_token=None)


@pytest.mark.parametrize(("method", "path", "params", "content_type", "body"), WRITES)
@pytest.mark.parametrize(("service", "word"), [("read_only", "read-only"), ("tokenless", "token")])
def test_writes_off_is_403(
    request: pytest.FixtureRequest,
    service: str,
    word: str,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str | None,
    body: str | None,
) -> None:
    off: TestClient = request.getfixturevalue(service)
    before = store_state(off)
    response = write(off, method, path, params, content_type, body, AUTH)
    problem(response, 403, word)
    assert_same_dataset(before, store_state(off))
    assert off.get("/sparql", params={"query": "ASK {}"}).status_code == 200, "reads still work"


@pytest.fixture(scope="module")
def small_bodies(make_client: ClientFactory) -> TestClient:
    return make_client(max_body_bytes=1000)


def big_turtle(size: int) -> str:
    lines, n = [], 0
    while sum(map(len, lines)) < size:
        lines.append(f'<http://example.org/too-big> <http://example.org/p> "{n:06d}" .\n')
        n += 1
    return "".join(lines)


BIG_UPDATE = "INSERT DATA { " + big_turtle(2000).replace(" .\n", " . ") + "}"
TOO_BIG = "http://example.org/too-big"
BIG_QUERY = "ASK { " + " ".join(["?s ?p ?o ."] * 200) + " }"


@pytest.mark.parametrize(
    ("method", "path", "params", "content_type", "body"),
    [
        pytest.param("POST", "/sparql", {}, SU, BIG_UPDATE, id="sparql-update"),
        pytest.param("POST", "/sparql", {}, SQ, BIG_QUERY, id="sparql-query"),
        pytest.param("PUT", "/store", {"graph": TOO_BIG}, "text/turtle", big_turtle(2000), id="gsp-put"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_over_the_limit_is_413(
    small_bodies: TestClient,
    method: str,
    path: str,
    params: dict[str, str],
    content_type: str,
    body: str,
    chunked: bool,
) -> None:
    assert len(body.encode()) > 1000
    before = store_state(small_bodies)
    content: Any = body.encode()
    if chunked:  # no Content-Length: the limit must count the bytes as they arrive
        data_bytes = content
        content = (data_bytes[i : i + 300] for i in range(0, len(data_bytes), 300))
    response = small_bodies.request(method, path, params=params, content=content,
                                    headers={**AUTH, "Content-Type": content_type})  # fmt: skip
    problem(response, 413, "1000")
    assert_same_dataset(before, store_state(small_bodies))
    assert small_bodies.get("/health").status_code == 200


# ------------------------------------------------------------------------------------ writes: the shapes


@pytest.fixture(scope="module")
def guarded(make_client: ClientFactory) -> TestClient:
    """A service over the shipped data with every write checked against the shapes."""
    return make_client(validate_writes=True, load_shipped_data=True)


def test_write_of_an_undescribed_named_graph_is_422_and_changes_nothing(guarded: TestClient) -> None:
    before = store_state(guarded)
    assert len(before) > 1000, "the shipped data is loaded"
    response = send(guarded, "POST", [], SU,
                    'INSERT DATA { GRAPH <https://example.org/undescribed> { <https://example.org/s> '
                    '<https://example.org/p> "o" } }', AUTH)  # fmt: skip
    assert response.status_code == 422, response.text
    assert media_type(response) == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 422 and "shacl" in body["type"]
    assert "https://example.org/undescribed" in json.dumps(body)
    assert_same_dataset(before, store_state(guarded))
    assert ask(guarded, "ASK { GRAPH <https://example.org/undescribed> { ?s ?p ?o } }") is False
