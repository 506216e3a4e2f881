"""The reads of the ``remote`` backend: graphs, counts, dumps and the shared data version.

Engines differ here most (:mod:`graph.store.engines`): Virtuoso keeps no empty graphs, has no store
default graph, no Graph Store for whole datasets, system graphs of its own, and a row cap that cuts
graph reads without saying so; what is read here for the library is checked against that cap.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox
from rdflib import Graph

from graph.errors import NotFound, StoreUnavailable
from graph.formats import N_QUADS, N_TRIPLES
from graph.store.engines import Engine
from graph.store.formats import negotiate_format, rdf_format
from graph.store.http import ResponseChunks
from graph.store.remote_data import without_hidden
from graph.store.results import AskResult, QueryResult, SelectResult, SerializedResult
from graph.store.shared_version import (
    INITIAL,
    VERSION_PREFIX,
    StoreVersion,
    create_operations,
    read_version_query,
)
from graph.store.terms import ToRdflib, graph_node, to_ox_quad

__all__ = ["RemoteReads", "cut_message"]

_N_TRIPLES = N_TRIPLES.media_type
_N_QUADS = N_QUADS.media_type


def cut_message(cap: int | None) -> str:
    """What to say when an engine cut an answer the library needs whole."""
    return (
        f"the SPARQL server cut its answer at {cap} rows (Virtuoso: ResultSetMaxRows in the [SPARQL] "
        "section of virtuoso.ini); raise that limit above the size of the largest graph"
    )


class RemoteReads:
    """The reading half of :class:`graph.store.remote.RemoteStore`."""

    engine: Engine
    row_cap: int | None
    #: The data version this process last read or committed (another process may have moved it on).
    known_version: str | None = None
    location: str
    _gsp_url: str | None

    if TYPE_CHECKING:

        def query(self, sparql: str, *, union_default_graph: bool = True) -> QueryResult:  # noqa: D102
            ...

        def _send(self, method: str, url: str, **options: Any) -> httpx.Response: ...

        def _post_update(self, text: str, line_offset: int) -> None: ...

        def _graph_params(self, graph: str | None) -> dict[str, str]: ...

    def _garbled(self, error: SyntaxError) -> StoreUnavailable:
        """The server answered with bytes that are not what its media type says (HTTP 502)."""
        return StoreUnavailable(
            f"the SPARQL server at {self.location} sent an answer that does not parse: {error}"
        )

    def data_version(self) -> str:
        """The store's data version (the name of its version graph), created if the store has none."""
        found = (StoreVersion.parse(str(row["g"])) for row in self._select(read_version_query()))
        versions = sorted(version for version in found if version is not None)
        if not versions:
            self._post_update(" ;\n".join(create_operations(INITIAL)), 0)
        self.known_version = versions[-1].graph if versions else INITIAL.graph
        return self.known_version

    @property
    def hidden_graph_prefixes(self) -> tuple[str, ...]:
        """The engine's own graphs and our version graph: not data, left out of lists, counts and dumps."""
        return (VERSION_PREFIX, *self.engine.system_graph_prefixes)

    @property
    def has_default_graph(self) -> bool:
        """Whether the engine keeps triples outside named graphs (its profile's ``has_default_graph``)."""
        return self.engine.has_default_graph

    def is_hidden_graph(self, name: str) -> bool:
        """Whether ``name`` is one of :attr:`hidden_graph_prefixes`."""
        return name.startswith(self.hidden_graph_prefixes)

    def graph_exists(self, graph: str | None) -> bool:
        """Ask the server; the default graph always exists.

        SPARQL, not a Graph Store ``HEAD``: oxigraph 0.5 answers a ``HEAD`` on a missing graph
        with a body, which breaks the next response read on that connection. On engines that keep
        no empty graphs (Virtuoso), a graph exists while it holds triples.
        """
        if graph is None:
            return True
        pattern = "" if self.engine.keeps_empty_graphs else "?s ?p ?o"
        answer = self.query(f"ASK {{ GRAPH {graph_node(graph)} {{ {pattern} }} }}", union_default_graph=False)
        return isinstance(answer, AskResult) and answer.boolean

    def _graph_store(self) -> str:
        if self._gsp_url is None:
            raise StoreUnavailable(f"the {self.engine.name} server at {self.location} has no Graph Store")
        return self._gsp_url

    def get_graph(self, graph: str | None) -> Graph:
        """Fetch a graph as N-Triples into an rdflib ``Graph``; ``NotFound`` if absent."""
        convert = ToRdflib()
        result = Graph(identifier=graph)
        for triple in self._graph_triples(graph):
            result.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
        return result

    def _graph_triples(self, graph: str | None) -> list[ox.Triple]:
        if self._gsp_url is None or (graph is None and not self.engine.has_default_graph):
            if graph is not None and not self.graph_exists(graph):
                raise NotFound(f"no graph {graph}")
            where = f"GRAPH {graph_node(graph)} {{ ?s ?p ?o }}" if graph is not None else "?s ?p ?o"
            result = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", union_default_graph=False)
            content = ox.serialize([to_ox_quad(t) for t in result], format=ox.RdfFormat.N_TRIPLES) or b""  # type: ignore[union-attr]
        else:
            response = self._send(
                "GET", self._gsp_url, params=self._graph_params(graph), headers={"accept": _N_TRIPLES}
            )
            content = response.content
        try:
            triples = [quad.triple for quad in ox.parse(content, ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as error:
            raise self._garbled(error) from None
        if self.row_cap is not None and len(triples) >= self.row_cap:
            raise StoreUnavailable(cut_message(self.row_cap))  # the engine cut it without saying so
        return triples

    def get_graph_serialized(self, graph: str | None, *, format: str) -> SerializedResult:
        """Stream a graph from the Graph Store endpoint in ``format``; ``NotFound`` if absent."""
        fmt = negotiate_format(format, "graph")
        if self.engine.row_cap_header is not None or self._gsp_url is None:  # read whole, to check the count
            body = ox.serialize(self._graph_triples(graph), format=rdf_format(fmt.media_type)) or b""
            return SerializedResult(fmt.media_type, "graph", iter([body]))
        response = self._send(
            "GET",
            self._gsp_url,
            params=self._graph_params(graph),
            headers={"accept": fmt.media_type},
            stream=True,
        )
        media_type = response.headers.get("content-type", fmt.media_type)
        return SerializedResult(media_type, "graph", ResponseChunks(response))

    def _select(self, text: str) -> list[Any]:
        result = self.query(text, union_default_graph=False)
        assert isinstance(result, SelectResult)  # noqa: S101 - a SELECT gives a SelectResult
        return list(result.rows)

    def named_graphs(self) -> list[str]:
        """Names of all named graphs (empty ones included where the engine keeps them), sorted."""
        return sorted(name for name in self._every_graph() if not self.is_hidden_graph(name))

    def _every_graph(self) -> list[str]:
        pattern = "" if self.engine.keeps_empty_graphs else "?s ?p ?o"
        # GROUP BY, not DISTINCT: Virtuoso answered DISTINCT over 1M quads in over 60 s, this in 0.1 s
        rows = self._select(f"SELECT ?g WHERE {{ GRAPH ?g {{ {pattern} }} }} GROUP BY ?g")
        return [str(row["g"]) for row in rows]

    def quad_count(self) -> int:
        """Number of quads on the server (counted there), the engine's and our version graph left out."""
        if self.engine.has_default_graph:
            total = self._count(
                "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
            )
        else:  # every triple is in a named graph: the union would count each twice
            total = self._count("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        hidden = [name for name in self._every_graph() if self.is_hidden_graph(name)]
        return total - sum(self.graph_size(name) for name in hidden)

    def graph_size(self, graph: str | None) -> int:
        """Number of triples in one graph (0 for a missing graph), counted on the server."""
        if graph is None:
            if not self.engine.has_default_graph:
                return 0
            text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        else:
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_node(graph)} {{ ?s ?p ?o }} }}"
        return self._count(text)

    def _count(self, text: str) -> int:
        rows = self._select(text)
        return int(rows[0]["n"] or 0) if rows else 0

    def dump(self, format: str = "nquads") -> SerializedResult:
        """Stream every quad but the hidden graphs' as N-Quads or TriG (graph by graph where needed)."""
        fmt = negotiate_format(format, "dataset")
        if self.engine.graph_store_datasets and fmt.media_type == _N_QUADS:
            response = self._send("GET", self._graph_store(), headers={"accept": _N_QUADS}, stream=True)
            kept = without_hidden(ResponseChunks(response), self.is_hidden_graph)  # the version graph
            return SerializedResult(fmt.media_type, "dataset", kept)
        return SerializedResult(fmt.media_type, "dataset", self._dump_by_graph(rdf_format(fmt.media_type)))

    def _dump_by_graph(self, fmt: ox.RdfFormat) -> Iterator[bytes]:
        graphs: list[str | None] = [None] if self.engine.has_default_graph else []
        for graph in graphs + list(self.named_graphs()):
            triples = self._graph_triples(graph) if graph is None or self.graph_exists(graph) else []
            target = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
            quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in triples]
            if quads:
                yield ox.serialize(quads, format=fmt) or b""
