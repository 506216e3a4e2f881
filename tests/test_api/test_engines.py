"""Several API processes on one engine, engine detection and the engine's row cap (issue 13).

Two ``euus serve`` processes run against one engine (``oxigraph serve``, then Virtuoso 7): a write
through one is seen by the other at once (answer, ETag, data version), and writers racing through
both lose no update: each write is either stored (204) or refused whole (409).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from graph.errors import StoreUnavailable, WriteConflict
from graph.namespaces import PREFIXES
from graph.store import open_store
from graph.store.engines import detect_engine
from graph.write.guard import WriteGuard
from tests.test_api.conftest import (
    AUTH,
    REPO,
    TOKEN,
    ClientFactory,
    Oxigraph,
    free_port,
    rdf,
    start,
    stop,
    wait_until_up,
)
from tests.virtuoso import Virtuoso

ID = "https://w3id.org/euus-kg/id/"
ORGANISATIONS = ID + "graph/organisations"
EUROPOL = URIRef(ID + "org/europol")
EUUS = str(Path(sys.executable).with_name("euus"))  # the console script of this environment


@dataclass
class Engine:
    name: str
    url: str  # the base URL, as a deployment would give it


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "oxigraph":
        server: Oxigraph = request.getfixturevalue("oxigraph_server")
        server_data = open_store(endpoint=server.url, engine="oxigraph")
        server_data.update("DROP ALL")  # the module's server may hold another test's data
        server_data.close()
        return Engine("oxigraph", server.url)
    virtuoso: Virtuoso = request.getfixturevalue("virtuoso_server")
    virtuoso.drop_data()
    return Engine("virtuoso", virtuoso.url)


def serve(engine: Engine, directory: Path, *, name_engine: bool) -> tuple[str, subprocess.Popen[bytes], Path]:
    """Start ``euus serve --endpoint BASE`` (with ``--engine``, or detecting it): its URL, process and log."""
    port, log = free_port(), directory / f"serve-{name_engine}.log"
    command = [EUUS, "serve", "--endpoint", engine.url, "--port", str(port)]
    if name_engine:
        command += ["--engine", engine.name]
    env = {k: v for k, v in os.environ.items() if not k.startswith("EUUS_")}
    env.update({"PYTHONPATH": str(REPO), "EUUS_WRITE_TOKEN": TOKEN, "EUUS_QUERY_TIMEOUT": "10"})
    return f"http://127.0.0.1:{port}", start(command, log, cwd=REPO, env=env), log


@pytest.fixture(scope="module")
def two_processes(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Two API processes started together on the engine's new store (both race to fill the shipped data):
    the first names the engine, the second detects it."""
    directory = tmp_path_factory.mktemp("two-processes")
    started = [serve(engine, directory, name_engine=True), serve(engine, directory, name_engine=False)]
    try:
        for url, process, log in started:
            wait_until_up(f"{url}/health", process, log, timeout=120)
        yield started[0][0], started[1][0]
    finally:
        for _, process, _ in started:
            stop(process)


def alias_update(label: str, verb: str = "INSERT") -> str:
    return f'{verb} DATA {{ GRAPH <{ORGANISATIONS}> {{ <{EUROPOL}> skos:altLabel "{label}"@en }} }}'


def write(url: str, text: str) -> int:
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    return httpx.post(f"{url}/sparql", content=text, headers=headers, timeout=60).status_code


def has_alias(url: str, label: str) -> bool:
    return ask(url, f'ASK {{ <{EUROPOL}> skos:altLabel "{label}"@en }}')


