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

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem, status_of
from api.inline_lane import LaneRequest, lane_request
from graph.errors import QueryTimeout


class RemoteLane:
    """Forward ``GET /sparql?query=DESCRIBE <iri>`` to the remote engine at once; pass anything else on."""

    def __init__(self, app: ASGIApp) -> None:
        """Wrap ``app``; the query runner is read from ``app.state.queries`` once the service started."""
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request if it is one for the lane, else pass it on."""
        request = lane_request(scope)
        if request is not None and await self._answer(request, scope, receive, send):
            return
        await self.app(scope, receive, send)

    async def _answer(self, request: LaneRequest, scope: Scope, receive: Receive, send: Send) -> bool:
        queries, query, chosen = request
        forward = getattr(queries, "forward_inline", None)
        if forward is None:
            return False  # the embedded store: the inline lane's
        try:
            answer = await forward(query, chosen.media_type)
        except QueryTimeout as error:
            status, code = status_of(error)
            await problem(status, code, str(error))(scope, receive, send)
            return True
        if answer is None:
            return False
        headers = {"Vary": "Accept", "X-Euus-Rows": str(answer.rows)}
        await Response(answer.body, media_type=chosen.content_type, headers=headers)(scope, receive, send)
        return True
