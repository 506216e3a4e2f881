"""Run one W3C manifest entry against the service over HTTP: the W3C's expectations, then ours.

Each entry starts from an emptied store (``DROP ALL``) holding the entry's ``ut:graphData``; an entry
that declares none gets all the suite's data files instead, so that a refused request that changed
anything, or a ``CLEAR ALL`` that left anything, shows. Its requests are then sent in order, exactly as
the manifest writes them, with two adaptations (both in DEVIATIONS.md): the manifest's endpoint prefix
is replaced by ours, as the manifests ask, and every request carries the write token.

After each request the runner checks what the manifest expects (status, ASK answer, result format,
response headers, an RDF body by isomorphism, a ``Location``), then what ``cases.py`` says we answer
(the exact status, what a problem JSON names), that a HEAD has no body and that a request the W3C
expects to fail leaves the store as it was. Last comes the case's own further check, if any.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from tests.test_api.conftest import (
    AUTH,
    GRAPH_PARSERS,
    assert_isomorphic,
    assert_same_dataset,
    media_type,
    problem,
    rdf,
    results,
)
from tests.w3c.cases import Case, Run, store_dump
from tests.w3c.manifest import Entry, Expected, Request, deviations

#: The manifests' endpoint prefixes and ours: "A program using this manifest data to run the tests must
#: replace this value with whatever path prefix is appropriate for the endpoint being tested."
PREFIXES = (("/sparql/", "/sparql"), ("/gsp", "/store"))

#: mf:expectedFormat and the media types the entries' names allow: "expect one of: XML, JSON, CSV, TSV",
#: "expect one of: XML, JSON" and "expect one of: RDF/XML, Turtle, N-Triples, RDFa" (we serve no RDFa).
FORMATS = {
    "boolean": ("ASK", {"application/sparql-results+xml", "application/sparql-results+json"}),
    "tabular": (
        "SELECT",
        {
            "application/sparql-results+xml",
            "application/sparql-results+json",
            "text/csv",
            "text/tab-separated-values",
        },
    ),
    "RDF": ("RDF", {"application/rdf+xml", "text/turtle", "application/n-triples"}),
}


def params(entries: Iterable[Entry]) -> list[Any]:
    """One pytest param per entry, its id the entry's name; a listed deviation is a strict xfail."""
    known = deviations()
    return [
        pytest.param(
            entry,
            id=entry.name,
            marks=[pytest.mark.xfail(strict=True, reason=known[entry.name])] if entry.name in known else [],
        )
        for entry in entries
    ]


def run(client: TestClient, entry: Entry, cases: Mapping[str, Case], suite_data: Iterable[Entry]) -> None:
    """Run ``entry`` against ``client``; ``suite_data`` are the entries whose graph data may be loaded."""
    case = cases.get(entry.name)
    if case is None:
        pytest.fail(f"{entry.name} of {entry.manifest} has no row in tests/w3c/cases.py: {entry.title!r}")
    if len(case.answers) != len(entry.requests):
        pytest.fail(
            f"{entry.name}: {len(entry.requests)} requests in the manifest, {len(case.answers)} in cases.py"
        )
    prepare(client, entry.graph_data or {data for other in suite_data for data in other.graph_data})
    done = Run(client)
    variables: dict[str, str] = {}
    for number, (request, answer) in enumerate(zip(entry.requests, case.answers, strict=True), start=1):
        path = endpoint_path(substitute(request.path, variables))
        where = f"{entry.name}, request {number} of {len(entry.requests)} ({request.method} {path})"
        refused = all(status.startswith("4") for status in request.expected.statuses)
        before = store_dump(client) if refused else None
        response = send(client, request, path, variables)
        done.responses.append(response)
        with context(where):
            check_w3c(response, request.expected)
            if request.expected.location_variable:
                assert "location" in response.headers, "the W3C expects a Location header"
                variables[request.expected.location_variable] = response.headers["location"]
            assert response.status_code == answer.status, (
                f"we answer {answer.status}, got {response.status_code}: {response.text[:300]}"
            )
            if answer.names:
                problem(response, answer.status, *answer.names)
            if request.method == "HEAD":
                assert response.content == b"", "a HEAD answer has no body"
            if before is not None:
                assert_same_dataset(store_dump(client), before)
    if case.then is not None:
        with context(f"{entry.name}, after its requests ({case.then.__name__})"):
            case.then(done)


def prepare(client: TestClient, graph_data: Iterable[tuple[Path, str]]) -> None:
    """Empty the store, then put each (N-Triples file, graph IRI) with the Graph Store Protocol."""
    emptied = client.post(
        "/sparql", content="DROP ALL", headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert emptied.status_code == 204, emptied.text
    for path, graph in sorted(graph_data, key=lambda item: item[1]):
        loaded = client.put(
            "/store",
            params={"graph": graph},
            content=path.read_bytes(),
            headers={**AUTH, "Content-Type": "application/n-triples"},
        )
        assert loaded.status_code == 201, loaded.text


def endpoint_path(path: str) -> str:
    """The manifest's ``ht:absolutePath`` on our endpoint."""
    for theirs, ours in PREFIXES:
        if path.startswith(theirs):
            return ours + path.removeprefix(theirs)
    pytest.fail(f"{path!r} starts with none of the manifests' endpoint prefixes {[p for p, _ in PREFIXES]}")


def substitute(text: str, variables: Mapping[str, str]) -> str:
    """Replace each ``$VARIABLE$`` an earlier response set (mf:expectedLocation) by its value."""
    for name, value in variables.items():
        text = text.replace(name, value)
    return text


def send(client: TestClient, request: Request, path: str, variables: Mapping[str, str]) -> Any:
    """Send ``request`` as written (no header the manifest does not give, but the write token)."""
    body = request.body
    if body is not None and variables:
        body = substitute(body.decode(), variables).encode()
    headers = {name: value for name, value in request.headers}
    return client.request(request.method, path, content=body, headers={**headers, **AUTH})


def check_w3c(response: Any, expected: Expected) -> None:
    """What the manifest expects of ``response``."""
    assert expected.allows(response.status_code), (
        f"the W3C expects {sorted(expected.statuses)}, got {response.status_code}: {response.text[:300]}"
    )
    if expected.result_format is not None:
        kind, media_types = FORMATS[expected.result_format]
        assert media_type(response) in media_types, (
            f"{media_type(response)!r} is not one of {sorted(media_types)}"
        )
        if kind == "RDF":
            rdf(response)
        else:
            assert results(response).type == kind, f"not a {expected.result_format} result"
    if expected.boolean is not None:
        parsed = results(response)
        assert parsed.type == "ASK" and parsed.askAnswer is expected.boolean, f"expected {expected.boolean}"
    for name, value in expected.headers:
        assert normal(response.headers.get(name, "")) == normal(value), (
            f"{name}: expected {value!r}, got {response.headers.get(name)!r}"
        )
    if expected.body is not None:
        kind = normal(dict(expected.headers)["content-type"]).split(";")[0]
        assert_isomorphic(rdf(response), Graph().parse(data=expected.body, format=GRAPH_PARSERS[kind]))


def normal(value: str) -> str:
    """A header value compared as its media type and parameters, case and spaces aside."""
    return "".join(value.split()).lower()


@contextmanager
def context(where: str) -> Iterator[None]:
    """Prefix the failure message of any check inside with where it happened."""
    try:
        yield
    except (AssertionError, pytest.fail.Exception) as error:
        pytest.fail(f"{where}: {error}", pytrace=False)
