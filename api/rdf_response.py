"""Answer with a description: pick the format (``format=``, a file ending, or Accept), serialize, link.

Shared by the linked-data routes (``/id``, ``/resource``, ``/ontology``, ``/void``) so that each offers
the same formats under the same names, with ``Vary: Accept`` and ``Link`` headers to its alternates.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from rdflib import Dataset, Graph

from api.negotiation import negotiate
from graph.formats import HTML, Format
from graph.views.context import jsonld_context

#: How each route's OpenAPI entry lists the formats it answers in, and its errors.
ERRORS: dict[int | str, dict[str, object]] = {
    404: {"description": "Nothing is known about it", "content": {"application/problem+json": {}}},
    406: {
        "description": "None of the accepted formats is offered",
        "content": {"application/problem+json": {}},
    },
    400: {
        "description": "A bad parameter (named in the problem)",
        "content": {"application/problem+json": {}},
    },
}


def openapi_responses(formats: tuple[Format, ...], description: str) -> dict[int | str, dict[str, object]]:
    """The ``responses=`` of a route answering in ``formats``."""
    return {200: {"description": description, "content": {f.media_type: {} for f in formats}}, **ERRORS}


def choose(request: Request, formats: tuple[Format, ...], forced: Format | None = None) -> Format:
    """The format to answer in: a file ending wins, then ``format=``, then ``Accept``."""
    if forced is not None:
        return forced
    return negotiate(formats, request.headers.get("accept"), request.query_params.get("format"))


def serialize(graph: Graph, fmt: Format) -> bytes:
    """``graph`` as ``fmt``; JSON-LD is compacted with our published context (``/context.jsonld``)."""
    if fmt.rdflib == "json-ld":
        context = jsonld_context()["@context"]
        return graph.serialize(format="json-ld", context=context, auto_compact=True, encoding="utf-8")
    assert fmt.rdflib is not None  # noqa: S101 - every description format has an rdflib serializer
    if fmt.keeps_graphs:  # N-Quads, TriG: the graph is the dataset's default graph
        dataset = Dataset()
        for prefix, namespace in graph.namespaces():
            dataset.bind(prefix, namespace)
        dataset.default_graph += graph
        return dataset.serialize(format=fmt.rdflib, encoding="utf-8")
    return graph.serialize(format=fmt.rdflib, encoding="utf-8")


def alternates(links: dict[Format, str]) -> str:
    """A ``Link`` header value listing each format's URL as an alternate."""
    return ", ".join(f'<{url}>; rel="alternate"; type="{fmt.media_type}"' for fmt, url in links.items())


def answer(
    fmt: Format,
    graph: Callable[[], Graph],
    page: Callable[[], str],
    links: dict[Format, str],
    extra_links: tuple[str, ...] = (),
) -> Response:
    """An HTML page or the serialized graph, with ``Vary``, ``Link`` and ``Content-Location`` headers."""
    headers = {"Vary": "Accept", "Link": ", ".join((alternates(links), *extra_links))}
    if fmt in links:
        headers["Content-Location"] = links[fmt]
    if fmt is HTML:
        return HTMLResponse(page(), headers=headers)
    return Response(serialize(graph(), fmt), media_type=fmt.content_type, headers=headers)
