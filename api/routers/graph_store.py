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
from api.params import IRI_HELP, IRI_SCHEMA
from api.protocol import _media_type
from api.security import BearerDep, require_writer
from api.shacl_report import REPORT_FORMATS
from graph.errors import NotFound
from graph.formats import INPUT_FORMATS, STORE_DUMP_FORMATS, TRIPLE_FORMATS, Format
from graph.sparql.text import iri_regex
from graph.views.pages import graph_listing
from graph.write.graph_store import Method, graph_store_write

router = APIRouter(tags=["Graph Store"])

DUMP_FORMATS = STORE_DUMP_FORMATS
#: ``?graph=`` and ``?default`` (exactly one for PUT and DELETE; POST without either makes a new graph).
TARGET_PARAMETERS = [
    {
        "name": "graph",
        "in": "query",
        "required": False,
        "description": "The graph's IRI. " + IRI_HELP,
        "schema": IRI_SCHEMA,
    },
    {
        "name": "default",
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "description": "Present (no value needed): the default graph.",
        "schema": {"type": "string"},
    },
]
WRITE_ANSWERS: dict[int | str, dict[str, Any]] = {
    201: {"description": "A new graph was created (Location names it when the server chose the name)."},
    400: {"description": "Unreadable RDF (line and column), or no graph / two graphs named."},
    401: {"description": "No bearer token."},
    403: {"description": "A wrong token, or writes are off (read-only mode, no EUUS_WRITE_TOKEN)."},
    404: {"description": "DELETE of a graph that does not exist."},
    409: WRITE_CONFLICT,
    415: {"description": "A body in a format the Graph Store does not read."},
    422: {
        "description": "The data breaks the shapes; nothing was stored. The SHACL report.",
        "content": {f.media_type: {} for f in REPORT_FORMATS},
    },
}
WRITE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            **{f.media_type: {"schema": {"type": "string"}} for f in INPUT_FORMATS},
            "multipart/form-data": {"schema": {"type": "object"}},
        },
    }
}
Target = tuple[bool, str | None]  # (addressed?, graph IRI or None for the default graph)


def _target(request: Request) -> Target:
    """Which graph a request is about: ``?graph=IRI``, ``?default``, or the request URL itself."""
    direct = request.path_params.get("direct")
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
        if not iri_regex().fullmatch(graphs[0]):
            raise BadRequest(f"?graph= needs an absolute IRI; {graphs[0]!r} is not one")
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


READ_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The graph (?graph=, ?default) or the whole dump (neither); a browser gets the list "
        "of graphs instead.",
        "content": {f.media_type: {} for f in (*TRIPLE_FORMATS, *DUMP_FORMATS, HTML)},
    },
    400: {"description": "Two graphs named, or an empty ?graph=."},
    404: {"description": "No graph of that name."},
    406: {"description": "No offered format matches Accept or format=."},
}
_FORMAT_NAMES = ["", *sorted({n for f in GRAPH_FORMATS for n in (*f.names, f.media_type)})]  # "": Accept
READ_PARAMETERS = {"parameters": [*TARGET_PARAMETERS, {
    "name": "format", "in": "query", "required": False, "description": "Overrides Accept (empty: Accept).",
    "schema": {"type": "string", "enum": _FORMAT_NAMES},
}]}  # fmt: skip


@router.get("/store", summary="Read a graph (?graph=IRI, ?default), or dump all", operation_id="store_get",
            responses=READ_ANSWERS, openapi_extra=READ_PARAMETERS)  # fmt: skip
@router.head("/store", summary="Whether a graph exists, and its format", operation_id="store_head",
             responses=READ_ANSWERS, openapi_extra=READ_PARAMETERS)  # fmt: skip
@router.get("/store/{direct:path}", include_in_schema=False)
@router.head("/store/{direct:path}", include_in_schema=False)
async def read_graph(request: Request, store: StoreDep) -> Response:
    """Return a graph in the negotiated format; without a graph name, the whole dataset.

    A browser asking for ``/store`` gets the list of graphs with links instead of the whole dump.
    """
    addressed, graph = _target(request)
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


_WRITE_EXTRA = {"parameters": TARGET_PARAMETERS, **WRITE_BODY}


@router.put("/store", summary="Replace a graph", status_code=204, responses=WRITE_ANSWERS,
            operation_id="store_put", openapi_extra=_WRITE_EXTRA)  # fmt: skip
@router.post("/store", summary="Add to a graph, or create a new one", status_code=204,
             responses=WRITE_ANSWERS, operation_id="store_post", openapi_extra=_WRITE_EXTRA)  # fmt: skip
@router.delete("/store", summary="Delete a graph", status_code=204, responses=WRITE_ANSWERS,
               operation_id="store_delete", openapi_extra={"parameters": TARGET_PARAMETERS})  # fmt: skip
@router.put("/store/{direct:path}", include_in_schema=False)
@router.post("/store/{direct:path}", include_in_schema=False)
@router.delete("/store/{direct:path}", include_in_schema=False)
async def write_graph(
    request: Request,
    settings: SettingsDep,
    guard: GuardDep,
    credentials: BearerDep,
) -> Response:
    """PUT replaces a graph, POST adds to it (or creates a new one), DELETE removes it."""
    require_writer(settings, credentials)
    target = _target(request)
    method = cast(Method, request.method)
    documents = [] if method == "DELETE" else await _body(request)
    write = partial(graph_store_write, guard, method, target, documents, settings.base_iri)
    outcome = await run_in_threadpool(write, validate=settings.validate_writes)
    headers = {"Location": outcome.location} if outcome.location else {}
    return Response(status_code=201 if outcome.created else 204, headers=headers)
