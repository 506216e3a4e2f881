"""The ``remote`` backend: a SPARQL 1.1 server (``oxigraph serve`` by default) over HTTP.

Queries go to the query endpoint (SPARQL 1.1 Protocol), updates to the update endpoint, and graph
reads and writes to the Graph Store Protocol endpoint. Results are parsed by pyoxigraph (SPARQL
JSON results, N-Triples) as they arrive and handed over as rdflib terms, so this backend behaves
like :class:`graph.store.embedded.EmbeddedStore` (same semantics, same errors), with these limits:

* What differs between engines (endpoints, request encoding, union default graph, system graphs,
  timeouts, row caps) comes from its :class:`~graph.store.engines.Engine` profile. The engine's
  system graphs and our data-version graph (:mod:`graph.store.shared_version`) are left out of
  ``named_graphs``, the counts and the dumps; user queries still see them.
* Blank node labels are not kept across requests: the server gives blank nodes in written data
  fresh labels (``add_quads`` included). Blank-node graph names cannot be addressed.
* ``load`` sends the file as one Graph Store ``POST`` (or chunked ``INSERT DATA``): as atomic as
  the server makes it; its count is measured before and after; no ``base_iri``.
* A failed update answered 500 (oxigraph: ``DROP`` of a missing graph) is an ``InvalidQuery``.
* Query timeouts are the server's (``--timeout-s``, or the engine's parameter) plus ``timeout``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox

from graph.errors import (
    QueryTimeout,
    StoreUnavailable,
)
from graph.formats import N_TRIPLES, SPARQL_JSON
from graph.sparql.scan import (
    has_dataset_clause,
    missing_prefix_declarations,
    query_form,
    refuse_outbound,
)
from graph.store.engines import ENGINES, Engine, empties_default_graph, request_body
from graph.store.formats import negotiate_format
from graph.store.http import (
    ResponseReader,
    checked_chunks,
    content_type,
    send,
    sparql_errors,
)
from graph.store.remote_reads import RemoteReads, cut_message
from graph.store.remote_writes import RemoteWrites
from graph.store.results import AskResult, QueryResult, SerializedResult
from graph.store.streams import Workers, results_in_thread

_RESULTS_JSON = SPARQL_JSON.media_type
_N_TRIPLES = N_TRIPLES.media_type
#: Named in ``default-graph-uri`` when a caller asks for an empty dataset: it never holds data.
_EMPTY_GRAPH = "urn:x-euus-kg:empty-graph"
_KIND_OF_FORM = {"select": "select", "ask": "ask", "construct": "graph", "describe": "graph"}


@dataclass(frozen=True)
class QueryRequest:
    """A query as the engine is sent it: a POST to ``url``.

    ``body`` holds httpx's ``data=`` (a form) or ``content=``; ``line_offset`` counts the lines put
    before the user's text (prefixes), to correct the positions in the engine's error messages.
    """

    url: str
    params: list[tuple[str, str]]
    body: dict[str, Any]
    headers: dict[str, str]
    line_offset: int


class RemoteStore(RemoteWrites, RemoteReads):
    """A SPARQL 1.1 server reached over HTTP; see the module docstring for its limits."""

    backend = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str,
        gsp_url: str | None,
        *,
        engine: Engine | None = None,
        prefixes: dict[str, str] | None = None,
        allow_service: bool = False,
        allow_load: bool = False,
        timeout: float = 60.0,
        query_timeout: float | None = None,
        base_iri: str | None = None,
    ) -> None:
        self.engine = engine or ENGINES["oxigraph"]
        #: Rows at which the engine was seen to cut answers (learnt from its row-cap header).
        self.row_cap: int | None = None
        self._query_timeout = query_timeout
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

    def query_request(
        self,
        sparql: str,
        accept: str,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> QueryRequest:
        """The HTTP request that sends ``sparql`` to the engine (one definition for every client)."""
        text, line_offset = self._prepare(sparql)
        engine = self.engine
        params: list[tuple[str, str]] = []
        if default_graph is not None or named_graphs is not None:
            params += [("default-graph-uri", str(g)) for g in default_graph or ()]
            params += [("named-graph-uri", str(g)) for g in named_graphs or ()]
            params = params or [("default-graph-uri", _EMPTY_GRAPH)]
        elif union_default_graph and engine.union_parameter and not has_dataset_clause(sparql):
            params.append((engine.union_parameter, ""))
        elif not union_default_graph and empties_default_graph(engine, sparql):
            text = f"{engine.empty_default_graph} {text}"
        if engine.timeout_parameter and self._query_timeout:
            params.append((engine.timeout_parameter, f"{self._query_timeout / engine.timeout_unit:.0f}"))
        # Virtuoso answers a direct application/sparql-query POST only after a very long wait
        body = request_body(self.engine, "query", text)
        headers = {**body.pop("headers", {}), "accept": accept}
        return QueryRequest(self._query_url, params, body, headers, line_offset)

    def _post_query(
        self,
        sparql: str,
        accept: str,
        default_graph: list[str] | None,
        named_graphs: list[str] | None,
        union_default_graph: bool,
    ) -> httpx.Response:
        request = self.query_request(sparql, accept, default_graph, named_graphs, union_default_graph)
        engine = self.engine
        response = self._send(
            "POST",
            request.url,
            params=request.params,
            **request.body,
            headers=request.headers,
            stream=True,
            on_error=sparql_errors(
                request.line_offset, update=False, timeout_messages=engine.timeout_messages
            ),
        )
        if engine.incomplete_header is not None:
            name, value = engine.incomplete_header
            if response.headers.get(name, "") == value:
                response.close()
                raise QueryTimeout(f"the SPARQL server stopped the query for its time: {value}")
        if engine.row_cap_header is not None and engine.row_cap_header in response.headers:
            self.row_cap = int(response.headers[engine.row_cap_header])
            response.extensions["euus_row_cap"] = self.row_cap
        return response

    def _post_update(self, text: str, line_offset: int) -> None:
        body = request_body(self.engine, "update", self.engine.update_preamble + text)
        self._send(
            "POST",
            self._update_url,
            **body,
            on_error=sparql_errors(line_offset, update=True, timeout_messages=self.engine.timeout_messages),
        )

    def _graph_params(self, graph: str | None) -> dict[str, str]:
        return {"default": ""} if graph is None else {self.engine.graph_parameter: str(graph)}

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
        if "euus_row_cap" in response.extensions:  # what the library reads must be whole
            response.close()
            raise StoreUnavailable(cut_message(self.row_cap))
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
        dataset = (default_graph, named_graphs, union_default_graph)
        if accept.split(";")[0] in self.engine.results_to_convert:  # the engine writes it wrong: convert
            response = self._post_query(sparql, _RESULTS_JSON, *dataset)
            cap = response.extensions.get("euus_row_cap")
            parsed = ox.parse_query_results(response.read(), ox.QueryResultsFormat.JSON)
            converted = parsed.serialize(format=ox.QueryResultsFormat.from_media_type(accept))
            return SerializedResult(accept, kind, iter([converted or b""]), row_cap=cap)
        response = self._post_query(sparql, accept, *dataset)
        media_type = response.headers.get("content-type", accept)
        cap = response.extensions.get("euus_row_cap")
        return SerializedResult(
            media_type, kind, checked_chunks(self._workers, response, media_type, self._garbled), row_cap=cap
        )

    # lifecycle ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Nothing to do: the server makes each request durable itself."""

    def close(self) -> None:
        """Close the HTTP connections; later calls raise ``StoreUnavailable``."""
        self._client.close()
        self._workers.close()
