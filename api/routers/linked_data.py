"""``/id/{path}``: every euus-kg IRI dereferences here, as HTML for people or RDF by negotiation."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StoreDep
from api.negotiation import GRAPH_FORMATS, MediaFormat, negotiate
from api.pages import HTML, render_resource
from graph.describe import describe_resource
from graph.errors import NotFound
from graph.namespaces import ID
from graph.views.pages import resource_page

router = APIRouter(tags=["Linked data"])

PAGE_FORMATS: tuple[MediaFormat, ...] = (HTML, *(f for f in GRAPH_FORMATS if f.media_type not in (
    "application/n-quads", "application/trig", "text/plain", "application/json")))  # fmt: skip
RDFLIB_NAMES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                "application/rdf+xml": "xml"}  # fmt: skip


@router.get(
    "/id/{path:path}", summary="A euus-kg resource: HTML page, or Turtle, JSON-LD, N-Triples, RDF/XML"
)
async def resource(path: str, request: Request, store: StoreDep) -> Response:
    """Dereference ``https://w3id.org/euus-kg/id/{path}``; ``format=`` overrides Accept."""
    iri = str(ID) + path
    chosen = negotiate(PAGE_FORMATS, request.headers.get("accept"), request.query_params.get("format"))
    alternates = [(f.names[0], f.media_type) for f in PAGE_FORMATS if f is not HTML]
    links = ", ".join(
        f'<{request.url.path}?format={name}>; rel="alternate"; type="{mt}"' for name, mt in alternates
    )
    headers = {"Vary": "Accept", "Link": links}
    if chosen is HTML:
        page = await run_in_threadpool(resource_page, store, iri)
        if not page.view.exists:
            raise NotFound(f"the graph says nothing about <{iri}>")
        return HTMLResponse(render_resource(page.view, alternates, page), headers=headers)
    graph = await run_in_threadpool(describe_resource, store, iri)
    if len(graph) == 0:
        raise NotFound(f"the graph says nothing about <{iri}>")
    data = graph.serialize(format=RDFLIB_NAMES[chosen.media_type], encoding="utf-8")
    return Response(data, media_type=chosen.content_type, headers=headers)
