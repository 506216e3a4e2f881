"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol, indirect (``?graph=``, ``?default``) and direct."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import GuardDep, SettingsDep, StoreDep
from api.errors import WRITE_CONFLICT, BadRequest, UnsupportedMediaType
from api.negotiation import GRAPH_FORMATS, negotiate
from api.pages import HTML, prefers_html, render_graph_list
from api.protocol import _media_type
from api.security import BearerDep, require_writer
from graph.errors import NotFound
from graph.formats import INPUT_FORMATS, STORE_DUMP_FORMATS, TRIPLE_FORMATS, Format
from graph.views.pages import graph_listing
from graph.write.graph_store import Method, graph_store_write

router = APIRouter(tags=["Graph Store"])

DUMP_FORMATS = STORE_DUMP_FORMATS
WRITE_ANSWERS: dict[int | str, dict[str, Any]] = {
    201: {"description": "A new graph was created (Location names it when the server chose the name)."},
    401: {"description": "No bearer token."},
    404: {"description": "DELETE of a graph that does not exist."},
    409: WRITE_CONFLICT,
    422: {"description": "The data breaks the shapes; nothing was stored. The SHACL report."},
}
Target = tuple[bool, str | None]  # (addressed?, graph IRI or None for the default graph)


def _target(request: Request, direct: str | None) -> Target:
    """Which graph a request is about: ``?graph=IRI``, ``?default``, or the request URL itself."""
    params = request.query_params
    graphs, default = params.getlist("graph"), "default" in params
    if direct is not None:
        if graphs or default:
            raise BadRequest("a graph named by its URL takes neither ?graph= nor ?default")
        return True, str(request.url.replace(query=""))
    if len(graphs) > 1 or (graphs and default):
        raise BadRequest("name one graph: either ?graph=IRI once, or ?default")
    if default:
        return True, None
    if graphs:
        if not graphs[0].strip():
            raise BadRequest("?graph= needs an absolute IRI")
        return True, graphs[0]
    return False, None


async def _body(request: Request) -> list[tuple[bytes, str]]:
    """The RDF documents of the body with their formats (several for multipart/form-data)."""
    media_type, _ = _media_type(request.headers.get("content-type"))
    if media_type == "multipart/form-data":
        form = await request.form()
        parts: list[tuple[bytes, str]] = []
        for _, value in form.multi_items():
            if isinstance(value, str):
                continue
            part_type, _ = _media_type(value.content_type)
            part_format = _input_format(part_type)
            if part_format is None:
                raise UnsupportedMediaType(f"part {value.filename!r} has media type {part_type or 'none'}")
            parts.append((await value.read(), part_format))
        return parts
    body_format = _input_format(media_type)
    if body_format is None:
        offered = ", ".join(f.media_type for f in INPUT_FORMATS)
        raise UnsupportedMediaType(
            f"cannot read a graph sent as {media_type or 'no Content-Type'}; send {offered}"
        )
    return [(await request.body(), body_format)]


def _input_format(media_type: str | None) -> str | None:
    """The parser of a body sent as ``media_type`` (a media type only, not a short name), if we read it."""
    found = next((f for f in INPUT_FORMATS if f.media_type == media_type), None)
    return str(found.oxigraph.media_type) if found and found.oxigraph else None


def _stream(store: StoreDep, graph: str | None, chosen: Format) -> StreamingResponse:
    result = store.get_graph_serialized(graph, format=chosen.media_type)
    return StreamingResponse(iter(result), media_type=chosen.content_type, headers={"Vary": "Accept"})


@router.get(
    "/store",
    summary="Read a graph (?graph=IRI, ?default), or dump all",
    operation_id="store_get",
    responses={200: {"description": "The graph or the dump; a browser gets the list of graphs instead.",
                     "content": {f.media_type: {} for f in (*GRAPH_FORMATS[:6], HTML)}}},
)  # fmt: skip
@router.head("/store", summary="Whether a graph exists, and its format", operation_id="store_head")
@router.get("/store/{direct:path}", include_in_schema=False)
@router.head("/store/{direct:path}", include_in_schema=False)
async def read_graph(request: Request, store: StoreDep, direct: str | None = None) -> Response:
    """Return a graph in the negotiated format; without a graph name, the whole dataset.

    A browser asking for ``/store`` gets the list of graphs with links instead of the whole dump.
    """
    addressed, graph = _target(request, direct)
    accept, fmt = request.headers.get("accept"), request.query_params.get("format")
    if not addressed and prefers_html(request, DUMP_FORMATS):
        return HTMLResponse(render_graph_list(await run_in_threadpool(graph_listing, store)))
    if not addressed:
        chosen = negotiate(DUMP_FORMATS, accept, fmt)
        dump = await run_in_threadpool(store.dump, chosen.name)
        body = iter(dump) if request.method == "GET" else iter(())
        return StreamingResponse(body, media_type=chosen.content_type, headers={"Vary": "Accept"})
    chosen = negotiate(TRIPLE_FORMATS, accept, fmt)
    if graph is not None and not await run_in_threadpool(store.graph_exists, graph):
        raise NotFound(f"no graph named <{graph}> in the store")
    if request.method == "HEAD":
        return Response(media_type=chosen.content_type, headers={"Vary": "Accept"})
    return await run_in_threadpool(_stream, store, graph, chosen)


@router.put(
    "/store", summary="Replace a graph", status_code=204, responses=WRITE_ANSWERS, operation_id="store_put"
)
@router.post(
    "/store",
    summary="Add to a graph, or create a new one",
    status_code=204,
    responses=WRITE_ANSWERS,
    operation_id="store_post",
)
@router.delete(
    "/store", summary="Delete a graph", status_code=204, responses=WRITE_ANSWERS, operation_id="store_delete"
)
@router.put("/store/{direct:path}", include_in_schema=False)
@router.post("/store/{direct:path}", include_in_schema=False)
@router.delete("/store/{direct:path}", include_in_schema=False)
async def write_graph(
    request: Request,
    settings: SettingsDep,
    guard: GuardDep,
    credentials: BearerDep,
    direct: str | None = None,
) -> Response:
    """PUT replaces a graph, POST adds to it (or creates a new one), DELETE removes it."""
    require_writer(settings, credentials)
    target = _target(request, direct)
    method = cast(Method, request.method)
    documents = [] if method == "DELETE" else await _body(request)
    write = partial(graph_store_write, guard, method, target, documents, settings.base_iri)
    outcome = await run_in_threadpool(write, validate=settings.validate_writes)
    headers = {"Location": outcome.location} if outcome.location else {}
    return Response(status_code=201 if outcome.created else 204, headers=headers)
