"""Real SPARQL clients against the real service: uvicorn in a subprocess on a loopback port.

SPARQLWrapper (JSON results, Turtle graphs), rdflib's SPARQLStore and SPARQLUpdateStore (with the
bearer token as a header) and curl, over the shipped Sofia data; then a runaway query stopped by the
time limit while the service keeps answering.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore

from tests.test_api.conftest import (
    AUTH,
    REPO,
    TOKEN,
    boolean,
    free_port,
    problem,
    service_env,
    start,
    stop,
    wait_until_up,
)

sparqlwrapper = pytest.importorskip("SPARQLWrapper")

EUUS = Namespace("https://w3id.org/euus-kg/ontology#")
ID = "https://w3id.org/euus-kg/id/"
SOFIA_MEETING = URIRef(ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia")
SOFIA_GRAPH = ID + "graph/2018-03-01-eu-us-jha-senior-officials-sofia"
CURL_UPDATE = (
    "INSERT DATA { GRAPH <http://example.org/curl> { <http://example.org/c> <http://example.org/p> 1 } }"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``uvicorn api.main:create_app --factory`` over a fresh store filled with the shipped data."""
    directory = tmp_path_factory.mktemp("uvicorn")
    port, log = free_port(), directory / "server.log"
    env = service_env(
        directory / "store",
        EUUS_VALIDATE_WRITES="false",
        EUUS_LOAD_SHIPPED_DATA="true",
        EUUS_QUERY_TIMEOUT="10",
    )
    command = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    process = start(command, log, cwd=REPO, env=env)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/health", process, log)
        yield url
    finally:
        stop(process)


def test_sparqlwrapper_select_json(base_url: str) -> None:
    client = sparqlwrapper.SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(
        "SELECT ?meeting ?title WHERE { ?meeting a euus:Meeting ; dct:title ?title } ORDER BY ?meeting"
    )
    client.setReturnFormat(sparqlwrapper.JSON)  # sends format=json as well as Accept
    answer = client.query()
    assert answer.response.headers["content-type"].startswith("application/sparql-results+json")
    bindings = answer.convert()["results"]["bindings"]
    meetings = {b["meeting"]["value"] for b in bindings}
    assert str(SOFIA_MEETING) in meetings
    assert all(b["title"]["type"] == "literal" for b in bindings)


def test_sparqlwrapper_construct_turtle(base_url: str) -> None:
    client = sparqlwrapper.SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(
        f"CONSTRUCT {{ ?m dct:title ?t }} WHERE {{ BIND(<{SOFIA_MEETING}> AS ?m) ?m dct:title ?t }}"
    )
    client.setReturnFormat(sparqlwrapper.TURTLE)
    answer = client.query()
    assert answer.response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=answer.convert(), format="turtle")
    titles = list(graph.objects(SOFIA_MEETING, DCTERMS.title))
    assert len(titles) == 1 and "Sofia" in str(titles[0])


def test_sparqlwrapper_post(base_url: str) -> None:
    client = sparqlwrapper.SPARQLWrapper(f"{base_url}/sparql")
    client.setMethod(sparqlwrapper.POST)
    client.setQuery(f"ASK {{ <{SOFIA_MEETING}> a euus:Meeting }}")
    client.setReturnFormat(sparqlwrapper.JSON)
    assert client.queryAndConvert()["boolean"] is True


def test_rdflib_sparqlstore_query(base_url: str) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=f"{base_url}/sparql"))
    found = list(graph.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{SOFIA_MEETING}> a ?type }} }}"))
    assert {str(row[0]) for row in found} == {SOFIA_GRAPH}
    assert (SOFIA_MEETING, RDF.type, EUUS.Meeting) in graph


