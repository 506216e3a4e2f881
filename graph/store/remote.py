"""The ``remote`` backend: a SPARQL 1.1 server (``oxigraph serve`` by default) over HTTP.

Queries go to the query endpoint (SPARQL 1.1 Protocol), updates to the update endpoint, and graph
reads and writes to the Graph Store Protocol endpoint. Results are parsed by pyoxigraph (SPARQL
JSON results, N-Triples) as they arrive and handed over as rdflib terms, so this backend behaves
like :class:`graph.store.embedded.EmbeddedStore` (same semantics, same errors), with these limits:

* The union default graph is asked for with oxigraph's ``union-default-graph`` parameter; other
  servers need their own switch.
* Blank node labels are not kept across requests: the server gives blank nodes in written data
  fresh labels (``add_quads`` included). Blank-node graph names cannot be addressed.
* ``load`` sends the file as one Graph Store ``POST``: it is as atomic as the server makes it, the
  count it returns is measured before and after (another writer at the same time skews it), and
  ``base_iri`` is not supported.
* oxigraph answers 500 to an update that fails while running (``DROP`` of a missing graph); that
  is reported as :class:`~graph.errors.InvalidQuery`, like the embedded store does, so a real
  server fault during an update is reported the same way.
* Query timeouts are the server's (``oxigraph serve --timeout-s``) plus the client ``timeout``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import Graph

from graph.errors import (
    InvalidInput,
    NotFound,
    StoreUnavailable,
)
from graph.formats import N_QUADS, N_TRIPLES, SPARQL_JSON
from graph.sparql.scan import (
    has_dataset_clause,
    invalid_input,
    missing_prefix_declarations,
    query_form,
    refuse_outbound,
)
from graph.store.formats import load_format, load_source, negotiate_format, rdf_format
from graph.store.http import (
    ResponseChunks,
    ResponseReader,
    checked_chunks,
    content_type,
    data_errors,
    file_chunks,
    send,
    sparql_errors,
)
from graph.store.results import AskResult, Progress, Quad, QueryResult, SelectResult, SerializedResult, Triple
from graph.store.streams import Workers, results_in_thread
from graph.store.terms import ToRdflib, changes_update, graph_node, to_ox_quad

_RESULTS_JSON = SPARQL_JSON.media_type
_N_TRIPLES = N_TRIPLES.media_type
_N_QUADS = N_QUADS.media_type
#: Named in ``default-graph-uri`` when a caller asks for an empty dataset: it never holds data.
_EMPTY_GRAPH = "urn:x-euus-kg:empty-graph"
_KIND_OF_FORM = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}


class RemoteStore:
    """A SPARQL 1.1 server reached over HTTP; see the module docstring for its limits."""

    backend = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str,
        gsp_url: str,
        *,
        prefixes: dict[str, str] | None = None,
        allow_service: bool = False,
        allow_load: bool = False,
        timeout: float = 60.0,
        base_iri: str | None = None,
    ) -> None:
        self.location = query_url
        self._base_iri = base_iri
        self._query_url = query_url
        self._update_url = update_url
        self._gsp_url = gsp_url
        self._prefixes = dict(prefixes or {})
        self._allow_service = allow_service
        self._allow_load = allow_load
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))
        self._workers = Workers("euus-remote-store")

    def __repr__(self) -> str:
        return f"<RemoteStore {self.location}>"

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # HTTP ---------------------------------------------------------------------------------

    def _send(self, method: str, url: str, **options: Any) -> httpx.Response:
        if self._client.is_closed:
            raise StoreUnavailable(f"the store at {self.location} is closed")
        return send(self._client, method, url, **options)

    def _prepare(self, text: str) -> tuple[str, int]:
        """Refuse outbound requests, then declare the known prefixes the text uses but lacks."""
        refuse_outbound(text, allow_service=self._allow_service, allow_load=self._allow_load)
        declarations = missing_prefix_declarations(text, self._prefixes)
        # BASE goes on the prefixes' line so that error positions shift by one line at most; a BASE in
        # the text itself still wins. Without it the server would resolve against its own URL.
        base = f"BASE <{self._base_iri}> " if self._base_iri else ""
        return (f"{base}{declarations}\n{text}", 1) if base or declarations else (text, 0)

    def _post_query(
        self,
        sparql: str,
        accept: str,
        default_graph: list[str] | None,
        named_graphs: list[str] | None,
        union_default_graph: bool,
    ) -> httpx.Response:
        text, line_offset = self._prepare(sparql)
        params: list[tuple[str, str]] = []
        if default_graph is not None or named_graphs is not None:
            params += [("default-graph-uri", str(g)) for g in default_graph or ()]
            params += [("named-graph-uri", str(g)) for g in named_graphs or ()]
            params = params or [("default-graph-uri", _EMPTY_GRAPH)]
        elif union_default_graph and not has_dataset_clause(sparql):
            params.append(("union-default-graph", ""))
        return self._send(
            "POST",
            self._query_url,
            params=params,
            content=text.encode(),
            headers={"content-type": "application/sparql-query", "accept": accept},
            stream=True,
            on_error=sparql_errors(line_offset, update=False),
        )

    def _post_update(self, text: str, line_offset: int) -> None:
        self._send(
            "POST",
            self._update_url,
            content=text.encode(),
            headers={"content-type": "application/sparql-update"},
            on_error=sparql_errors(line_offset, update=True),
        )

    @staticmethod
    def _graph_params(graph: str | None) -> dict[str, str]:
        return {"default": ""} if graph is None else {"graph": str(graph)}

    # queries ------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query on the server and return rdflib terms (see ``EmbeddedStore``)."""
        form = query_form(sparql)
        if form in ("select", "ask"):
            accept = _RESULTS_JSON
        elif form in ("construct", "describe"):
            accept = _N_TRIPLES
        else:  # not recognised: the server decides, or explains what is wrong
            accept = f"{_RESULTS_JSON}, {_N_TRIPLES};q=0.9"
        response = self._post_query(sparql, accept, default_graph, named_graphs, union_default_graph)
        if form == "ask":  # one boolean: no need for a worker thread
            try:
                answer = ox.parse_query_results(response.read(), ox.QueryResultsFormat.JSON)
            except SyntaxError as error:
                raise self._garbled(error) from None
            return AskResult(bool(answer))
        media_type = content_type(response)

        def open_result() -> Any:
            reader = io.BufferedReader(ResponseReader(response))
            if media_type == _N_TRIPLES:
                return ox.parse(reader, ox.RdfFormat.N_TRIPLES)
            results_format = ox.QueryResultsFormat.from_media_type(media_type)
            if results_format is None:
                raise StoreUnavailable(f"{self._query_url} answered in {media_type!r}")
            return ox.parse_query_results(reader, results_format)

        return results_in_thread(self._workers, open_result, cleanup=response.close, bad_data=self._garbled)

    def _garbled(self, error: SyntaxError) -> StoreUnavailable:
        """The server answered with bytes that are not what its media type says (HTTP 502)."""
        return StoreUnavailable(
            f"the SPARQL server at {self.location} sent an answer that does not parse: {error}"
        )

    def query_serialized(
        self,
        sparql: str,
        *,
        result_format: str | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> SerializedResult:
        """Run a SPARQL query and stream the server's bytes (see ``EmbeddedStore``)."""
        kind = _KIND_OF_FORM.get(query_form(sparql) or "", "select")
        accept = negotiate_format(result_format, kind).media_type
        response = self._post_query(sparql, accept, default_graph, named_graphs, union_default_graph)
        media_type = response.headers.get("content-type", accept)
        return SerializedResult(
            media_type, kind, checked_chunks(self._workers, response, media_type, self._garbled)
        )

    # writes -------------------------------------------------------------------------------

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL update on the server (one transaction there)."""
        text, line_offset = self._prepare(sparql_update)
        self._post_update(text, line_offset)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert quads with one Graph Store ``POST`` of N-Quads (one transaction there)."""
        body = ox.serialize([to_ox_quad(quad) for quad in quads], format=ox.RdfFormat.N_QUADS)
        if body:
            self._send(
                "POST",
                self._gsp_url,
                content=body,
                headers={"content-type": _N_QUADS},
                on_error=data_errors(ox.RdfFormat.N_QUADS),
            )

    def apply_changes(self, *, removed: Iterable[Quad] = (), added: Iterable[Quad] = ()) -> None:
        """Delete then insert quads with one SPARQL update (see ``EmbeddedStore``)."""
        text = changes_update(removed, added)
        if text:
            self._post_update(text, 0)

    def replace_graph(
        self,
        graph: str | None,
        *,
        triples: Iterable[Triple] | None = None,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        """Replace a graph with one Graph Store ``PUT`` (see ``EmbeddedStore``)."""
        graph_node(graph)  # refuses a bad graph IRI before anything is sent
        fmt = rdf_format(format or "turtle") if data is not None else ox.RdfFormat.N_TRIPLES
        if data is not None and base_iri is not None:
            try:
                parsed = [q.triple for q in ox.parse(data, fmt, base_iri=base_iri, without_named_graphs=True)]
            except SyntaxError as error:
                raise invalid_input(error, fmt) from None
            data, fmt = ox.serialize(parsed, format=ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES
        if data is None:
            quads = [to_ox_quad(triple) for triple in triples or ()]
            data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
        self._send(
            "PUT",
            self._gsp_url,
            params=self._graph_params(graph),
            content=data or b"",
            headers={"content-type": fmt.media_type},
            on_error=data_errors(fmt),
        )

    def delete_graph(self, graph: str | None) -> bool:
        """Delete a graph with a Graph Store ``DELETE``; tell whether it existed."""
        try:
            self._send("DELETE", self._gsp_url, params=self._graph_params(graph))
        except NotFound:
            return False
        return True

    # reads --------------------------------------------------------------------------------

    def graph_exists(self, graph: str | None) -> bool:
        """Ask the server; the default graph always exists.

        SPARQL, not a Graph Store ``HEAD``: oxigraph 0.5 answers a ``HEAD`` on a missing graph
        with a body, which breaks the next response read on that connection.
        """
        if graph is None:
            return True
        answer = self.query(f"ASK {{ GRAPH {graph_node(graph)} {{ }} }}", union_default_graph=False)
        return isinstance(answer, AskResult) and answer.boolean

    def get_graph(self, graph: str | None) -> Graph:
        """Fetch a graph as N-Triples into an rdflib ``Graph``; ``NotFound`` if absent."""
        response = self._send(
            "GET", self._gsp_url, params=self._graph_params(graph), headers={"accept": _N_TRIPLES}
        )
        convert = ToRdflib()
        result = Graph(identifier=graph)
        try:
            for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES):
                result.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
        except SyntaxError as error:
            raise self._garbled(error) from None
        return result

    def get_graph_serialized(self, graph: str | None, *, format: str) -> SerializedResult:
        """Stream a graph from the Graph Store endpoint in ``format``; ``NotFound`` if absent."""
        fmt = negotiate_format(format, "graph")
        response = self._send(
            "GET",
            self._gsp_url,
            params=self._graph_params(graph),
            headers={"accept": fmt.media_type},
            stream=True,
        )
        media_type = response.headers.get("content-type", fmt.media_type)
        return SerializedResult(media_type, "graph", ResponseChunks(response))

    def named_graphs(self) -> list[str]:
        """Names of all named graphs (empty ones included), sorted."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union_default_graph=False)
        assert isinstance(result, SelectResult)  # noqa: S101 - a SELECT gives a SelectResult
        return sorted(str(row["g"]) for row in result.rows)

    def quad_count(self) -> int:
        """Number of quads on the server (counted there)."""
        return self._count("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")

    def graph_size(self, graph: str | None) -> int:
        """Number of triples in one graph (0 for a missing graph), counted on the server."""
        if graph is None:
            text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        else:
            text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph_node(graph)} {{ ?s ?p ?o }} }}"
        return self._count(text)

    def _count(self, text: str) -> int:
        result = self.query(text, union_default_graph=False)
        assert isinstance(result, SelectResult)  # noqa: S101 - a SELECT gives a SelectResult
        rows = list(result.rows)
        return int(rows[0]["n"] or 0) if rows else 0

    def dump(self, format: str = "nquads") -> SerializedResult:
        """Stream every quad from the Graph Store endpoint as N-Quads or TriG."""
        fmt = negotiate_format(format, "dataset")
        response = self._send("GET", self._gsp_url, headers={"accept": fmt.media_type}, stream=True)
        return SerializedResult(fmt.media_type, "dataset", ResponseChunks(response))

    def load(
        self,
        *,
        path: str | None = None,
        data: bytes | None = None,
        format: str | None = None,
        graph: str | None = None,
        base_iri: str | None = None,
        progress: Progress | None = None,
        atomic: bool = False,
    ) -> int:
        """Stream a file to the server with one Graph Store ``POST`` (see the module docstring).

        ``atomic`` is accepted for symmetry; the server decides (oxigraph: one transaction).
        """
        fmt = load_format(path, format)
        if base_iri is not None:
            raise ValueError("the remote store cannot load with base_iri=; resolve IRIs first")
        if graph is not None and fmt.supports_datasets:
            raise InvalidInput(f"graph= cannot be used with {fmt.name}: its graphs are in the data")
        params = {} if fmt.supports_datasets else self._graph_params(graph)
        before = self.quad_count()
        with load_source(path, data) as source:
            self._send(
                "POST",
                self._gsp_url,
                params=params,
                content=file_chunks(source, progress),
                headers={"content-type": fmt.media_type},
                on_error=data_errors(fmt),
            )
        return self.quad_count() - before

    # lifecycle ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Nothing to do: the server makes each request durable itself."""

    def close(self) -> None:
        """Close the HTTP connections; later calls raise ``StoreUnavailable``."""
        self._client.close()
        self._workers.close()
