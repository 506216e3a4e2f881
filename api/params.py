"""Query parameters the ``/api`` routes share, and the statuses every one of them documents."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query

from api.schemas.common import Problem

#: A year, month or day: dates in the data are as precise as their source (``2018-05`` is a month).
DATE_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
#: What a person should send when a pattern refuses a value (the regular expression says little).
PATTERN_HINTS = {
    DATE_PREFIX: "not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
    DAY: "not a date: use YYYY-MM-DD",
}

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
    str | None,
    Query(
        description="Topic id or IRI; narrower topics and the topics of sessions count",
        examples=["cybercrime"],
    ),
]
ParticipantQuery = Annotated[
    str | None, Query(description="Organisation (or presidency) id or IRI", examples=["europol"])
]

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
