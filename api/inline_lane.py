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

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from api.negotiation import GRAPH_FORMATS, negotiate
from api.pages import HTML
from graph.errors import NotAcceptable

_PATH = "/sparql"


class InlineLane:
    """Answer ``GET /sparql?query=DESCRIBE <iri>`` in this process at once; pass anything else on."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``; the query runner is read from ``app.state.queries`` once the service started."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request if it is one for the lane, else pass it on."""
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == _PATH:
            answered = await self._answer(scope, send)
            if answered:
                return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, send: Send) -> bool:
        queries = getattr(getattr(scope.get("app"), "state", None), "queries", None)
        params = QueryParams(scope["query_string"])
        if queries is None or len(params) != 1 or "query" not in params:
            return False
        accept = Headers(scope=scope).get("accept")
        try:  # the route's choice: the page if HTML ranks above every data format, else the best of them
            chosen = negotiate((*GRAPH_FORMATS, HTML), accept)
        except NotAcceptable:
            return False  # the route answers 406 with its usual body
        if chosen is HTML:
            return False  # a browser: the route renders the query page
        answer = queries.answer_inline(params["query"], chosen.media_type)
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
