"""Shared fixtures and helpers of the HTTP-level tests: scratch services, response parsers, local servers.

A scratch service is the real app (``create_app``) over its own on-disk store in a temporary
directory, run through ``TestClient`` as a context manager so that the lifespan opens the store and
the query workers. Writes carry ``AUTH``. RDF and SPARQL results are parsed with rdflib and compared
as data, never as strings.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.query import Result

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789"  # noqa: S105 - the token of throwaway test services
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PROBLEM_JSON = "application/problem+json"

#: Settings of a scratch instance: the W3C data is not ours, so writes are not checked against the shapes.
SCRATCH: dict[str, Any] = {
    "write_token": TOKEN,
    "validate_writes": False,
    "load_shipped_data": False,
    "query_timeout": 10,
}

RESULT_PARSERS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_PARSERS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
DATASET_PARSERS = {"application/n-quads": "nquads", "application/trig": "trig"}


# ------------------------------------------------------------------------------------ scratch services


ClientFactory = Callable[..., TestClient]


@pytest.fixture(scope="module")
def make_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClientFactory]:
    """Build started services: ``make_client(**settings)`` over a fresh store; all stopped at module end.

    Settings default to ``SCRATCH``; a given ``endpoint`` replaces the embedded store.
    """
    from api.main import create_app
    from api.settings import Settings

    opened: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        values = {**SCRATCH, **overrides}
        if values.get("endpoint") is None:
            values.setdefault("store", tmp_path_factory.mktemp("service") / "store")
        client = TestClient(create_app(Settings(**values)))
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in reversed(opened):
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shipped_client(make_client: ClientFactory) -> TestClient:
    """A service over the shipped data, writes checked against the shapes (tests must not write)."""
    return make_client(load_shipped_data=True, validate_writes=True)


# ------------------------------------------------------------------------------------ responses


def media_type(response: httpx.Response) -> str:
    """The media type of a response, without parameters, lower case."""
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def results(response: httpx.Response) -> Result:
    """Parse a SELECT/ASK response (JSON, XML, CSV or TSV) with rdflib."""
    assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
    kind = media_type(response)
    assert kind in RESULT_PARSERS, f"not a SPARQL results format: {kind!r}"
    return Result.parse(io.BytesIO(response.content), format=RESULT_PARSERS[kind])


def boolean(response: httpx.Response) -> bool:
    """The answer of an ASK response."""
    parsed = results(response)
    assert parsed.type == "ASK", f"expected a boolean result, got {parsed.type}"
    return bool(parsed.askAnswer)


def rows(response: httpx.Response) -> list[dict[str, Any]]:
    """The rows of a SELECT response as ``{variable: term}`` dicts (unbound variables left out)."""
    parsed = results(response)
    assert parsed.type == "SELECT", f"expected a tabular result, got {parsed.type}"
    return [{str(k): v for k, v in row.asdict().items()} for row in parsed]


def ask(client: TestClient, query: str, **params: Any) -> bool:
    """The answer of an ASK query sent by GET to /sparql."""
    response = client.get(
        "/sparql", params={"query": query, **params}, headers={"Accept": "application/sparql-results+json"}
    )
    return boolean(response)


def put_turtle(client: TestClient, graph: str, text: str) -> None:
    """GSP PUT of Turtle (N-Triples lines are Turtle too) into ``graph``, with the write token."""
    headers = {**AUTH, "Content-Type": "text/turtle"}
    response = client.put("/store", params={"graph": graph}, content=text, headers=headers)
    assert response.status_code in (201, 204), response.text


def rdf(response: httpx.Response) -> Graph:
    """Parse an RDF response (Turtle, N-Triples, RDF/XML, JSON-LD) into a Graph."""
    assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
    kind = media_type(response)
    assert kind in GRAPH_PARSERS, f"not an RDF graph format: {kind!r}"
    with warnings.catch_warnings():  # rdflib's JSON-LD parser uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=response.content, format=GRAPH_PARSERS[kind])


def rdf_dataset(response: httpx.Response) -> Dataset:
    """Parse an RDF dataset response (N-Quads, TriG)."""
    assert response.status_code == 200, f"{response.status_code}: {response.text[:500]}"
    kind = media_type(response)
    assert kind in DATASET_PARSERS, f"not an RDF dataset format: {kind!r}"
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib's own parsers use its deprecated ConjunctiveGraph API
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=response.content, format=DATASET_PARSERS[kind])
    return dataset


def turtle(text: str) -> Graph:
    """A Graph from Turtle text."""
    return Graph().parse(data=text, format="turtle")


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    """Compare two graphs by isomorphism; on failure, show what is only in each."""
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    pytest.fail(
        "graphs differ\n--- only in the response:\n"
        + only_actual.serialize(format="nt")
        + "--- only in the expected graph:\n"
        + only_expected.serialize(format="nt")
    )


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    """The graphs of a dataset by name (``""`` for the default graph), empty graphs left out."""
    found: dict[str, Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        found.setdefault("" if g is None else str(g), Graph()).add((s, p, o))
    return found


def assert_same_dataset(actual: Dataset, expected: Dataset) -> None:
    """Two datasets hold the same graphs, each isomorphic (blank node labels may differ)."""
    got, want = graphs_of(actual), graphs_of(expected)
    assert sorted(got) == sorted(want), f"graph names differ: {sorted(set(got) ^ set(want))}"
    for name in want:
        assert_isomorphic(got[name], want[name])


def problem(response: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    """Check an error answer: the status, problem+json, and each of ``words`` named in it."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:500]}"
    )
    assert media_type(response) == PROBLEM_JSON, f"not problem+json: {response.headers.get('content-type')}"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body.get("type") and body.get("title") and body.get("detail"), body
    text = json.dumps(body).lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not named in the problem: {body}"
    return body


