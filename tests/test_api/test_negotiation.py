"""Content negotiation per RFC 9110: q-values, wildcards, several types, format= overrides, 406."""

from __future__ import annotations

import pytest

from api.negotiation import DESCRIPTION_FORMATS, GRAPH_FORMATS, RESULT_FORMATS, negotiate
from graph.errors import NotAcceptable


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+json,text/turtle", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
        ("text/*;q=0.9, application/sparql-results+xml;q=0.1", "text/csv"),
        ("application/json", "application/json"),
    ],
)
def test_results_negotiation(accept: str | None, expected: str) -> None:
    assert negotiate(RESULT_FORMATS, accept).media_type == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml, application/rdf+xml", "application/rdf+xml"),
        ("text/turtle;q=0.2, application/ld+json", "application/ld+json"),
        ("*/*", "text/turtle"),
        ("application/n-quads", "application/n-quads"),
    ],
)
def test_graph_negotiation(accept: str, expected: str) -> None:
    assert negotiate(GRAPH_FORMATS, accept).media_type == expected


@pytest.mark.parametrize(("name", "expected"), [("json", "application/sparql-results+json"), ("csv", "text/csv"),
                                                ("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml")])  # fmt: skip
def test_format_parameter_overrides_accept(name: str, expected: str) -> None:
    assert negotiate(RESULT_FORMATS, "text/turtle", name).media_type == expected


def test_sparqlwrapper_short_names_for_graphs() -> None:
    assert negotiate(GRAPH_FORMATS, None, "turtle").media_type == "text/turtle"
    assert negotiate(GRAPH_FORMATS, None, "json-ld").media_type == "application/ld+json"
    assert negotiate(DESCRIPTION_FORMATS, None, "json").media_type == "application/ld+json"


@pytest.mark.parametrize("accept", ["text/turtle", "text/csv;q=0", "image/png, text/html", "garbage;;"])
def test_406_lists_what_is_offered(accept: str) -> None:
    with pytest.raises(NotAcceptable) as raised:
        negotiate(RESULT_FORMATS, accept)
    assert "application/sparql-results+json" in raised.value.offered
    assert "offered:" in str(raised.value)


def test_unknown_format_name() -> None:
    with pytest.raises(NotAcceptable, match="format=yaml"):
        negotiate(RESULT_FORMATS, None, "yaml")
