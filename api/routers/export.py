"""Dumps (``/export/dataset.{ext}``, ``/export/graphs/{id}.{ext}``) and the dataset description (``/void``).

A dump is written once per data version to a file and streamed from there, gzip-compressed when the
client accepts it; ``/void`` states the size and SHA-256 of those very bytes.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from api.dataset_service import dataset_description, dump_for, page_from_graph
from api.rdf_response import ERRORS, answer, choose, openapi_responses
from graph.dataset.export import graph_iri
from graph.dataset.void import DATASET
from graph.errors import NotFound
from graph.formats import DESCRIPTION_FORMATS as RDF_DESCRIPTION
from graph.formats import DUMP_FORMATS, HTML, N_QUADS, RDF_XML, TRIG, Format, split_extension
from graph.sparql.text import iri_regex

router = APIRouter(tags=["Dumps and dataset description"], default_response_class=Response)

#: The description answers in every RDF format (one graph: N-Quads and TriG hold it as the default graph).
VOID_FORMATS: tuple[Format, ...] = (*RDF_DESCRIPTION, TRIG, N_QUADS, HTML)
DUMP_ANSWERS: dict[int | str, dict[str, object]] = {
    200: {"description": "The dump (gzip-compressed if Accept-Encoding allows it)",
          "content": {f.media_type: {} for f in DUMP_FORMATS}},
    404: ERRORS[404],
}  # fmt: skip
assert RDF_XML in VOID_FORMATS  # noqa: S101 - "every RDF format"


def _accepts_gzip(request: Request) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, *params = (piece.strip().lower() for piece in part.split(";"))
        if coding in ("gzip", "*") and not any(
            p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00") for p in params
        ):
            return True
    return False


def _dump_format(extension: str) -> Format:
    _, fmt = split_extension("x." + extension, DUMP_FORMATS)
    if fmt is None:
        offered = ", ".join(f.extension for f in DUMP_FORMATS)
        raise NotFound(f"no dump has the file ending .{extension} (offered: {offered})")
    return fmt


async def _serve(request: Request, fmt: Format, graph: str | None) -> Response:
    dump = await dump_for(request, fmt, graph)
    headers = {
        "Vary": "Accept-Encoding",
        "Content-Disposition": f'inline; filename="{dump.file_name.split("/")[-1]}"',
    }
    if _accepts_gzip(request):
        packed = await run_in_threadpool(request.app.state.dumps.gzipped, dump)
        headers["Content-Encoding"] = "gzip"
        return FileResponse(packed, media_type=fmt.content_type, headers=headers)
    return FileResponse(dump.path, media_type=fmt.content_type, headers=headers)


@router.get(
    "/export/dataset.{extension}",
    summary="The whole dataset: nq, trig, jsonld (graphs kept), ttl, nt (union)",
    responses=DUMP_ANSWERS,
)
async def dataset_dump(extension: str, request: Request) -> Response:
    """Stream the dataset as of now; ``/void`` gives its size and SHA-256."""
    return await _serve(request, _dump_format(extension), None)


@router.get(
    "/export/graphs/{name:path}",
    summary="One named graph, by id (e.g. topics.ttl) or escaped IRI",
    responses=DUMP_ANSWERS,
)
async def graph_dump(name: str, request: Request) -> Response:
    """Stream one named graph: ``/export/graphs/{id}.{nq,trig,ttl,nt,jsonld}``."""
    stem, fmt = split_extension(name, DUMP_FORMATS)
    if fmt is None:
        offered = ", ".join(f.extension for f in DUMP_FORMATS)
        raise NotFound(f"{name!r} does not end in a dump file ending ({offered})")
    graph = graph_iri(stem)
    if not iri_regex().fullmatch(graph):  # no graph can have this name
        raise NotFound(f"no graph is named {stem!r}: not a graph id, nor an absolute IRI")
    return await _serve(request, fmt, graph)


@router.get(
    "/void",
    summary="The dataset description: VoID and DCAT, with dump sizes and SHA-256",
    responses=openapi_responses(VOID_FORMATS, "VoID + DCAT"),
)
@router.get("/.well-known/void", include_in_schema=False)
@router.get("/void.{extension}", include_in_schema=False)
async def void(request: Request) -> Response:
    """Describe the dataset as it is now: counts equal the dumps, checksums are of their bytes."""
    forced, extension = None, request.path_params.get("extension")
    if extension is not None:
        _, forced = split_extension("x." + extension, VOID_FORMATS)
        if forced is None:
            raise NotFound(f"no format has the file ending .{extension}")
    fmt = choose(request, VOID_FORMATS, forced)
    graph = await dataset_description(request)

    def page() -> str:
        names = [(f.extension, f.media_type) for f in VOID_FORMATS if f is not HTML]
        return page_from_graph(graph, str(DATASET), names)

    return answer(fmt, lambda: graph, page, {f: f"/void.{f.extension}" for f in VOID_FORMATS})
