"""What differs between SPARQL engines behind the ``remote`` backend, in one table.

An :class:`Engine` says where an engine's query, update and Graph Store endpoints are relative to
one base URL, how it wants requests sent, how its union default graph is asked for, which of its
graphs are its own (system graphs, hidden from our counts, lists and dumps), how a query timeout is
passed to it, how it signals a row cap, and how it refuses a query that ran out of time. Facts
about each engine were checked by hand (``docs/deployment.md`` lists versions and limits):

* ``oxigraph`` (``oxigraph serve`` 0.5): ``/query``, ``/update``, ``/store``; union default graph
  by the ``union-default-graph`` parameter; timeout only on the server (``--timeout-s``).
* ``virtuoso`` (Virtuoso 7.2 open source): ``/sparql`` for queries and updates, which must be sent
  form-encoded (a direct ``application/sparql-query`` POST got no answer within 30 s);
  ``/sparql-graph-crud`` for the Graph Store (writes need ``GRANT SPARQL_UPDATE TO "SPARQL"``, or
  digest auth on ``/sparql-graph-crud-auth``). Queries see all graphs without being asked; every
  triple lives in a named graph (there is no store default graph to write to); empty graphs are not
  kept; a new database holds system graphs (``virtrdf#``, ``DAV/``…). ``ResultSetMaxRows`` (10,000
  by default) cuts answers: a SELECT carries ``X-SPARQL-MaxRows``; the ``timeout`` parameter (ms)
  returns *incomplete* results with ``X-SQL-State: S1TAT``, which we turn into a timeout error.
* ``fuseki`` (Apache Jena Fuseki, expected to work by protocol, not tested): a dataset URL with
  ``/query``, ``/update``, ``/data``; ``timeout`` in seconds.
* ``generic``: any SPARQL 1.1 server whose query and update endpoint is the base URL, with no Graph
  Store (graphs are read and written with SPARQL) and nothing engine-specific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.formats import TSV
from graph.sparql.scan import has_dataset_clause

if TYPE_CHECKING:  # httpx is imported by the remote backend only, when used (issue 10)
    import httpx

__all__ = [
    "ENGINES",
    "Endpoints",
    "Engine",
    "detect_engine",
    "empties_default_graph",
    "engine_named",
    "request_body",
    "split_endpoint",
]

#: A ``GRAPH <iri>`` pattern (a graph named in the query itself).
_FIXED_GRAPH = re.compile(r"\bGRAPH\s*<", re.IGNORECASE)


@dataclass(frozen=True)
class Endpoints:
    """The URLs of one remote store."""

    query: str
    update: str
    graph_store: str | None


@dataclass(frozen=True)
class Engine:
    """What the ``remote`` backend must do differently for one SPARQL engine."""

    name: str
    query_path: str
    update_path: str
    graph_store_path: str | None
    #: Send queries and updates form-encoded rather than as ``application/sparql-query`` bodies.
    form_requests: bool = False
    #: Query parameter that makes the default graph the union of all graphs (``None``: it already is).
    union_parameter: str | None = None
    #: The engine keeps empty named graphs (``CREATE GRAPH``); if not, a graph exists while it has triples.
    keeps_empty_graphs: bool = True
    #: The engine has a default graph of its own that writes without ``GRAPH`` go to.
    has_default_graph: bool = True
    #: Graph names (prefixes) that belong to the engine itself, not to the data.
    system_graph_prefixes: tuple[str, ...] = ()
    #: Query parameter carrying a server-side query timeout, and its unit in seconds (0.001: ms).
    timeout_parameter: str | None = None
    timeout_unit: float = 1.0
    #: Response header naming a row cap the answer reached (the answer may be cut).
    row_cap_header: str | None = None
    #: Response header and value saying the engine stopped the query and sent what it had.
    incomplete_header: tuple[str, str] | None = None
    #: Words of an error message that mean the engine refused or stopped a query for its time.
    timeout_messages: tuple[str, ...] = ()
    #: Text put before every update (Virtuoso: large ``INSERT DATA`` compile in linear time with it).
    update_preamble: str = ""
    #: Pragma put before a query of the store's own default graph, where queries see the union by default.
    empty_default_graph: str = ""
    #: Results formats the engine writes wrongly: asked as JSON and converted (Virtuoso's TSV header
    #: names variables as ``"p"``, not ``?p``).
    results_to_convert: tuple[str, ...] = ()
    #: Most triples in one ``INSERT DATA`` operation (Virtuoso's compiler runs out of memory on more).
    insert_chunk: int = 0
    #: The Graph Store takes writes (else graphs are written with SPARQL Update).
    graph_store_writes: bool = True
    #: The Graph Store takes and gives whole datasets (N-Quads, no graph named).
    graph_store_datasets: bool = True
    #: The Graph Store's parameter naming a graph (the protocol's ``graph``; Virtuoso: ``graph-uri``).
    graph_parameter: str = "graph"

    def endpoints(self, base: str) -> Endpoints:
        """The query, update and Graph Store URLs under ``base`` (no trailing slash needed)."""
        root = base.rstrip("/")
        store = f"{root}{self.graph_store_path}" if self.graph_store_path is not None else None
        return Endpoints(f"{root}{self.query_path}", f"{root}{self.update_path}", store)

    def is_system_graph(self, name: str) -> bool:
        """Whether ``name`` is one of the engine's own graphs."""
        return name.startswith(self.system_graph_prefixes)


