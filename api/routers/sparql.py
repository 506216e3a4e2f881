"""``/sparql``: the SPARQL 1.1 Protocol (query, update, service description)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import GuardDep, QueriesDep, SettingsDep, StoreDep, VersionDep
from api.errors import WRITE_CONFLICT
from api.negotiation import DESCRIPTION_FORMATS, GRAPH_FORMATS, RESULT_FORMATS, negotiate, query_formats
from api.pages import HTML, prefers_html, render_query_page
from api.params import IRI_SCHEMA
from api.protocol import ProtocolRequest, read_protocol_request
from api.query_response import query_response
from api.security import BearerDep, require_writer
from api.service_description import describe_service
from api.shacl_report import REPORT_FORMATS
from graph.namespaces import PREFIXES
from graph.sparql.scan import query_form

router = APIRouter(tags=["SPARQL"])
log = logging.getLogger("euus.access")

EXAMPLE_QUERY = """SELECT ?meeting ?title ?start WHERE {
  ?meeting a euus:Meeting ; dct:title ?title ; schema:startDate ?start .
} ORDER BY ?start"""
#: Graph IRIs of the dataset parameters (checked by api.protocol, which reads the raw parameters).
_IRIS: dict[str, Any] = {
    "description": "A graph of the query's dataset (absolute IRI); repeat for several.",
    "json_schema_extra": {"items": IRI_SCHEMA},
}
#: Every format name and media type ``format=`` takes; which of them fit depends on the query's form (406).
#: An empty format= is no format: Accept decides.
FORMAT_NAMES = ["", *sorted({n for f in (*RESULT_FORMATS, *GRAPH_FORMATS, *DESCRIPTION_FORMATS)
                             for n in (*f.names, f.media_type)})]  # fmt: skip
ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Results (SELECT/ASK) or RDF (CONSTRUCT/DESCRIBE), or the service description.",
        "content": {f.media_type: {} for f in (*RESULT_FORMATS, *GRAPH_FORMATS, *DESCRIPTION_FORMATS)},
    },
    400: {"description": "Malformed query or parameters; the parser's message with line and column."},
    403: {"description": "SERVICE or LOAD refused, or writes refused."},
    406: {"description": "No offered format matches Accept or format=; the answer lists what is offered."},
    415: {"description": "A POST with a Content-Type the protocol does not define."},
    503: {"description": "The query ran past the time limit and was stopped, or its process died (retry)."},
}
#: A GET also answers a browser (Accept ranking text/html first, or format=html) with the query page.
GET_ANSWERS: dict[int | str, dict[str, Any]] = {**ANSWERS, 200: {
    "description": ANSWERS[200]["description"] + " A browser gets the query page.",
    "content": {f.media_type: {} for f in (*RESULT_FORMATS, *GRAPH_FORMATS, HTML)},
}}  # fmt: skip


@router.get(
    "/sparql", summary="Query (SPARQL 1.1 Protocol), or read the service description", responses=GET_ANSWERS
)
async def sparql_get(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    queries: QueriesDep,
    version: VersionDep,
    query: Annotated[
        str | None,
        Query(
            description="The SPARQL query; without it the service description is returned.",
            examples=[EXAMPLE_QUERY],
        ),
    ] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri", **_IRIS)] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri", **_IRIS)] = None,
    format: Annotated[
        str | None,
        Query(
            description="Overrides Accept: json, xml, csv, tsv, turtle, ntriples, json-ld...",
            json_schema_extra={"enum": FORMAT_NAMES},
        ),
    ] = None,
    timeout: Annotated[
        float | None, Query(ge=1, description="Seconds (at least 1); capped by EUUS_QUERY_TIMEOUT.")
    ] = None,
) -> Response:
    """Run a query given as ``query=``. The default graph is the union of all graphs.

    A browser gets the query page, with the query (if any) filled in and run.
    """
    if prefers_html(request, (*RESULT_FORMATS, *GRAPH_FORMATS) if query else DESCRIPTION_FORMATS):
        page = render_query_page(query, str(request.url.replace(query="")))
        return HTMLResponse(page, headers={"Vary": "Accept"})
    operation = read_protocol_request("GET", request.query_params.multi_items(), None, b"")
    return await _answer(operation, request, settings, store, queries, version)


@router.post(
    "/sparql",
    summary="Query or update (SPARQL 1.1 Protocol)",
    responses={**ANSWERS, 204: {"description": "The update conformed to the shapes and was committed."},
               401: {"description": "An update without a bearer token."},
               409: WRITE_CONFLICT,
               413: {"description": "The body is larger than EUUS_MAX_BODY_BYTES."},
               422: {"description": "The update breaks the shapes; nothing was stored. The SHACL report.",
                     "content": {f.media_type: {} for f in REPORT_FORMATS}}},
    # queries need no token, updates do: the bearer scheme is one alternative, no credentials the other
    openapi_extra={"security": [{}], "requestBody": {"required": True, "content": {
        "application/sparql-query": {"schema": {"type": "string"}, "example": EXAMPLE_QUERY},
        "application/sparql-update": {"schema": {"type": "string"},
                                      "example": "DELETE DATA { GRAPH <g> { <s> <p> <o> } }"},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"}}}},
    }}},
)  # fmt: skip
async def sparql_post(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    guard: GuardDep,
    credentials: BearerDep,
    queries: QueriesDep,
    version: VersionDep,
) -> Response:
    """Run a query or an update sent as a form, or as the body with its protocol media type."""
    body = await request.body()
    operation = read_protocol_request(
        "POST", request.query_params.multi_items(), request.headers.get("content-type"), body
    )
    if operation.kind == "update":
        require_writer(settings, credentials)
        outcome = await run_in_threadpool(
            partial(
                guard.update,
                operation.text,
                using_graphs=operation.using_graphs or None,
                using_named_graphs=operation.using_named_graphs or None,
                base_iri=settings.base_iri,
                prefixes=PREFIXES,
                validate=settings.validate_writes,
            )
        )
        log.info("update committed: %s removed, %s added", outcome.removed, outcome.added)
        return Response(status_code=204)
    return await _answer(operation, request, settings, store, queries, version)


async def _answer(
    operation: ProtocolRequest,
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    queries: QueriesDep,
    version: VersionDep,
) -> Response:
    accept = request.headers.get("accept")
    if operation.kind == "description":
        chosen = negotiate(DESCRIPTION_FORMATS, accept, operation.format)
        endpoint = str(request.url.replace(query=""))
        description = await run_in_threadpool(
            version.cached,
            "service-description",
            lambda: describe_service(store, endpoint, update_enabled=settings.writes_enabled),
        )
        data = description.serialize(format=chosen.rdflib or chosen.media_type, encoding="utf-8")
        return Response(data, media_type=chosen.content_type, headers={"Vary": "Accept"})
    chosen = negotiate(query_formats(query_form(operation.text)), accept, operation.format)
    limit = min(operation.timeout or settings.query_timeout, settings.query_timeout)
    outcome = await queries.run(
        operation.text,
        result_format=chosen.media_type,
        default_graph=operation.default_graphs or None,
        named_graphs=operation.named_graphs or None,
        timeout=limit,
    )
    return query_response(outcome, chosen, settings.max_rows)