# ------------------------------------------------------------------------------------ local servers


@dataclass
class RecordingServer:
    """A tiny HTTP server on 127.0.0.1 that records every request it gets (it should get none)."""

    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def recorder() -> Iterator[RecordingServer]:
    """A local server that answers anything with small valid RDF, recording each request line."""
    record: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            record.append(f"{self.command} {self.path}")
            if self.path.endswith((".jsonld", "context")):
                body, kind = b'{"@context": {"name": "http://schema.org/name"}}', "application/ld+json"
            elif "sparql" in self.path:
                body = b'{"head": {"vars": []}, "results": {"bindings": [{}]}}'
                kind = "application/sparql-results+json"
            else:
                body, kind = (
                    b"<http://example.org/fetched> <http://example.org/p> <http://example.org/o> .\n",
                    "text/turtle",
                )
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _answer

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield RecordingServer(f"http://127.0.0.1:{server.server_address[1]}", record)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90.0) -> None:
    """Poll ``url`` until it answers 200; fail early (showing ``log``) if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"the server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {timeout:g} s:\n{log.read_text(errors='replace')[-3000:]}")


def start(command: list[str], log: Path, **options: Any) -> subprocess.Popen[bytes]:
    """Start a server process whose output goes to ``log`` (a pipe nobody reads could fill and block it)."""
    with log.open("wb") as output:
        return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, **options)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a server we started, then kill it if it does not stop."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@dataclass
class Oxigraph:
    """An ``oxigraph serve`` process: its base URL and its data directory."""

    url: str
    location: Path

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def nquads(self) -> Dataset:
        """Every quad of the server, fetched straight from it (not through our service), but the one
        triple of the data version our service keeps there (graph/store/shared_version.py)."""
        response = httpx.get(f"{self.url}/store", headers={"Accept": "application/n-quads"}, timeout=30)
        dataset = rdf_dataset(response)
        for graph in list(dataset.graphs()):
            if str(graph.identifier).startswith("urn:x-euus-kg:data-version:"):
                dataset.remove_graph(graph)
        return dataset


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else "oxigraph"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oxigraph]:
    """A real ``oxigraph serve`` on a free loopback port, with a server-side query timeout."""
    directory = tmp_path_factory.mktemp("oxigraph")
    location, log = directory / "data", directory / "server.log"
    port = free_port()
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout-s",
        "5",
    ]
    try:
        process = start(command, log)
    except FileNotFoundError:
        pytest.skip("the oxigraph CLI is not installed")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/query?query=ASK%7B%7D", process, log)
        yield Oxigraph(url, location)
    finally:
        stop(process)


def service_env(store: Path, **extra: str) -> dict[str, str]:
    """The environment of a service subprocess: this checkout on the path, EUUS_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EUUS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update({"EUUS_STORE": str(store), "EUUS_WRITE_TOKEN": TOKEN, **extra})
    return env
