"""Query parameters the ``/api`` routes share, and the statuses every one of them documents."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import AfterValidator

from api.schemas.common import Problem
from graph.sparql.text import iri_regex
from graph.views.ids import ID_PATTERN

# Patterns use [0-9], never \d: in Python and pydantic's Rust regex \d takes any Unicode digit ("٢٠١٨").
_MONTH, _DAY = "(0[1-9]|1[0-2])", "(0[1-9]|[12][0-9]|3[01])"
#: A year, month or day: dates in the data are as precise as their source (``2018-05`` is a month).
DATE_PREFIX = f"^[0-9]{{4}}(-{_MONTH}(-{_DAY})?)?$"
DAY = f"^[0-9]{{4}}-{_MONTH}-{_DAY}$"
#: What a person should send when a pattern refuses a value (the regular expression says little).
PATTERN_HINTS = {
    DATE_PREFIX: "not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    DAY: "not a date: use YYYY-MM-DD",
    ID_PATTERN: "not an id: use the last part of an IRI (letters, digits, -._~) or a full IRI",
}
#: How an IRI parameter is documented: ``format: iri`` (RFC 3987), narrowed as graph.sparql.text says.
IRI_HELP = "An absolute IRI (RFC 3987; no IP-literal host, characters beyond U+FFFF percent-escaped)."
IRI_SCHEMA: dict[str, Any] = {"type": "string", "format": "iri", "description": IRI_HELP}


def absolute_iri(value: str) -> str:
    """Pass ``value`` if it is an absolute IRI as the store reads it (a 422 names the parameter if not)."""
    if not iri_regex().fullmatch(value):
        raise ValueError("not an absolute IRI (" + IRI_HELP.split("(", 1)[1])
    return value


def iri_query(description: str) -> Any:
    """The ``Query`` of a parameter that is an IRI: documented as ``format: iri``."""
    return Query(description=description + " " + IRI_HELP, json_schema_extra={"format": "iri"})


#: What checks an IRI parameter (``Annotated[str, IRI_CHECK, iri_query(...)]``).
IRI_CHECK = AfterValidator(absolute_iri)

_ID_HELP = (
    " An id is the local part of the IRI (letters, digits, -._~, slashes between) or the full IRI"
    " (http or https, no percent escapes, query or fragment)."
)
#: An id in a path: ``europol``, ``org/europol`` or ``https://w3id.org/euus-kg/id/org/europol``.
IdPath = Annotated[str, Path(pattern=ID_PATTERN, description="The id or the IRI." + _ID_HELP)]


def id_query(description: str, example: str) -> Any:
    """A query parameter naming a resource by id or IRI (optional)."""
    return Query(pattern=ID_PATTERN, description=description + "." + _ID_HELP, examples=[example])


Lang = Literal["en", "nl", "fr", "de"]
LangQuery = Annotated[Lang, Query(description="Language of the labels; English where a label is missing")]
FromQuery = Annotated[
    str | None,
    Query(
        alias="from",
        pattern=DATE_PREFIX,
        description="Start date at or after (YYYY[-MM[-DD]])",
        examples=["2018-01"],
    ),
]
ToQuery = Annotated[
    str | None,
    Query(alias="to", pattern=DATE_PREFIX, description="Start date at or before", examples=["2018"]),
]
TopicQuery = Annotated[
    str | None, id_query("Topic id or IRI; narrower topics and the topics of sessions count", "cybercrime")
]
ParticipantQuery = Annotated[str | None, id_query("Organisation (or presidency) id or IRI", "europol")]
#: What a participation rests on (the participation-bases scheme): an analyst counts only what a source says.
Basis = Literal["stated", "customary", "inferred"]
BASIS_HELP = (
    " (stated: the source says the participant took part in this meeting; customary: the source gives it as"
    " the usual composition of such meetings; inferred: deduced from other facts)"
)


def basis_query(description: str) -> Any:
    """The ``Query`` of the participation-basis filter: an enum in OpenAPI, 422 naming ``basis`` otherwise."""
    return Query(description=description + BASIS_HELP, examples=["stated"])


#: Count only participations of this basis, where an answer counts who took part.
BasisQuery = Annotated[Basis | None, basis_query("Count only participations of this basis")]

_PROBLEM = {"application/problem+json": {"schema": Problem.model_json_schema()}}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the statuses a route answers besides 200 (304 always)."""
    described: dict[int | str, dict[str, Any]] = {
        304: {"description": "Not modified: the `If-None-Match` tag is current (no body)"}
    }
    texts = {
        404: "No resource with this id (problem JSON)",
        422: "A parameter is malformed: `invalid_params` names it and says why (problem JSON)",
    }
    for status in statuses:
        described[status] = {"description": texts[status], "content": _PROBLEM}
    return described
