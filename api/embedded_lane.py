"""The embedded lane: ``GET /sparql?query=...`` on the embedded store, answered before the framework.

:mod:`api.lanes` hands this lane the simplest case of the ``/sparql`` route (a ``query`` parameter and
nothing else, a data format chosen by ``Accept`` from the route's table). A ``DESCRIBE`` of a few IRIs
is answered in this process at once (:meth:`graph.query.QueryExecutor.answer_inline`: pyoxigraph
takes about 0.1 ms, a worker round trip ten times that) and kept for the data version
(:mod:`api.lane_answers`); any other query goes to a query worker as
the route would send it, with the same time limit, and its outcome is answered by the route's own
:func:`api.query_response.query_response`, errors by the error table. What the lane saves is the
framework's routing, dependencies and middleware: about 1 ms of the service's CPU per query (py-spy
on the aggregate by presidency at 100k quads). The route stays the one definition of ``/sparql``
(and of what the OpenAPI document says); this lane only answers sooner.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.errors import domain_error
from api.lane_answers import keep, look_up, send_whole
from api.lanes import LaneRequest
from api.query_response import query_response
from graph.errors import EuusError
from graph.query.answer_cache import CachedAnswer


async def embedded_lane(request: LaneRequest, scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer the query from the embedded store: inline if it is a small ``DESCRIBE``, else by a worker."""
    queries, query, chosen = request
    key = (query, chosen.media_type)
    version, kept = await look_up(scope, key)
    if kept is not None:
        await send_whole(send, chosen, kept, kept=True)
        return True
    answer = queries.answer_inline(query, chosen.media_type)
    if answer is not None:
        whole = CachedAnswer(answer.body, answer.rows)
        keep(scope, version, key, whole)
        await send_whole(send, chosen, whole)
        return True
    settings = scope["app"].state.settings
    try:
        outcome = await queries.run(query, result_format=chosen.media_type, timeout=settings.query_timeout)
    except EuusError as error:  # the route's answer to it, from the same table
        await domain_error(Request(scope), error)(scope, receive, send)
        return True
    await query_response(outcome, chosen, settings.max_rows)(scope, receive, send)
    return True
