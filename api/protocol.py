"""Read a SPARQL 1.1 Protocol request: which operation, its text, its dataset, the wanted format.

Plain functions over already-read request parts, so the protocol rules (W3C protocol tests 21-34)
are checked in one place and can be tested without HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from api.errors import BadRequest, UnsupportedMediaType
from graph.sparql.scan import refuse_deep_nesting, refuse_too_many_patterns
from graph.sparql.text import iri_regex

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ProtocolRequest:
    """One protocol operation: ``kind`` is "query", "update" or "description" (no operation given)."""

    kind: str
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    using_graphs: list[str] = field(default_factory=list)
    using_named_graphs: list[str] = field(default_factory=list)
    format: str | None = None
    timeout: float | None = None


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """Split a Content-Type header into media type and charset (both lower case)."""
    if not content_type:
        return "", None
    media_type, *params = (part.strip() for part in content_type.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _text(body: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"the {what} must be UTF-8 encoded; got charset={charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadRequest(f"the {what} is not valid UTF-8 (byte {error.start})") from None


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise BadRequest(f"the parameter {name!r} is given {len(values)} times; give it once")
    return values[0] if values else None


def _timeout(params: list[tuple[str, str]]) -> float | None:
    value = _single(params, "timeout")
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise BadRequest(f"timeout={value!r} is not a number of seconds") from None
    if not seconds >= 1:  # also NaN; a time limit under a second stops queries before they start
        raise BadRequest(f"timeout={value!r} must be a number of seconds, at least 1")
    return seconds


def read_protocol_request(
    method: str, url_params: list[tuple[str, str]], content_type: str | None, body: bytes
) -> ProtocolRequest:
    """Turn the parts of a ``/sparql`` request into one :class:`ProtocolRequest`.

    Raises:
        BadRequest: a repeated, missing or conflicting parameter, a query and an update at once,
            an update sent with GET, or a body that is not UTF-8.
        UnsupportedMediaType: a POST whose Content-Type is missing, not one of the protocol's three
            or has a charset other than UTF-8.
    """
    params = list(url_params)
    operation: tuple[str, str] | None = None
    if method == "GET":
        if any(k == "update" for k, _ in params):
            raise BadRequest(
                "an update must be sent with POST, never GET (https://www.w3.org/TR/sparql11-protocol/#update-operation)"
            )
    elif method == "POST":
        media_type, charset = _media_type(content_type)
        if media_type == FORM:
            params += parse_qsl(_text(body, charset, "form body"), keep_blank_values=True)
        elif media_type == SPARQL_QUERY:
            operation = ("query", _text(body, charset, "query"))
        elif media_type == SPARQL_UPDATE:
            operation = ("update", _text(body, charset, "update"))
        elif not media_type:
            raise UnsupportedMediaType(
                "a POST to the SPARQL endpoint needs a Content-Type: "
                f"{FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}"
            )
        else:
            raise UnsupportedMediaType(
                f"Content-Type {media_type} is not one of {FORM}, {SPARQL_QUERY}, {SPARQL_UPDATE}"
            )
    else:
        raise BadRequest(f"{method} is not a SPARQL protocol method; use GET or POST")
    query, update = _single(params, "query"), _single(params, "update")
    if operation is not None and (query is not None or update is not None):
        raise BadRequest(f"the body is the {operation[0]}; do not also give query= or update= parameters")
    if query is not None and update is not None:
        raise BadRequest("give either query= or update=, not both")
    if operation is None:
        operation = (
            ("query", query) if query is not None else ("update", update) if update is not None else None
        )
    listed = {
        name: [v for k, v in params if k == name]
        for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
    }
    for name, values in listed.items():
        for value in values:
            if not iri_regex().fullmatch(value):
                raise BadRequest(f"{name}={value!r} is not an absolute IRI")
    if operation is None:
        return ProtocolRequest("description", format=_single(params, "format") or _single(params, "output"))
    kind, text = operation
    if not text.strip():
        raise BadRequest(f"the {kind} is empty")
    refuse_deep_nesting(text)  # before any parser recurses into it (a stack overflow kills the process)
    refuse_too_many_patterns(text)  # nor the optimizer into a join of thousands of patterns
    if kind == "query" and (listed["using-graph-uri"] or listed["using-named-graph-uri"]):
        raise BadRequest(
            "using-graph-uri and using-named-graph-uri go with updates; queries take default-graph-uri"
        )
    if kind == "update" and (listed["default-graph-uri"] or listed["named-graph-uri"]):
        raise BadRequest(
            "default-graph-uri and named-graph-uri go with queries; updates take using-graph-uri"
        )
    return ProtocolRequest(
        kind,
        text,
        default_graphs=listed["default-graph-uri"],
        named_graphs=listed["named-graph-uri"],
        using_graphs=listed["using-graph-uri"],
        using_named_graphs=listed["using-named-graph-uri"],
        format=_single(params, "format") or _single(params, "output"),
        timeout=_timeout(params),
    )
