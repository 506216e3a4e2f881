"""The light checks on SPARQL text (graph.sparql.scan) and format negotiation (graph.store.formats)."""

from __future__ import annotations

import random
import time
from typing import cast

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDFS

from graph.errors import (
    Forbidden,
    NotAcceptable,
)
from graph.namespaces import PREFIXES
from graph.sparql.scan import missing_prefix_declarations, query_form, refuse_outbound
from graph.store import (
    negotiate_format,
)

# ---------------------------------------------------------------------------- SPARQL text checks


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
        "select * where { ?s ?p ?o .SERVICE SILENT <http://x/> { } }",
        "SELECT * WHERE { ?s ?p 'a' service <http://x/> { } }",
        "LOAD <http://x/data.ttl>",
        "load silent <http://x/> into graph <http://y/>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        # an escaped quote or hash in a local name opens no string or comment
        "SELECT * WHERE { ?s ex:it\\'s ?o SERVICE <http://x/> { ?s ?p 'x' } }",
        "SELECT * WHERE { ?s ex:a\\#b ?o SERVICE <http://x/> { ?s ?p ?o } }",
        # a number or a dot ends the token before the keyword
        "SELECT * WHERE { ?s ?p 1SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p 1e5SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ex:.SERVICE <http://x/> { ?s ?p ?o } }",
        "INSERT DATA { <urn:a> <urn:b> 1 } ;LOAD <http://x/>",
        # codepoint escapes (SPARQL 1.1 Query, 19.2)
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { \\U00000073ervice <http://x/> { ?s ?p ?o } }",
    ],
)
def test_outbound_keywords_are_found(text: str) -> None:
    with pytest.raises(Forbidden):
        refuse_outbound(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service ?load WHERE { ?service ex:load $load }",
        'SELECT * WHERE { ?s rdfs:label "SERVICE <x> { }" , """LOAD\n<y>""" , \'load\' }',
        "SELECT * WHERE { ?s <http://x/SERVICE#load> ?o } # SERVICE <http://x/>",
        "SELECT * WHERE { ?s service:p load:o ; ex:a.service ex:load.x ; ex:a1load ?v1service }",
        "SELECT * WHERE { ?s ex:a:service _:b.load ; load.x:y ?o }",
        'SELECT * WHERE { ?s ?p "x"@load }',
    ],
)
def test_outbound_keywords_in_names_strings_and_comments_are_ignored(text: str) -> None:
    refuse_outbound(text)


def test_outbound_check_agrees_with_oxigraph() -> None:
    """Differential check: whenever pyoxigraph would send a SERVICE request, we refuse first.

    pyoxigraph refuses port 1 before connecting, so an attempted request shows as that error.
    """
    data = ox.Store()
    data.update("INSERT DATA { <urn:a> <urn:b> 1 . <urn:a> <urn:c> 'x' }")
    pieces = ["1", "1e5", "?v", "ex:", "ex:a", "ex:a.", "_:b", "_:b.", "'x'", '"x"', "'x'@en-",
              "\\'", "\\#", "#c\n", ".", ";", "%20", "ex:a%20", "true", "a", "<urn:x>", " ",
              "\n", "-", '"""x"""', "\\u0053", "SERVICE"]  # fmt: skip
    chooser = random.Random(7)  # noqa: S311 - seeded, so the cases are the same every run
    attempted = 0
    for _ in range(1500):
        before = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 3)))
        after = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 2)))
        keyword = chooser.choice(["SERVICE", "service", "ERVICE"])
        query = (
            f"PREFIX ex: <urn:x#>\nSELECT * WHERE {{ ?s ?p ?o {before}{keyword}{after} "
            "<http://127.0.0.1:1/> { ?s ?p ?o } }"
        )
        try:
            list(cast(ox.QuerySolutions, data.query(query)))
        except SyntaxError:
            continue
        except OSError as error:
            assert "port 1" in str(error)
            attempted += 1
            with pytest.raises(Forbidden):
                refuse_outbound(query)
    assert attempted > 100


def test_outbound_can_be_allowed() -> None:
    refuse_outbound("SELECT * { SERVICE <http://x/> {} }", allow_service=True)
    with pytest.raises(Forbidden):
        refuse_outbound("LOAD <http://x/>", allow_service=True)


def test_text_checks_are_fast() -> None:
    query = (
        "PREFIX ex: <http://example.org/>\n"
        "SELECT ?meeting ?label ?service WHERE {\n"
        "  ?meeting a euus:Meeting ; rdfs:label ?label ; ex:service ?service .\n"
        '  FILTER(lang(?label) = "en" && CONTAINS(?label, "SERVICE load")) # SERVICE\n'
        "  OPTIONAL { ?meeting euus:host ?h . ?h skos:prefLabel ?hl }\n"
        "} ORDER BY ?label LIMIT 100\n"
    )
    runs = 200
    started = time.perf_counter()
    for _ in range(runs):
        refuse_outbound(query)
        missing_prefix_declarations(query, PREFIXES)
    mean = (time.perf_counter() - started) / runs
    assert mean < 0.5e-3, f"{mean * 1e6:.0f} µs per query"


def test_the_librarys_long_iri_queries_are_scanned_fast_and_alike() -> None:
    rows = " ".join(f"(<https://w3id.org/euus-kg/id/org/service-{i}> <{RDFS}label>)" for i in range(300))
    query = f"SELECT * WHERE {{ VALUES (?o ?p) {{ {rows} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        refuse_outbound(query)  # "service" only in IRIs
        assert missing_prefix_declarations(query, PREFIXES) == ""
    mean = (time.perf_counter() - started) / runs
    assert mean < 1.5e-3, f"{mean * 1e6:.0f} µs per query of {len(query)} characters"
    # what the fast paths leave to the full scan still gets its answer
    with pytest.raises(Forbidden):
        refuse_outbound("SELECT * { SERVıCE <http://x/> {} }")  # a dotless i: case folding, not ASCII
    assert missing_prefix_declarations("SELECT (CONCAT('<',rdfs:a,'>') AS ?x) {}", PREFIXES)
    assert missing_prefix_declarations(f"SELECT * {{ <{RDFS}x> ?p ?o }} # rdfs:y", PREFIXES) == ""


def test_query_form_and_prefixes() -> None:
    assert query_form("PREFIX select: <http://x/>\n# ASK\nDESCRIBE <http://x/>") == "describe"
    assert query_form('SELECT ("ASK" AS ?x) {}') == "select"
    assert query_form("INSERT DATA {}") is None
    declared = missing_prefix_declarations(
        "PREFIX skos: <urn:other#> SELECT * { ?s skos:a ?o ; rdfs:label 'x:y' ; <urn:z> _:b }",
        PREFIXES,
    )
    assert declared == f"PREFIX rdfs: <{RDFS}> "


def test_negotiate_format() -> None:
    assert negotiate_format(None, "select").media_type == "application/sparql-results+json"
    assert negotiate_format("*/*", "graph").media_type == "text/turtle"
    assert negotiate_format("text/*", "select").media_type.startswith("text/csv")
    assert negotiate_format("application/rdf+xml;q=0.2, application/n-triples", "graph").name == ("N-Triples")
    assert negotiate_format("nt", "graph").name == "N-Triples"
    with pytest.raises(NotAcceptable):
        negotiate_format("text/turtle;q=0", "graph")
