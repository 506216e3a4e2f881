"""The lanes: ``GET /sparql?query=...`` answered before the framework and its middleware run.

A small query (a ``DESCRIBE`` of an IRI in the embedded store, any query with a small answer in
remote mode) costs pyoxigraph or the engine a fraction of a millisecond. Crossing the framework
(its error and telemetry layers, the body limit, CORS, conditional GET, GZip, the access log, then
routing) cost as much again (py-spy ``--gil`` on the DESCRIBE benchmark: about a quarter of the
service's CPU). So the app factory puts :class:`LaneFirst` outside the whole stack: the lane of the
service's mode is asked first, and keeps itself what the skipped layers would have done for such a
request:

- the access log line (:func:`api.access_log.logged`), the same as every other request's;
- gzip for an answer of :data:`GZIP_MINIMUM` bytes or more when the client accepts it (Starlette's
  own ``GZipMiddleware``, the one the app stacks for every other answer);
- ``Vary: Origin``, as CORS adds it to an answer without one; a request that CORS or the header
  limit would act on (an ``Origin`` header, headers over :data:`api.limits.MAX_HEADER_BYTES`) is
  passed on: the stack answers it as always;
- an unexpected error before the answer starts passes the request on as well.

Which requests a lane takes (:func:`lane_request`) and how each mode answers them are in
:mod:`api.embedded_lane` (embedded store) and :mod:`api.remote_lane` (remote engine).
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple, Protocol

from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access_log import logged
from api.limits import MAX_HEADER_BYTES, header_bytes
from api.negotiation import negotiate, query_formats
from api.pages import HTML
from api.protocol import read_protocol_request
from graph.errors import EuusError
from graph.formats import Format
from graph.sparql.scan import query_form

#: Answers of this many bytes or more are gzipped for clients that accept it (here and in the stack).
GZIP_MINIMUM = 4096

_PATH = "/sparql"
log = logging.getLogger("euus.api")


class LaneRequest(NamedTuple):
    """A request a lane may answer: the query runner, the query, and the data format the route would pick."""

    queries: Any
    query: str
    chosen: Format


class Lane(Protocol):
    """How one mode answers a lane request: True once answered, False to pass it on untouched."""

    async def __call__(self, request: LaneRequest, scope: Scope, receive: Receive, send: Send) -> bool:
        """Answer ``request`` (True), or send nothing and leave it to the stack (False)."""


class LaneFirst:
    """The outermost layer: ``lane`` answers what it takes, the wrapped stack everything else."""

    def __init__(self, app: ASGIApp, lane: Lane) -> None:
        self.app = app
        self.lane = lane

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer in the lane if it takes the request, else pass it to the stack."""
        if scope["type"] != "http" or not await answer_in_lane(self.lane, scope, receive, send):
            await self.app(scope, receive, send)


def lane_request(scope: Scope) -> LaneRequest | None:
    """The lane's part of ``scope``, or None when only the stack and the route may answer it.

    A lane takes the simplest case of the ``/sparql`` route only: ``GET``, a ``query`` parameter
    and nothing else, a data format (not the query page), and no header the skipped layers act on.
    """
    if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != _PATH:
        return None
    queries = getattr(getattr(scope.get("app"), "state", None), "queries", None)
    params = QueryParams(scope["query_string"])
    if queries is None or len(params.multi_items()) != 1 or "query" not in params:
        return None
    headers = Headers(scope=scope)
    if "origin" in headers or header_bytes(scope) > MAX_HEADER_BYTES:
        return None  # CORS or the header limit acts on it: the stack answers
    try:
        # the route's own reading and checks (an empty query, brackets nested deep enough to overflow a
        # parser's stack, thousands of patterns): a request they refuse is the route's to answer
        operation = read_protocol_request("GET", params.multi_items(), None, b"")
        # the route's choice: the page if HTML ranks above every data format, else the best of them
        formats = query_formats(query_form(operation.text))
        chosen = negotiate((*formats, HTML), headers.get("accept"))
    except EuusError:
        return None  # the route answers 400 or 406 with its usual body
    if chosen is HTML:
        return None  # a browser: the route renders the query page
    return LaneRequest(queries, operation.text, chosen)


async def answer_in_lane(lane: Lane, scope: Scope, receive: Receive, send: Send) -> bool:
    """Answer ``scope`` in ``lane`` with the log line and gzip of the stack; False: pass it on."""
    request = lane_request(scope)
    if request is None:
        return False
    answered = started = False

    async def tracked(message: Message) -> None:
        nonlocal started
        if message["type"] == "http.response.start":
            started = True
            # as CORS does for a request without Origin: a cache must not serve this answer to one with it
            headers = MutableHeaders(scope=message)
            headers["Vary"] = ", ".join([*headers.getlist("Vary"), "Origin"])
        await send(message)

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal answered
        answered = await lane(request, scope, receive, send)

    accepts_gzip = any(name == b"accept-encoding" and b"gzip" in value for name, value in scope["headers"])
    app = GZipMiddleware(answer, minimum_size=GZIP_MINIMUM) if accepts_gzip else answer
    try:
        await app(scope, receive, logged(scope, tracked))
    except Exception:
        if started:
            raise
        log.exception("the lane failed on %s; the route answers instead", scope["path"])
        return False
    return answered
