"""Every IRI we mint dereferences here, and so does any IRI in the data, as HTML or RDF.

``/id/{path}`` (our resources; the dataset and its publisher too), ``/resource?iri=`` (any IRI: what our
graph says about a EuroVoc concept or a Wikidata item), ``/ontology`` (the whole ontology, each term a
fragment), ``/context.jsonld`` (the JSON-LD context of the descriptions). Formats: ``format=``, a file
ending (``/id/org/europol.ttl``, ``/resource.ttl?iri=``, ``/ontology.ttl``) or ``Accept``.
"""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from rdflib import Graph, URIRef
from starlette.concurrency import run_in_threadpool

from api.dataset_service import dataset_description, page_from_graph
from api.deps import SettingsDep, StoreDep
from api.ontology_page import render_ontology
from api.pages import render_resource
from api.params import IRI_CHECK, iri_query
from api.rdf_response import answer, choose, openapi_responses
from graph.dataset.void import DATASET, PUBLISHER
from graph.errors import NotFound
from graph.formats import HTML, JSON_LD, PAGE_FORMATS, Format, split_extension
from graph.namespaces import ID
from graph.views.context import jsonld_context
from graph.views.describe import Description, canonical_iri, describe
from graph.views.ids import LOCAL_PATTERN
from graph.views.ontology import ontology_graph, version_iris
from graph.views.pages import resource_page

router = APIRouter(tags=["Linked data"], default_response_class=Response)

PageDep = Annotated[int, Query(ge=1, le=1_000_000, description="Page of the links pointing to the resource.")]
DESCRIPTION = openapi_responses(PAGE_FORMATS, "The description: an HTML page, or RDF")


def _links(path: str, query: str = "") -> dict[Format, str]:
    return {fmt: f"{path}.{fmt.extension}{query}" for fmt in PAGE_FORMATS}


def _page_names(query: str = "") -> list[tuple[str, str]]:
    # render_resource links "?format=<name>"; the rest of the query (the iri) rides along, escaped there
    return [(f.extension + query, f.media_type) for f in PAGE_FORMATS if f is not HTML]


def _paging(request: Request, description: Description) -> list[tuple[str, str]]:
    """``(rel, URL)`` of the neighbouring pages of incoming links: this URL with another ``page``."""
    steps = []
    if description.page > 1:
        steps.append(("prev", description.page - 1))
    if description.more_incoming:
        steps.append(("next", description.page + 1))
    urls = []
    for rel, number in steps:
        url = request.url.include_query_params(page=number)
        urls.append((rel, f"{url.path}?{url.query}"))
    return urls


def _page_with_paging(html: str, description: Description, steps: list[tuple[str, str]]) -> str:
    if not steps:
        return html
    words = {"prev": "earlier links", "next": "more links"}
    anchors = " ".join(f'<a rel="{rel}" href="{escape(url)}">{words[rel]}</a>' for rel, url in steps)
    return html.replace("</body>", f"<nav>Referred to by, page {description.page}: {anchors}</nav></body>")


async def _describe_answer(
    request: Request, store: StoreDep, resource: str, page: int, fmt: Format, path: str, query: str = ""
) -> Response:
    dumps = request.app.state.settings.base_iri + "export/"
    description = await run_in_threadpool(
        partial(describe, store, resource, page=page, document=str(request.url), dumps=dumps)
    )
    if not description.exists:
        raise NotFound(f"the graph says nothing about <{resource}>")
    steps = _paging(request, description)

    def page_html() -> str:
        # the page's typed sections and labelled participations (graph/views/pages.py)
        page = resource_page(store, resource)
        html = render_resource(page.view, _page_names(query.replace("?", "&", 1)), page)
        return _page_with_paging(html, description, steps)

    links = tuple(f'<{url}>; rel="{rel}"' for rel, url in steps)
    return answer(fmt, lambda: description.graph, page_html, _links(path, query), links)


