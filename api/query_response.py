"""The HTTP answer to a query's outcome, the same from the ``/sparql`` route and the embedded lane.

One place decides the headers a query answer carries (``Vary``, ``X-Euus-Rows``, ``X-Euus-Truncated``)
and whether it is sent as one body (complete already) or streamed from the worker.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response, StreamingResponse

from graph.formats import Format


def query_response(outcome: Any, chosen: Format, max_rows: int) -> Response:
    """The response for ``outcome`` (:class:`graph.query.executor.QueryOutcome` or the remote one)."""
    headers = {"Vary": "Accept"}
    if outcome.truncated:
        headers["X-Euus-Truncated"] = f"max-rows={max_rows}"
    if outcome.rows is not None and outcome.truncated is not None:
        headers["X-Euus-Rows"] = str(outcome.rows)
    if outcome.body is not None:  # complete already: one plain response, no streaming machinery
        return Response(outcome.body, media_type=chosen.content_type, headers=headers)
    return StreamingResponse(outcome.chunks, media_type=chosen.content_type, headers=headers)
