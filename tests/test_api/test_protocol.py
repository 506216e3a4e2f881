"""The SPARQL 1.1 Protocol rules, checked on the request parser (no HTTP needed)."""

from __future__ import annotations

import pytest

from api.errors import BadRequest, UnsupportedMediaType
from api.protocol import FORM, SPARQL_QUERY, SPARQL_UPDATE, read_protocol_request

K = "http://kasei.us/2009/09/sparql/data/"


def test_get_query_with_dataset() -> None:
    op = read_protocol_request(
        "GET", [("query", "ASK {}"), ("default-graph-uri", K + "data1.rdf"), ("default-graph-uri", K + "data2.rdf")],
        None, b"",
    )  # fmt: skip
    assert (op.kind, op.text, op.default_graphs) == ("query", "ASK {}", [K + "data1.rdf", K + "data2.rdf"])


def test_post_form_query_and_url_dataset_params() -> None:
    op = read_protocol_request("POST", [("named-graph-uri", K + "data1.rdf")], FORM, b"query=ASK%20%7B%7D")
    assert (op.kind, op.text, op.named_graphs) == ("query", "ASK {}", [K + "data1.rdf"])


def test_post_direct_query_and_update() -> None:
    assert read_protocol_request("POST", [], SPARQL_QUERY, b"ASK {}").kind == "query"
    op = read_protocol_request("POST", [("using-graph-uri", K + "data1.rdf")], f"{SPARQL_UPDATE}; charset=UTF-8",
                               b"CLEAR ALL")  # fmt: skip
    assert (op.kind, op.using_graphs) == ("update", [K + "data1.rdf"])


def test_no_operation_is_a_description_request() -> None:
    assert read_protocol_request("GET", [], None, b"").kind == "description"


@pytest.mark.parametrize(
    ("name", "method", "params", "content_type", "body", "error"),
    [
        ("bad_query_method", "PUT", [("query", "ASK {}")], None, b"", BadRequest),
        ("bad_multiple_queries", "GET", [("query", "ASK {}"), ("query", "SELECT * {}")], None, b"", BadRequest),
        ("bad_query_wrong_media_type", "POST", [], "text/plain", b"ASK {}", UnsupportedMediaType),
        ("bad_query_missing_form_type", "POST", [], None, b"query=ASK%20%7B%7D", UnsupportedMediaType),
        ("bad_query_missing_direct_type", "POST", [], None, b"ASK {}", UnsupportedMediaType),
        ("bad_query_non_utf8", "POST", [], f"{SPARQL_QUERY}; charset=UTF-16", "ASK {}".encode("utf-16"),
         UnsupportedMediaType),
        ("bad_update_get", "GET", [("update", "CLEAR ALL")], None, b"", BadRequest),
        ("bad_multiple_updates", "POST", [], FORM, b"update=CLEAR+NAMED&update=CLEAR+DEFAULT", BadRequest),
        ("bad_update_wrong_media_type", "POST", [], "text/plain", b"CLEAR NAMED", UnsupportedMediaType),
        ("bad_update_missing_form_type", "POST", [], None, b"update=CLEAR%20NAMED", UnsupportedMediaType),
        ("bad_update_non_utf8", "POST", [], f"{SPARQL_UPDATE}; charset=UTF-16", "CLEAR NAMED".encode("utf-16"),
         UnsupportedMediaType),
        ("query_and_update", "POST", [], FORM, b"query=ASK%7B%7D&update=CLEAR+ALL", BadRequest),
        ("invalid_utf8", "POST", [], SPARQL_QUERY, b"ASK { \xff }", BadRequest),
        ("empty_query", "GET", [("query", "  ")], None, b"", BadRequest),
        ("update_with_query_dataset", "POST", [("default-graph-uri", K)], SPARQL_UPDATE, b"CLEAR ALL", BadRequest),
        ("negative_timeout", "GET", [("query", "ASK {}"), ("timeout", "-1")], None, b"", BadRequest),
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith(("bad", "query_", "invalid", "empty", "update_", "neg")) else "",
)  # fmt: skip
def test_protocol_errors(
    name: str, method: str, params: list[tuple[str, str]], content_type: str | None, body: bytes, error: type
) -> None:
    with pytest.raises(error) as raised:
        read_protocol_request(method, params, content_type, body)
    assert str(raised.value), f"{name}: the error must say what is wrong"
