"""The ``embedded`` backend: pyoxigraph in this process, in memory or on disk (RocksDB).

Semantics (dataset, isolation, threads) are described in :mod:`graph.store`. pyoxigraph gives the
guarantees: a query or update sees one snapshot ("repeatable read"), and ``Store.update``,
``Store.extend`` and ``Store.load`` apply all of their changes or none. Mixed deletes and inserts
are therefore written as one SPARQL update.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from typing import Any, cast

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import InvalidInput, InvalidQuery, NotFound, StoreNotWritable, StoreUnavailable
from graph.sparql.scan import has_dataset_clause, invalid_input, invalid_query, query_form, refuse_outbound
from graph.store.disk import disk_errors, open_pyoxigraph
from graph.store.formats import load_format, load_source, negotiate_format, rdf_format
from graph.store.results import AskResult, Progress, Quad, QueryResult, SerializedResult, Triple
from graph.store.streams import (
    Channel,
    ChunkWriter,
    Workers,
    counting_reader,
    results_in_thread,
    results_kind,
    serialized_in_thread,
    stream_in_thread,
)
from graph.store.terms import (
    ToRdflib,
    changes_update,
    data_block,
    graph_name,
    graph_node,
    to_ox_quad,
)

_GRAPH_SIZE = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class EmbeddedStore:
    """pyoxigraph in this process: in memory or on disk in ``path`` (``read_only``: see graph.store.disk)."""

    backend, hidden_graph_prefixes, has_default_graph = "embedded", (), True

    def __init__(
        self,
        path: str | None = None,
        *,
        prefixes: dict[str, str] | None = None,
        allow_service: bool = False,
        allow_load: bool = False,
        base_iri: str | None = None,
        read_only: bool = False,
    ) -> None:
        self._store: ox.Store | None
        self._store, self.read_only = open_pyoxigraph(path, read_only=read_only)
        self.location = path or ":memory:"
        self._prefixes = dict(prefixes or {})
        self._base_iri = base_iri
        self._allow_service = allow_service
        self._allow_load = allow_load
        self._workers = Workers("euus-store")

    def __repr__(self) -> str:
        return f"<EmbeddedStore {self.location}>"

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            raise StoreUnavailable(f"the store at {self.location} is closed")
        return self._store

    @property
    def _writable(self) -> ox.Store:
        if self.read_only:
            raise StoreNotWritable(f"the store at {self.location} is on a read-only file system: reads only")
        return self._db

    @property
    def primary(self) -> ox.Store:
        """The pyoxigraph store itself, for the query executor's snapshots (writes go through here)."""
        return self._db

    # queries ------------------------------------------------------------------------------

    def _run_query(
        self,
        sparql: str,
        default_graph: list[str] | None,
        named_graphs: list[str] | None,
        union_default_graph: bool,
    ) -> Any:
        options: dict[str, Any] = {"prefixes": self._prefixes, "base_iri": self._base_iri}
        if default_graph is not None or named_graphs is not None:
            options["default_graph"] = [graph_node(g) for g in default_graph or ()]
            options["named_graphs"] = [graph_node(g) for g in named_graphs or ()]
        elif union_default_graph and not has_dataset_clause(sparql):
            options["use_default_graph_as_union"] = True
        try:
            return self._db.query(sparql, **options)
        except SyntaxError as error:
            raise invalid_query(str(error)) from None

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query; rows and triples hold rdflib terms.

        Raises:
            InvalidQuery: the query does not parse (with line and column).
            Forbidden: the query uses ``SERVICE`` and the store does not allow it.
        """
        refuse_outbound(sparql, allow_service=self._allow_service, allow_load=self._allow_load)
        if query_form(sparql) == "ask":  # one boolean: no need for a worker thread
            answer = self._run_query(sparql, default_graph, named_graphs, union_default_graph)
            if isinstance(answer, ox.QueryBoolean):
                return AskResult(bool(answer))
        return results_in_thread(
            self._workers,
            lambda: self._run_query(sparql, default_graph, named_graphs, union_default_graph),
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
        """Run a SPARQL query and stream its results as serialized by pyoxigraph.

        Args:
            sparql: the query.
            result_format: an ``Accept`` header, a media type or a short name (``json``, ``xml``,
                ``csv``, ``tsv``, ``ttl``, ``nt``…); ``None`` for the default of the query form.
            default_graph: see :mod:`graph.store`.
            named_graphs: see :mod:`graph.store`.
            union_default_graph: see :mod:`graph.store`.

        Raises:
            InvalidQuery: the query does not parse.
            Forbidden: the query uses ``SERVICE``.
            NotAcceptable: no accepted format fits the query form.
        """
        refuse_outbound(sparql, allow_service=self._allow_service, allow_load=self._allow_load)

        def produce(channel: Channel) -> None:
            result = self._run_query(sparql, default_graph, named_graphs, union_default_graph)
            kind = results_kind(result)
            fmt = negotiate_format(result_format, kind)
            writer = ChunkWriter(channel, (kind, fmt.media_type))
            result.serialize(writer, fmt)
            writer.finish()

        (kind, media_type), chunks = stream_in_thread(self._workers, produce)
        return SerializedResult(media_type, kind, chunks)

    # writes -------------------------------------------------------------------------------

    def _run_update(self, text: str, prefixes: dict[str, str] | None) -> None:
        try:
            with disk_errors(self.location):
                self._writable.update(text, prefixes=prefixes)
        except SyntaxError as error:
            raise invalid_query(str(error)) from None
        except RuntimeError as error:  # evaluation refused it, e.g. DROP of a missing graph
            raise InvalidQuery(f"update failed: {error}") from None

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL update: all of it is applied, or nothing.

        Raises:
            InvalidQuery: the update does not parse or fails (nothing is changed).
            Forbidden: the update uses ``LOAD`` or ``SERVICE`` and the store does not allow it.
        """
        refuse_outbound(sparql_update, allow_service=self._allow_service, allow_load=self._allow_load)
        self._run_update(sparql_update, self._prefixes)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert rdflib quads in one transaction; blank node labels are kept.

        Raises:
            InvalidInput: a term is not valid RDF (nothing is inserted).
        """
        with disk_errors(self.location):
            self._writable.extend(to_ox_quad(quad) for quad in quads)

    def apply_changes(
        self,
        *,
        removed: Iterable[Quad] = (),
        added: Iterable[Quad] = (),
        before: Sequence[str] = (),
        after: Sequence[str] = (),
        expected_version: str | None = None,
    ) -> None:
        """Run ``before``, delete ``removed``, insert ``added``, run ``after``, in one transaction.

        Blank nodes in ``added`` become fresh ones, as in ``INSERT DATA``. ``expected_version`` is unused.

        Raises:
            InvalidInput: a term is invalid, or ``removed`` holds a blank node (nothing changes).
        """
        changes = changes_update(removed, added)
        if parts := [*before, *([changes] if changes else []), *after]:
            self._run_update(" ;\n".join(parts), None)

    def data_version(self) -> None:
        """No version kept in the store: one process owns an embedded store."""
        return None

    def replace_graph(
        self,
        graph: str | None,
        *,
        triples: Iterable[Triple] | None = None,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        """Replace a graph's content by ``triples``, or by RDF ``data`` in ``format``, atomically.

        The graph exists afterwards, even if empty. ``data`` is parsed completely before the
        store is touched, so bad data changes nothing.

        Raises:
            InvalidInput: ``data`` does not parse (format, line, column) or names graphs.
        """
        node = graph_node(graph)
        if data is not None:
            fmt = rdf_format(format or "turtle")
            try:
                parsed = ox.parse(data, fmt, base_iri=base_iri, without_named_graphs=True)
                triples_text = ox.serialize([quad.triple for quad in parsed], format=ox.RdfFormat.N_TRIPLES)
            except SyntaxError as error:
                raise invalid_input(error, fmt) from None
            lines = (triples_text or b"").decode()
        else:
            lines = data_block((*triple, None) for triple in triples or ())
        if isinstance(node, ox.DefaultGraph):
            text = "DROP SILENT DEFAULT"
            if lines:
                text += f" ;\nINSERT DATA {{\n{lines}}}"
        else:
            text = f"DROP SILENT GRAPH {node} ;\nCREATE SILENT GRAPH {node}"
            if lines:
                text += f" ;\nINSERT DATA {{ GRAPH {node} {{\n{lines}}} }}"
        self._run_update(text, None)

    def delete_graph(self, graph: str | None) -> bool:
        """Remove a named graph, or empty the default graph; tell whether the graph existed."""
        node = graph_node(graph)
        with disk_errors(self.location):
            if isinstance(node, ox.DefaultGraph):
                self._writable.clear_graph(node)
                return True
            existed = self._writable.contains_named_graph(node)
            self._writable.remove_graph(node)
        return existed

    # reads --------------------------------------------------------------------------------

    def graph_exists(self, graph: str | None) -> bool:
        """Tell whether a named graph exists; the default graph always does."""
        node = graph_node(graph)
        return isinstance(node, ox.DefaultGraph) or self._db.contains_named_graph(node)

    def _existing(self, graph: str | None) -> Any:
        node = graph_node(graph)
        if not isinstance(node, ox.DefaultGraph) and not self._db.contains_named_graph(node):
            raise NotFound(f"graph <{graph}> does not exist in the store")
        return node

    def get_graph(self, graph: str | None) -> Graph:
        """Return a graph's triples as an rdflib ``Graph`` named ``graph``.

        Raises:
            NotFound: there is no such named graph.
        """
        node = self._existing(graph)
        convert = ToRdflib()
        result = Graph(identifier=None if graph is None else convert(node))
        for quad in self._db.quads_for_pattern(None, None, None, node):
            result.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
        return result

    def get_graph_serialized(self, graph: str | None, *, format: str) -> SerializedResult:
        """Stream a graph's triples in ``format`` (short name or media type), with our prefixes.

        Raises:
            NotFound: there is no such named graph.
        """
        node = self._existing(graph)
        fmt = negotiate_format(format, "graph")
        db, prefixes = self._db, self._prefixes or None
        return serialized_in_thread(
            self._workers,
            "graph",
            fmt,
            lambda out, f: db.dump(out, f, from_graph=node, prefixes=prefixes),
        )

    def named_graphs(self) -> list[str]:
        """Names of all named graphs (empty ones included), sorted."""
        return sorted(str(graph_name(node)) for node in self._db.named_graphs())

    def quad_count(self) -> int:
        """Number of quads in the whole store."""
        return len(self._db)

    def graph_size(self, graph: str | None) -> int:
        """Number of triples in one graph (0 for a missing graph)."""
        node = graph_node(graph)
        if isinstance(node, ox.DefaultGraph):
            solutions = self._db.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
        else:  # pyoxigraph binds ?g itself (a substituted variable must be projected)
            solutions = self._db.query(_GRAPH_SIZE, substitutions={ox.Variable("g"): node})
        for row in cast(ox.QuerySolutions, solutions):
            return int(row["n"].value)
        return 0

    def dump(self, format: str = "nquads") -> SerializedResult:
        """Stream every quad as N-Quads or TriG.

        Raises:
            NotAcceptable: ``format`` cannot hold named graphs.
        """
        fmt = negotiate_format(format, "dataset")
        db = self._db
        return serialized_in_thread(self._workers, "dataset", fmt, lambda out, f: db.dump(out, f))

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
        """Stream RDF from a file (``path``, never read whole) or ``data`` into the store.

        ``format``: a short name, media type or file ending (guessed from ``path`` if omitted).
        ``graph`` receives the triples of a triple format (``None``: the default graph; not allowed
        with dataset formats). ``progress`` is called with the bytes read so far (about once per
        MiB). ``atomic`` loads in one transaction (memory grows with the data) instead of streaming
        through pyoxigraph's bulk loader, which may keep part of what it read before an error.
        Returns how many quads were added (those already in the store are not counted).

        Raises:
            InvalidInput: the data does not parse (format, line, column), or cannot be read.
        """
        fmt = load_format(path, format)
        if graph is not None and fmt.supports_datasets:
            raise InvalidInput(f"graph= cannot be used with {fmt.name}: its graphs are in the data")
        db = self._writable
        before = len(db)
        loader = db.load if atomic else db.bulk_load
        with load_source(path, data) as source, disk_errors(self.location):
            try:
                loader(counting_reader(source, progress), fmt, base_iri=base_iri, to_graph=graph_node(graph))
            except SyntaxError as error:
                raise invalid_input(error, fmt) from None
        return len(db) - before

    # lifecycle ----------------------------------------------------------------------------

    def flush(self) -> None:
        """Write buffered data to disk."""
        if not self.read_only:
            with disk_errors(self.location):
                self._db.flush()

    def close(self) -> None:
        """Flush and release the store; an on-disk store can then be opened again."""
        if self._store is not None:
            with suppress(StoreNotWritable):  # the committed writes are in RocksDB's log: nothing is lost
                self.flush()
            self._store = None
            self._workers.close()
