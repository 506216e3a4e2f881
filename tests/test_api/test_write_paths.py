"""One guard for every write: the same input gets the same verdict and report on every path.

The inputs are shape fixtures (one valid, several invalid, read from ``tests/data/shapes/``), each
written by every path that takes RDF: SPARQL Update, Graph Store POST and PUT over HTTP, on the
embedded store and on a remote ``oxigraph serve``, and ``euus load`` into an embedded store. A
refused input must be refused by every path with the same Violations, and store nothing; the valid
one must be accepted by every path. Deletion is compared likewise (SPARQL ``DROP GRAPH`` and Graph
Store ``DELETE``), and press-release text through ``POST /api/ingest`` and ``euus ingest --store``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from shape_fixtures import FIXTURES, read_fixture

from tests.test_api.conftest import AUTH, ClientFactory, Oxigraph

SEED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "seed" / "000_0be234f73af0dcac.txt"
EUUS = str(Path(sys.executable).with_name("euus"))  # the console script of this environment
INPUTS = [
    FIXTURES / "valid" / "meeting-held.ttl",
    FIXTURES / "invalid" / "meeting-outside-presidency.ttl",
    FIXTURES / "invalid" / "meeting-two-presidencies.ttl",
    FIXTURES / "invalid" / "organisation-duplicate-name.ttl",
    FIXTURES / "invalid" / "presidency-gap.ttl",
]
Violation = tuple[str, str | None, str, str]


def violations(results: list[dict[str, Any]]) -> set[Violation]:
    return {
        (r["focus"], r["path"], r["component"], r["message"]) for r in results if r["severity"] == "Violation"
    }


@pytest.fixture(scope="module", params=["embedded", "remote"])
def service(request: pytest.FixtureRequest, make_client: ClientFactory) -> TestClient:
    settings: dict[str, Any] = {"load_shipped_data": True, "validate_writes": True}
    if request.param == "remote":
        server: Oxigraph = request.getfixturevalue("oxigraph_server")
        return make_client(endpoint=server.query_url, **settings)
    return make_client(**settings)


def quad_count(client: TestClient) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    answer = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def http_write(
    client: TestClient, how: str, data: Graph, graph: URIRef | None
) -> tuple[bool, set[Violation]]:
    body = data.serialize(format="nt")
    if how == "update":
        block = body if graph is None else f"GRAPH <{graph}> {{ {body} }}"
        response = client.post(
            "/sparql",
            content=f"INSERT DATA {{ {block} }}",
            headers={**AUTH, "Content-Type": "application/sparql-update"},
        )
    else:
        params = {"default": ""} if graph is None else {"graph": str(graph)}
        send = client.post if how == "post" else client.put
        response = send(
            "/store", params=params, content=body, headers={**AUTH, "Content-Type": "application/n-triples"}
        )
    assert response.status_code in (201, 204, 422), f"{how}: {response.status_code} {response.text[:300]}"
    if response.status_code == 422:
        return False, violations(response.json()["results"])
    return True, set()


def cli_load(data: Graph, graph: URIRef | None, store: Path, tmp_path: Path) -> tuple[bool, set[Violation]]:
    source = tmp_path / "input.nt"
    data.serialize(source, format="nt")
    command = [EUUS, "load", str(source), "--store", str(store), "--format", "json"]
    if graph is not None:
        command += ["--graph", str(graph)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    if done.returncode == 1:
        return False, violations(json.loads(done.stdout)["results"])
    return True, set()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_every_path_gives_the_same_verdict(path: Path, service: TestClient, tmp_path: Path) -> None:
    data, _, graph = read_fixture(path)
    expected_ok = path.parent.name == "valid"
    before = quad_count(service)
    answers = {how: http_write(service, how, data, graph) for how in ("update", "post", "put")}
    answers["euus load"] = cli_load(data, graph, tmp_path / "store", tmp_path)
    verdicts = {how: ok for how, (ok, _) in answers.items()}
    assert set(verdicts.values()) == {expected_ok}, verdicts
    reports = {how: found for how, (_, found) in answers.items()}
    first = reports["update"]
    assert all(found == first for found in reports.values()), reports
    if not expected_ok:
        assert first, "a refusal without a violation"
        assert quad_count(service) == before, "a refused write changed the store"


def test_deleting_a_graph_others_need_is_refused_the_same_way(service: TestClient) -> None:
    graph = "https://w3id.org/euus-kg/id/graph/presidencies"
    before = quad_count(service)
    update = service.post(
        "/sparql",
        content=f"DROP GRAPH <{graph}>",
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    delete = service.delete("/store", params={"graph": graph}, headers=AUTH)
    assert update.status_code == delete.status_code == 422
    assert violations(update.json()["results"]) == violations(delete.json()["results"])
    assert quad_count(service) == before


def summary_without_times(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in summary.items() if k not in {"file", "seconds", "generated_at"}}


def test_press_release_text_gives_the_same_answer_over_http_and_the_cli(
    make_client: ClientFactory, tmp_path: Path
) -> None:
    client = make_client(load_shipped_data=True, validate_writes=True)
    text = SEED.read_text(encoding="utf-8")
    store = tmp_path / "store"
    copy = tmp_path / SEED.name  # the same file name both ways: it becomes the source's identifier
    copy.write_text(text, encoding="utf-8")
    for round_ in ("first", "again"):
        upload = {"file": (SEED.name, text.encode(), "text/plain")}
        response = client.post("/api/ingest", files=upload, headers=AUTH)
        assert response.status_code == 200, response.text[:300]
        done = subprocess.run(
            [EUUS, "ingest", str(copy), "--store", str(store)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        over_http, on_cli = response.json()[0], json.loads(done.stdout)[0]
        assert summary_without_times(over_http) == summary_without_times(on_cli), round_
        assert over_http["status"] == ("merged" if round_ == "first" else "already present")
