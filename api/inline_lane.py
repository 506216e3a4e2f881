"""The inline lane: ``GET /sparql?query=DESCRIBE <iri>`` answered in this process, before the framework.

A ``DESCRIBE`` of a few IRIs is answered by pyoxigraph in about 0.1 ms; routing, validating and
streaming it through FastAPI and a worker process costs ten times that. :mod:`api.lanes` hands this
lane the simplest case of the ``/sparql`` route (a ``query`` parameter and nothing else, a data
format chosen by ``Accept`` from the same table); it answers when the runner answers the query
inline (:meth:`graph.query.QueryRunner.answer_inline`) and otherwise, errors included, passes the
request on unchanged, so the route stays the one definition of ``/sparql`` (and of what the OpenAPI
document says); this lane only answers sooner.
"""

from __future__ import annotations

from starlette.types import Receive, Scope, Send

from api.lanes import LaneRequest


async def inline_lane(request: LaneRequest, scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer a ``DESCRIBE`` of given IRIs from the store at once; False for anything else."""
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