ENGINES: dict[str, Engine] = {
    engine.name: engine
    for engine in (
        Engine("oxigraph", "/query", "/update", "/store", union_parameter="union-default-graph"),
        Engine(
            "virtuoso",
            "/sparql",
            "/sparql",
            "/sparql-graph-crud",
            form_requests=True,
            keeps_empty_graphs=False,
            has_default_graph=False,
            # a new database's own graphs; the last two are named after the server's DefaultHost
            system_graph_prefixes=(
                "http://www.openlinksw.com/",
                "http://www.w3.org/ns/ldp",
                "http://www.w3.org/2002/07/owl",
                "http://localhost:8890/",
                "urn:activitystreams-owl",
                "virtrdf:",
            ),
            timeout_parameter="timeout",
            timeout_unit=0.001,
            row_cap_header="x-sparql-maxrows",
            incomplete_header=("x-sql-state", "S1TAT"),
            timeout_messages=("exceeds the limit of", "S1TAT"),
            update_preamble="define sql:big-data-const 1 ",
            empty_default_graph="define input:default-graph-uri <urn:x-euus-kg:empty-graph>",
            results_to_convert=(TSV.media_type,),
            insert_chunk=2000,
            graph_store_writes=False,
            graph_store_datasets=False,
            graph_parameter="graph-uri",
        ),
        Engine("fuseki", "/query", "/update", "/data", timeout_parameter="timeout"),
        Engine("generic", "", "", None, graph_store_writes=False, graph_store_datasets=False),
    )
}


def engine_named(name: str) -> Engine:
    """The profile called ``name``.

    Raises:
        ValueError: no engine has that name (the message lists the names).
    """
    try:
        return ENGINES[name.lower()]
    except KeyError:
        raise ValueError(f"unknown SPARQL engine {name!r}: use one of {', '.join(ENGINES)}") from None


def split_endpoint(url: str, engine: Engine | None) -> tuple[str, Engine | None]:
    """Take a query URL given where a base URL is expected back to its base (``…/query`` → ``…``).

    Without ``engine``, the ending tells it: ``/query`` is oxigraph's layout, ``/sparql`` Virtuoso's.
    """
    stripped = url.rstrip("/")
    candidates = [engine] if engine is not None else [ENGINES["oxigraph"], ENGINES["virtuoso"]]
    for candidate in candidates:
        if candidate.query_path and stripped.endswith(candidate.query_path):
            return stripped[: -len(candidate.query_path)], candidate
    return stripped, engine


def detect_engine(base: str, client: httpx.Client) -> Engine:
    """Tell the engine at ``base`` from its answers: the ``Server`` header, then the endpoints it has.

    Virtuoso names itself in ``Server`` (``Virtuoso/07.20…``); Fuseki in ``Fuseki-Request-Id`` or
    ``Server``; ``oxigraph serve`` answers an ``ASK`` at ``/query``. Anything else is ``generic``.
    """
    import httpx

    root = base.rstrip("/")
    for path in ("/sparql", "/query", ""):
        try:
            reply = client.get(f"{root}{path}", params={"query": "ASK {}"}, timeout=10.0)
        except httpx.TransportError:
            continue
        server = reply.headers.get("server", "").lower()
        if "oxigraph" in server:
            return ENGINES["oxigraph"]
        if "virtuoso" in server:
            return ENGINES["virtuoso"]
        if "fuseki" in server or "fuseki-request-id" in reply.headers:
            return ENGINES["fuseki"]
        if path == "/query" and reply.status_code == 200:
            return ENGINES["oxigraph"]
    return ENGINES["generic"]


def request_body(engine: Engine, kind: str, text: str) -> dict[str, Any]:
    """The body of a query or update: form-encoded for engines that need it, else direct."""
    if engine.form_requests:
        return {"data": {kind: text}}
    return {"content": text.encode(), "headers": {"content-type": f"application/sparql-{kind}"}}


def empties_default_graph(engine: Engine, sparql: str) -> bool:
    """Whether a query of the store's own default graph needs the engine's pragma to see an empty one.

    Virtuoso's queries see the union, but its store has no default graph of its own. Its pragma
    empties the default graph and keeps ``GRAPH ?g`` working, but not ``GRAPH <iri>``: such queries
    are sent as they are (a default-graph pattern in them still sees the union).
    """
    named_elsewhere = has_dataset_clause(sparql) or _FIXED_GRAPH.search(sparql)
    return bool(engine.empty_default_graph) and not named_elsewhere