def test_a_write_through_one_process_is_seen_by_the_other(two_processes: tuple[str, str]) -> None:
    first, second = two_processes
    page = f"{second}/id/org/europol"
    before = httpx.get(page, headers={"Accept": "text/turtle"})
    alias = "Europol (written through the first process)"
    assert (EUROPOL, SKOS.altLabel, Literal(alias, lang="en")) not in rdf(before)
    assert write(first, alias_update(alias)) == 204
    after = httpx.get(page, headers={"Accept": "text/turtle", "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200, "the second process must not answer 304 with its old tag"
    assert (EUROPOL, SKOS.altLabel, Literal(alias, lang="en")) in rdf(after)
    versions = {httpx.get(f"{url}/health").json()["data_version"] for url in (first, second)}
    assert len(versions) == 1, f"both processes read the store's data version: {versions}"
    assert write(second, alias_update(alias, "DELETE")) == 204


def test_a_kept_answer_is_not_given_after_a_write_through_the_other_process(
    two_processes: tuple[str, str],
) -> None:
    first, second = two_processes
    labels = {"query": f"SELECT ?label WHERE {{ <{EUROPOL}> <{SKOS.altLabel}> ?label }}"}
    accept = {"Accept": "text/csv"}
    answers = [httpx.get(f"{second}/sparql", params=labels, headers=accept) for _ in range(3)]
    assert answers[-1].headers.get("x-euus-cache") == "hit"  # a repeated lookup is kept
    assert answers[-1].content == answers[0].content
    alias = "Europol (read again after a write elsewhere)"
    assert alias not in answers[0].text
    assert write(first, alias_update(alias)) == 204
    after = httpx.get(f"{second}/sparql", params=labels, headers=accept)
    assert "x-euus-cache" not in after.headers
    assert alias in after.text
    assert write(second, alias_update(alias, "DELETE")) == 204


def test_writers_racing_through_two_processes_lose_no_update(two_processes: tuple[str, str]) -> None:
    labels = [f"Europol (racing write {n})" for n in range(8)]
    statuses: dict[str, int] = {}

    def send(n: int) -> None:
        statuses[labels[n]] = write(two_processes[n % 2], alias_update(labels[n]))

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(labels))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert set(statuses.values()) <= {204, 409}, statuses
    assert 204 in statuses.values()
    for label, status in statuses.items():  # stored exactly when the service said so
        assert has_alias(two_processes[0], label) is (status == 204), (label, status)
        if status == 204:
            assert write(two_processes[1], alias_update(label, "DELETE")) == 204


def test_a_commit_on_an_outdated_version_writes_nothing(engine: Engine) -> None:
    """The library's check, without processes: the version read before another commit refuses the write."""
    mine, theirs = (open_store(endpoint=engine.url, engine=engine.name, prefixes=PREFIXES) for _ in range(2))
    try:
        WriteGuard(theirs).update(alias_update("a write that lands first"), prefixes=PREFIXES, validate=False)
        seen = mine.data_version()
        WriteGuard(theirs).update(
            alias_update("a write that lands in between"), prefixes=PREFIXES, validate=False
        )
        late = (EUROPOL, SKOS.altLabel, Literal("a write on old data", lang="en"), URIRef(ORGANISATIONS))
        with pytest.raises(WriteConflict, match="another process wrote"):
            mine.apply_changes(added=[late], expected_version=seen)
        assert not has_alias_in(mine, "a write on old data")
        assert mine.data_version() != seen
    finally:
        for label in ("a write that lands first", "a write that lands in between"):
            theirs.update(alias_update(label, "DELETE"))
        mine.close()
        theirs.close()


def has_alias_in(store: object, label: str) -> bool:
    answer = store.query(f'ASK {{ <{EUROPOL}> skos:altLabel "{label}"@en }}')  # type: ignore[attr-defined]
    return bool(answer.boolean)


def test_the_engine_is_detected_from_its_answers(engine: Engine) -> None:
    with httpx.Client() as client:
        assert detect_engine(engine.url, client).name == engine.name


def test_virtuosos_row_cap_is_signalled_never_silent(
    virtuoso_server: Virtuoso, make_client: ClientFactory
) -> None:
    """A new Virtuoso database has ResultSetMaxRows = 10000: cut answers say so, in a header."""
    client = make_client(endpoint=virtuoso_server.url, engine="virtuoso", load_shipped_data=True)
    query = "SELECT ?s WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 20000"
    reply = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert reply.status_code == 200
    assert reply.text.count("\n") - 1 == 10_000, "Virtuoso cut the answer at its cap"
    assert reply.headers["X-Euus-Truncated"] and reply.headers["X-Euus-Rows"] == "10000"
    store = open_store(endpoint=virtuoso_server.url, engine="virtuoso")
    try:  # what the library reads must be whole: a cut answer is an error, not less data
        with pytest.raises(StoreUnavailable, match="ResultSetMaxRows"):
            store.query(query)
    finally:
        store.close()


UPLOAD = ID + "graph/test-load"
UPLOAD_TRIG = f"""
@prefix euus: <https://w3id.org/euus-kg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{UPLOAD}> {{
    <{UPLOAD}> a euus:FactGraph ;
        dct:title "A graph loaded by euus load --endpoint"@en ;
        prov:wasDerivedFrom <{ID}source/2018-03-01-eu-us-jha-senior-officials-sofia> ;
        dct:created "2026-12-07"^^xsd:date .
}}
"""


def test_euus_load_into_a_remote_store(
    engine: Engine, two_processes: tuple[str, str], tmp_path: Path
) -> None:
    """``euus load --endpoint``: validated as every write, seen by the API processes, safe to run again."""
    good, bad = tmp_path / "good.trig", tmp_path / "bad.trig"
    good.write_text(UPLOAD_TRIG)
    bad.write_text(
        UPLOAD_TRIG.replace("prov:wasDerivedFrom", "dct:source")
    )  # a fact graph without its source
    version = httpx.get(f"{two_processes[1]}/health").json()["data_version"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("EUUS_")} | {"PYTHONPATH": str(REPO)}
    refused = subprocess.run([EUUS, "load", str(bad), "--endpoint", engine.url], env=env, capture_output=True,
                             text=True, timeout=300)  # fmt: skip
    assert refused.returncode == 1, refused.stderr
    assert "nothing was loaded" in refused.stderr
    assert not ask(two_processes[1], f"ASK {{ GRAPH <{UPLOAD}> {{ ?s ?p ?o }} }}")
    for _ in range(2):  # the second run finds everything stored: it completes an interrupted load
        loaded = subprocess.run([EUUS, "load", str(good), "--endpoint", engine.url], env=env,
                                capture_output=True, text=True, timeout=300)  # fmt: skip
        assert loaded.returncode == 0, loaded.stderr
        assert "loading" in loaded.stderr and "validated" in loaded.stderr
    assert ask(two_processes[1], f"ASK {{ GRAPH <{UPLOAD}> {{ <{UPLOAD}> a euus:FactGraph }} }}")
    assert httpx.get(f"{two_processes[1]}/health").json()["data_version"] > version
    graph = rdf(
        httpx.get(f"{two_processes[0]}/store", params={"graph": UPLOAD}, headers={"Accept": "text/turtle"})
    )
    assert len(graph) == 4
    httpx.delete(f"{two_processes[0]}/store", params={"graph": UPLOAD}, headers=AUTH)


def ask(url: str, query: str) -> bool:
    reply = httpx.get(
        f"{url}/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    return bool(reply.json()["boolean"])
