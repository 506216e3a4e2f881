"""The remote lane: ``GET /sparql?query=DESCRIBE <iri>`` sent to the remote engine before the framework runs.

The remote-mode twin of :mod:`api.inline_lane`. In remote mode a single-resource lookup is one
round trip to the engine, which answers it in a fraction of a millisecond; routing it through
FastAPI, a thread and a streamed response cost ten times that. This plain ASGI middleware takes the
same requests the inline lane takes (a ``query`` parameter and nothing else, a data format chosen
by ``Accept`` from the route's table, a ``DESCRIBE`` of IRIs) and answers them with the engine's
bytes (:meth:`graph.query.remote.RemoteQueries.forward_inline`). Whatever else happens (an error
status, another format, a large or garbled answer, an engine out of reach) it passes the request on
unchanged, and the ``/sparql`` route answers as always; only a timeout is answered here, with the
route's problem document, so that a slow engine is not waited for twice.
"""

from __future__ import annotations

from starlette.datastructures import Headers, QueryParams
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem, status_of
from api.negotiation import GRAPH_FORMATS, negotiate
from api.pages import HTML
from graph.errors import NotAcceptable, QueryTimeout

_PATH = "/sparql"


class RemoteLane:
    """Forward ``GET /sparql?query=DESCRIBE <iri>`` to the remote engine at once; pass anything else on."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``; the query runner is read from ``app.state.queries`` once the service started."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request if it is one for the lane, else pass it on."""
        lane = scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == _PATH
        if lane and await self._answer(scope, receive, send):
            return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> bool:
        queries = getattr(getattr(scope.get("app"), "state", None), "queries", None)
        forward = getattr(queries, "forward_inline", None)
        if forward is None:
            return False  # the embedded store: the inline lane's
        params = QueryParams(scope["query_string"])
        if len(params) != 1 or "query" not in params:
            return False
        try:  # the route's choice: the page if HTML ranks above every data format, else the best of them
            chosen = negotiate((*GRAPH_FORMATS, HTML), Headers(scope=scope).get("accept"))
        except NotAcceptable:
            return False
        if chosen is HTML:
            return False
        try:
            answer = await forward(params["query"], chosen.media_type)
        except QueryTimeout as error:
            status, code = status_of(error)
            await problem(status, code, str(error))(scope, receive, send)
            return True
        if answer is None:
            return False
        headers = {"Vary": "Accept", "X-Euus-Rows": str(answer.rows)}
        await Response(answer.body, media_type=chosen.content_type, headers=headers)(scope, receive, send)
        return True