async def _dataset_answer(request: Request, resource: str, fmt: Format, path: str) -> Response:
    void = await dataset_description(request)
    if resource != str(DATASET):
        about = Graph()
        for triple in void.triples((URIRef(resource), None, None)):
            about.add(triple)
        void = about

    def page_html() -> str:
        return page_from_graph(void, resource, _page_names())

    return answer(fmt, lambda: void, page_html, _links(path))


@router.get(
    "/id/{path:path}",
    summary="One of our resources: HTML page, Turtle, JSON-LD, N-Triples, RDF/XML",
    responses=DESCRIPTION,
)
async def resource(
    path: Annotated[
        str, Path(pattern=LOCAL_PATTERN, description="The IRI after id/, a file ending allowed.")
    ],
    request: Request,
    store: StoreDep,
    page: PageDep = 1,
) -> Response:
    """Dereference ``https://w3id.org/euus-kg/id/{path}``; ``format=`` or a file ending overrides Accept."""
    stem, forced = split_extension(path, PAGE_FORMATS)
    fmt = choose(request, PAGE_FORMATS, forced)
    iri = str(ID) + stem
    if iri in (str(DATASET), str(PUBLISHER)):
        return await _dataset_answer(request, iri, fmt, f"/id/{stem}")
    return await _describe_answer(request, store, iri, page, fmt, f"/id/{stem}")


@router.get(
    "/resource", summary="What our graph says about any IRI (EuroVoc, Wikidata...)", responses=DESCRIPTION
)
@router.get("/resource.{extension}", include_in_schema=False)
async def any_resource(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    iri: Annotated[str, IRI_CHECK, iri_query("The IRI to describe, e.g. a EuroVoc concept.")],
    page: PageDep = 1,
) -> Response:
    """Describe ``iri``: its statements, the statements pointing to it and the graphs they are in."""
    forced = _extension(request.path_params.get("extension"))
    fmt = choose(request, PAGE_FORMATS, forced)
    resource_iri = canonical_iri(iri, settings.base_iri)
    return await _describe_answer(
        request, store, resource_iri, page, fmt, "/resource", f"?iri={quote(resource_iri, safe='')}"
    )


def _extension(extension: str | None) -> Format | None:
    if extension is None:
        return None
    _, fmt = split_extension("x." + extension, PAGE_FORMATS)
    if fmt is None:
        raise NotFound(f"no format has the file ending .{extension}")
    return fmt


@router.get(
    "/ontology",
    summary="The euus-kg ontology; each term is a fragment (/ontology#Meeting)",
    responses=DESCRIPTION,
)
@router.get("/ontology.{extension}", include_in_schema=False)
async def ontology(request: Request) -> Response:
    """The whole ontology as shipped (``ontology/euus.ttl``): an HTML page with a section per term, or RDF."""
    return _ontology(request, _extension(request.path_params.get("extension")))


def _ontology(request: Request, forced: Format | None) -> Response:
    fmt = choose(request, PAGE_FORMATS, forced)
    formats = [(link, f.media_type) for f, link in _links("/ontology").items() if f is not HTML]
    return answer(fmt, ontology_graph, lambda: render_ontology(formats), _links("/ontology"))


@router.get(
    "/ontology/{version}", summary="A version of the ontology (its owl:versionIRI)", responses=DESCRIPTION
)
async def ontology_version(version: str, request: Request) -> Response:
    """The ontology under its version IRI; only the version it declares exists."""
    stem, forced = split_extension(version, PAGE_FORMATS)
    if str(ID).removesuffix("id/") + "ontology/" + stem not in version_iris():
        raise NotFound(f"the ontology has no version {stem!r}")
    return _ontology(request, forced)


@router.get(
    "/context.jsonld",
    summary="The JSON-LD @context of our descriptions: prefixes and short keys",
    responses={200: {"content": {JSON_LD.media_type: {}}, "description": "The context"}},
)
async def context() -> JSONResponse:
    """The ``@context`` the JSON-LD descriptions are compacted with."""
    return JSONResponse(jsonld_context(), media_type=JSON_LD.media_type)
