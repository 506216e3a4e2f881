"""The remote lane: ``GET /sparql?query=...`` sent to the remote engine before the framework runs.

The remote-mode twin of :mod:`api.embedded_lane`. In remote mode a query with a small answer (a
single-resource lookup, a label search of 20 rows, an aggregate of 50) is one round trip to an
engine that answers it in a millisecond or a few; routing it through FastAPI, a thread and a
streamed response cost several times that. :mod:`api.lanes` hands this lane the same requests the
route would answer in a data format (a ``query`` parameter and nothing else, the format chosen by
``Accept`` from the route's table for the query's form); it answers them with the engine's bytes
(:meth:`graph.query.remote.RemoteQueries.forward`). Whatever else happens (an error status, another
format, an answer cut at the engine's row cap, a large or garbled answer, an engine out of reach)
it passes the request on unchanged, and the ``/sparql`` route answers as always; only a timeout or the
engine's refusal of the query is answered here, with the route's problem document, so that a slow
engine is not waited for twice and a bad query is not sent again. A whole answer is kept for the data
version (:mod:`api.lane_answers`): a repeated lookup then costs a version read shared with others.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from api.errors import domain_error
from api.lane_answers import keep, look_up, send_whole
from api.lanes import LaneRequest
from graph.errors import InvalidQuery, QueryTimeout
from graph.query.answer_cache import CachedAnswer


async def remote_lane(request: LaneRequest, scope: Scope, receive: Receive, send: Send) -> bool:
    """Forward the query to the remote engine and pass its answer on; False to leave it to the route."""
    queries, query, chosen = request
    forward = getattr(queries, "forward", None)
    if forward is None:
        return False  # the embedded store: the embedded lane's
    key = (query, chosen.media_type)
    try:
        version, kept = await look_up(scope, key)
        if kept is not None:
            await send_whole(send, chosen, kept, kept=True)
            return True
        answer = await forward(query, chosen.media_type)
    except (QueryTimeout, InvalidQuery) as error:
        await domain_error(Request(scope), error)(scope, receive, send)  # the route's answer to it
        return True
    if answer is None or answer.truncated or answer.body is None:
        return False  # the route sends it again and says how it was cut, or what went wrong
    whole = CachedAnswer(answer.body, answer.rows)
    keep(scope, version, key, whole)
    await send_whole(send, chosen, whole)
    return True
