"""The inline lane: ``GET /sparql`` queries that cannot run away, answered before the framework runs.

A ``DESCRIBE`` of a few IRIs is answered by pyoxigraph in about 0.1 ms; routing, validating and
streaming it through FastAPI and a worker process costs ten times that. This plain ASGI middleware
answers such a request itself when it is the simplest case of the ``/sparql`` route: a ``query``
parameter and nothing else, a data format (not the query page) chosen by ``Accept`` from the same
table, and a query the runner answers inline (:meth:`graph.query.QueryRunner.answer_inline`). In
every other case, errors included, it passes the request on unchanged, so the route stays the one
definition of ``/sparql`` (and of what the OpenAPI document says); this lane only answers sooner.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from api.negotiation import negotiate, query_formats
from api.pages import HTML
from graph.errors import NotAcceptable
from graph.formats import Format
from graph.sparql.scan import query_form

_PATH = "/sparql"


class LaneRequest(NamedTuple):
    """A request a lane may answer: the query runner, the query, and the data format the route would pick."""

    queries: Any
    query: str
    chosen: Format


def lane_request(scope: Scope) -> LaneRequest | None:
    """The lane's part of ``scope``, or None when only the route may answer it.

    Both lanes (this one and :mod:`api.remote_lane`) take the simplest case of the ``/sparql`` route
    only: ``GET``, a ``query`` parameter and nothing else, and a data format, not the query page.
    """
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != _PATH:
        return None
    queries = getattr(getattr(scope.get("app"), "state", None), "queries", None)
    params = QueryParams(scope["query_string"])
    if queries is None or len(params) != 1 or "query" not in params:
        return None
    try:  # the route's choice: the page if HTML ranks above every data format, else the best of them
        formats = query_formats(query_form(params["query"]))
        chosen = negotiate((*formats, HTML), Headers(scope=scope).get("accept"))
    except NotAcceptable:
        return None  # the route answers 406 with its usual body
    if chosen is HTML:
        return None  # a browser: the route renders the query page
    return LaneRequest(queries, params["query"], chosen)


class InlineLane:
    """Answer ``GET /sparql?query=DESCRIBE <iri>`` in this process at once; pass anything else on."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``; the query runner is read from ``app.state.queries`` once the service started."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request if it is one for the lane, else pass it on."""
        request = lane_request(scope)
        if request is not None and await self._answer(request, send):
            return
        await self.app(scope, receive, send)

    async def _answer(self, request: LaneRequest, send: Send) -> bool:
        queries, query, chosen = request
        answer = queries.answer_inline(query, chosen.media_type)
        if answer is None:
            return False
        headers = [
            (b"content-type", chosen.content_type.encode()),
            (b"content-length", str(len(answer.body)).encode()),
            (b"vary", b"Accept"),
            (b"x-euus-rows", str(answer.rows).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": answer.body})
        return True
