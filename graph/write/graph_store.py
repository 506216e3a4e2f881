"""The writes of the SPARQL 1.1 Graph Store Protocol: which graph, which change, from which documents.

The HTTP route reads the request (target, body, media types) and renders the outcome; what a
``PUT``, ``POST`` or ``DELETE`` does to the store is decided here
(https://www.w3.org/TR/sparql11-http-rdf-update/#http-put and following sections).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from graph.errors import MissingGraphName, NotFound
from graph.namespaces import mint
from graph.write.guard import WriteGuard, WriteResult

__all__ = ["GraphStoreWrite", "Method", "graph_store_write"]

#: The Graph Store methods that write.
Method = Literal["PUT", "POST", "DELETE"]


@dataclass(frozen=True)
class GraphStoreWrite:
    """What a Graph Store write did.

    Attributes:
        result: what the guard committed.
        location: the name we gave a new graph (``POST`` without a graph name), for ``Location``.
    """

    result: WriteResult
    location: str | None = None

    @property
    def created(self) -> bool:
        """Whether the write made a new graph (HTTP 201 rather than 204)."""
        return self.result.created


def graph_store_write(
    guard: WriteGuard,
    method: Method,
    target: tuple[bool, str | None],
    documents: Sequence[tuple[bytes, str]],
    base_iri: str,
    *,
    validate: bool = True,
) -> GraphStoreWrite:
    """Apply one Graph Store write: ``PUT`` replaces a graph, ``POST`` adds to it, ``DELETE`` removes it.

    Args:
        guard: the store's write guard.
        method: the HTTP method.
        target: whether the request named a graph, and which (``None``: the default graph).
        documents: the RDF documents of the body with their formats (none for ``DELETE``).
        base_iri: the base of relative IRIs when the graph has no name (the default graph).
        validate: whether the write is checked against the shapes.

    Raises:
        MissingGraphName: ``PUT`` or ``DELETE`` without a graph name (``POST`` makes a new graph).
        NotFound: ``DELETE`` of a named graph that does not exist.
        InvalidInput: a document does not parse.
        ValidationFailed: the write breaks the shapes; nothing was stored.
    """
    addressed, graph = target
    if method == "DELETE":
        if not addressed:
            raise MissingGraphName("DELETE needs ?graph=IRI or ?default")
        if graph is not None and not guard.store.graph_exists(graph):
            raise NotFound(f"no graph named <{graph}> in the store")
        return GraphStoreWrite(guard.delete_graph(graph, validate=validate))
    location = None
    if not addressed:
        if method == "PUT":
            raise MissingGraphName("PUT needs ?graph=IRI or ?default")
        graph = location = str(mint(f"graph/upload-{uuid.uuid4().hex}"))
    base = graph or base_iri
    from graph.write.parse import parse_graph_data  # rdflib's SPARQL grammar: loaded by the first write

    triples = [t for data, fmt in documents for t in parse_graph_data(data, fmt, base_iri=base)]
    write = guard.put_graph if method == "PUT" else guard.post_graph
    return GraphStoreWrite(write(graph, triples, validate=validate), location)