def test_rdflib_sparqlupdatestore_writes_with_the_bearer_token(base_url: str) -> None:
    endpoint = f"{base_url}/sparql"
    store = SPARQLUpdateStore(query_endpoint=endpoint, update_endpoint=endpoint,
                              headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    target = URIRef("http://example.org/client-graph")
    triple = (
        URIRef("http://example.org/client-s"),
        URIRef("http://example.org/client-p"),
        Literal("written"),
    )
    graph = Graph(store=store, identifier=target)
    graph.add(triple)  # INSERT DATA { GRAPH <target> { ... } } with the header
    store.update(f'INSERT DATA {{ GRAPH <{target}> {{ <{triple[0]}> <{triple[1]}> "again" }} }}')
    assert triple in graph
    reader = Graph(store=SPARQLStore(query_endpoint=endpoint))
    assert (triple[0], triple[1], Literal("again")) in reader
    answer = httpx.get(endpoint, params={"query": f"ASK {{ GRAPH <{target}> {{ ?s ?p 'written' }} }}"})
    assert boolean(answer) is True


def test_rdflib_sparqlupdatestore_without_token_is_refused(base_url: str) -> None:
    endpoint = f"{base_url}/sparql"
    store = SPARQLUpdateStore(query_endpoint=endpoint, update_endpoint=endpoint)
    with pytest.raises(Exception, match="401"):
        store.update("INSERT DATA { <http://example.org/x> <http://example.org/y> 1 }")
    answer = httpx.get(endpoint, params={"query": "ASK { <http://example.org/x> ?p ?o }"})
    assert boolean(answer) is False


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_get(base_url: str) -> None:
    output = subprocess.run(
        ["curl", "--silent", "--show-error", "--fail", "--get", "--data-urlencode",
         f"query=ASK {{ <{SOFIA_MEETING}> a euus:Meeting }}", "-H", "Accept: application/sparql-results+json",
         f"{base_url}/sparql"],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    assert json.loads(output.stdout)["boolean"] is True


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_update_with_token(base_url: str) -> None:
    subprocess.run(
        ["curl", "--silent", "--show-error", "--fail", "-X", "POST", "-H", f"Authorization: Bearer {TOKEN}",
         "-H", "Content-Type: application/sparql-update",
         "--data-binary", CURL_UPDATE,
         f"{base_url}/sparql"],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    answer = httpx.get(f"{base_url}/sparql", params={"query": "ASK { <http://example.org/c> ?p 1 }"})
    assert boolean(answer) is True


def test_runaway_query_is_stopped_and_the_service_keeps_answering(base_url: str) -> None:
    started = time.monotonic()
    response = httpx.get(f"{base_url}/sparql", params={"query": RUNAWAY, "timeout": "1"}, timeout=30)
    elapsed = time.monotonic() - started
    problem(response, 503, "timeout")
    assert elapsed < 5, f"the 1 s limit took {elapsed:.1f} s"
    started = time.monotonic()
    assert httpx.get(f"{base_url}/health", timeout=5).status_code == 200
    small = httpx.get(f"{base_url}/sparql", params={"query": f"ASK {{ <{SOFIA_MEETING}> ?p ?o }}"}, timeout=5)
    assert boolean(small) is True
    assert time.monotonic() - started < 1.0


def test_descriptions_are_answered_while_every_worker_runs_away(base_url: str) -> None:
    """DESCRIBE of an IRI needs no worker: with both busy on runaway queries it is still answered at once."""

    def runaway() -> httpx.Response:
        return httpx.get(f"{base_url}/sparql", params={"query": RUNAWAY, "timeout": "2"}, timeout=30)

    with ThreadPoolExecutor(2) as pool:
        runaways = [pool.submit(runaway) for _ in range(2)]
        time.sleep(0.5)  # both workers are busy now
        started = time.monotonic()
        answer = httpx.get(
            f"{base_url}/sparql",
            params={"query": f"DESCRIBE <{SOFIA_MEETING}>"},
            headers={"Accept": "application/n-triples"},
            timeout=5,
        )
        answered_after = time.monotonic() - started
        # a description that waited for a worker would come after a runaway's 2 s limit, not before
        runaways_still_running = not any(future.done() for future in runaways)
        stopped = [future.result() for future in runaways]
    assert answer.status_code == 200
    assert (SOFIA_MEETING, RDF.type, None) in Graph().parse(data=answer.text, format="nt")
    assert runaways_still_running, f"the description came after a runaway stopped ({answered_after:.2f} s)"
    for response in stopped:
        problem(response, 503, "timeout")


def test_timeout_parameter_is_capped_by_the_setting(base_url: str) -> None:
    """A client cannot raise the limit above EUUS_QUERY_TIMEOUT (10 s here)."""
    started = time.monotonic()
    response = httpx.get(f"{base_url}/sparql", params={"query": RUNAWAY, "timeout": "3600"}, timeout=60)
    problem(response, 503)
    assert time.monotonic() - started < 20


def test_writes_need_the_token_over_http(base_url: str) -> None:
    body = "<http://example.org/t> <http://example.org/p> 1 ."
    refused = httpx.put(f"{base_url}/store", params={"graph": "http://example.org/t"}, content=body,
                        headers={"Content-Type": "text/turtle"})  # fmt: skip
    problem(refused, 401)
    accepted = httpx.put(f"{base_url}/store", params={"graph": "http://example.org/t"}, content=body,
                         headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    assert accepted.status_code == 201, accepted.text
