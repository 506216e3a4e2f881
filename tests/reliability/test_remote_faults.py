"""The remote backend stopped, slow or answering garbage mid-run: clear 502/503/504 in time, then recovery.

The service talks to a real ``oxigraph serve`` through a small proxy of ours that can, on request, hold
each answer back (slow), answer nonsense (garbage) or pass requests on. "Stopped" is the real server
killed with SIGKILL, then started again on the same port and data. The service is never restarted.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.reliability.helpers import TOKEN, benchmark_module, fact_graph, put_turtle

services = benchmark_module("services")
TIMEOUT = 2.0  # EUUS_QUERY_TIMEOUT of the service under test
#: How long an answer may take when the backend fails: the timeout, plus time to say so.
ANSWER_WITHIN = TIMEOUT + 3.0
GARBAGE = b"\x00\xff{ this is not a SPARQL result"


class Proxy:
    """A loopback HTTP proxy in front of the engine; ``mode`` is "pass", "slow" or "garbage"."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.mode = "pass"
        self.stopping = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.mode == "slow":  # hold the answer back far beyond the service's timeout
                    proxy.stopping.wait(30)
                if proxy.mode == "garbage":  # labelled as what was asked for, so only parsing can tell
                    asked = self.headers.get("Accept", "").split(",")[0].split(";")[0].strip()
                    self._send(200, asked or "application/sparql-results+json", GARBAGE)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
                try:
                    answer = httpx.request(self.command, proxy.upstream + self.path, content=body,
                                           headers=headers, timeout=30)  # fmt: skip
                except httpx.HTTPError:
                    self.close_connection = True  # the engine is down: so are we
                    return
                self._send(answer.status_code, answer.headers.get("content-type", ""), answer.content)

            def _send(self, status: int, kind: str, body: bytes) -> None:
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Proxy, Any, Path]]:
    from api.main import create_app
    from api.settings import Settings

    workdir = tmp_path_factory.mktemp("remote-faults")
    engine = services.start_oxigraph(workdir / "engine", workdir / "engine.log")
    proxy = Proxy(engine.base)
    settings = Settings(endpoint=f"{proxy.url}/query", write_token=TOKEN, query_timeout=TIMEOUT)
    client = TestClient(create_app(settings))
    client.__enter__()
    try:
        yield client, proxy, engine, workdir
    finally:
        client.__exit__(None, None, None)
        proxy.close()
        engine.stop()


def requests_of(client: TestClient, graph: str) -> dict[str, httpx.Response]:
    """One query, one write and one health check, each timed: none may take longer than allowed."""
    answers = {}
    calls = {
        "query": lambda: client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"},
                                    headers={"Accept": "application/sparql-results+json"}),
        # a DESCRIBE of one IRI goes the remote lane (forwarded on the event loop), not the route
        "describe": lambda: client.get("/sparql", params={"query": f"DESCRIBE <{graph}>"},
                                       headers={"Accept": "application/n-triples"}),
        "write": lambda: put_turtle(client, graph, fact_graph(graph, "A graph written while the backend failed")),
        "count": lambda: client.get("/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                                    headers={"Accept": "application/sparql-results+json"}),
    }  # fmt: skip
    for name, call in calls.items():
        started = time.monotonic()
        answers[name] = call()
        elapsed = time.monotonic() - started
        assert elapsed < ANSWER_WITHIN, f"{name} took {elapsed:.1f} s (allowed {ANSWER_WITHIN:g} s)"
    return answers


def assert_failed_clearly(answers: dict[str, httpx.Response], fault: str) -> None:
    for name, response in answers.items():
        assert response.status_code in (502, 503, 504), f"{fault}: {name} answered {response.status_code}"
        assert response.headers["content-type"].startswith("application/problem+json"), response.text
        assert response.json()["detail"], response.text


def assert_recovered(client: TestClient, graph: str) -> None:
    answers = requests_of(client, graph)
    assert answers["query"].status_code == 200, answers["query"].text
    assert answers["describe"].status_code == 200, answers["describe"].text
    assert answers["write"].status_code in (201, 204), answers["write"].text
    assert answers["count"].json()["boolean"] is True


@pytest.mark.parametrize("fault", ["garbage", "slow"])
def test_misbehaving_backend(setup: tuple[TestClient, Proxy, Any, Path], fault: str) -> None:
    client, proxy, _, _ = setup
    graph = f"https://w3id.org/euus-kg/id/graph/remote-fault-{fault}"
    proxy.mode = fault
    try:
        answers = requests_of(client, graph)
    finally:
        proxy.mode = "pass"
    assert_failed_clearly(answers, fault)
    assert client.get("/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                      headers={"Accept": "application/sparql-results+json"}).json()["boolean"] is False  # fmt: skip
    assert_recovered(client, graph)


def test_stopped_backend(setup: tuple[TestClient, Proxy, Any, Path]) -> None:
    client, _, engine, workdir = setup
    graph = "https://w3id.org/euus-kg/id/graph/remote-fault-stopped"
    port = int(engine.base.rsplit(":", 1)[1])
    engine.process.kill()  # kill -9 of the engine
    engine.process.wait(10)
    answers = requests_of(client, graph)
    assert_failed_clearly(answers, "stopped")
    restarted = services.start_oxigraph(workdir / "engine", workdir / "engine-again.log", port=port)
    engine.process = restarted.process
    assert_recovered(client, graph)
