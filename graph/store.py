"""The quad store behind euus-kg: one small protocol, two backends, chosen in :func:`open_store`.

* ``embedded`` (:mod:`graph.embedded_store`): pyoxigraph in this process, in memory (tests) or on
  disk (deployment).
* ``remote`` (:mod:`graph.remote_store`): a SPARQL 1.1 server over HTTP (``oxigraph serve`` by
  default).

Both speak rdflib terms at the interface (:class:`SelectResult` rows, :class:`GraphResult` triples,
``add_quads`` input), so callers do not depend on the backend; ``query_serialized`` skips rdflib
for speed. Graph names are IRIs as ``str`` (blank-node graph names as ``"_:label"``); ``None``
means the default graph.

Query dataset. Unless ``default_graph``/``named_graphs`` are given, the default graph of a query
is the union of the default graph and all named graphs. When either list is given, the SPARQL
Protocol rules apply: the default graph is the merge of ``default_graph`` (empty if not given), the
named graphs are ``named_graphs`` (none if not given), graphs come from the store only (nothing is
fetched) and an unknown graph is simply empty.

Outbound requests. ``SERVICE`` (federated query) and ``LOAD`` make the store fetch URLs, an SSRF
risk (reliability guide §2.3). Both are refused with :class:`~graph.errors.Forbidden` unless the
store is opened with ``allow_service=True`` / ``allow_load=True``.

Isolation. A query sees one snapshot for its whole run ("repeatable read"). Every write method
applies all of its changes or none, and no reader sees a half-applied write: ``update``,
``add_quads``, ``apply_changes`` (one ``DELETE DATA … ; INSERT DATA …`` update) and
``replace_graph`` are each one transaction. ``load`` is the exception: it streams, so unless
``atomic=True`` a file that fails to parse half-way may leave part of what was read before the
error in the store.

Threads. Results may be consumed from any thread (see :mod:`graph.store_streams`). Read them to
the end or ``close()`` them; an abandoned result stops its producer when it is garbage-collected.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, ClassVar, Protocol, TypeAlias, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from graph.errors import InvalidInput, NotAcceptable

__all__ = [
    "AskResult",
    "GraphResult",
    "Quad",
    "QueryResult",
    "Row",
    "SelectResult",
    "SerializedResult",
    "Store",
    "Term",
    "Triple",
    "negotiate_format",
    "open_store",
    "rdf_format",
]

Term: TypeAlias = URIRef | BNode | Literal
Triple: TypeAlias = tuple[Term, Term, Term]
#: ``(subject, predicate, object, graph)``; graph is an IRI (``str``/``URIRef``), a ``BNode`` or
#: ``None`` for the default graph (rdflib's ``urn:x-rdflib:default`` also means the default graph).
Quad: TypeAlias = tuple[Term, Term, Term, "str | BNode | None"]
Row: TypeAlias = dict[str, Term | None]
Progress: TypeAlias = Callable[[int], None]

# --------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class SelectResult:
    """Rows of a ``SELECT`` query: each maps every variable to a term, or ``None`` when unbound."""

    variables: list[str]
    rows: Iterator[Row]
    kind: ClassVar[str] = "select"

    def __iter__(self) -> Iterator[Row]:
        return self.rows

    def close(self) -> None:
        """Stop producing rows (needed only when the rows are not read to the end)."""
        _close(self.rows)


@dataclass(frozen=True)
class AskResult:
    """Answer of an ``ASK`` query."""

    boolean: bool
    kind: ClassVar[str] = "ask"

    def close(self) -> None:
        """Do nothing; here so that every result can be closed the same way."""


@dataclass(frozen=True)
class GraphResult:
    """Triples of a ``CONSTRUCT`` or ``DESCRIBE`` query."""

    triples: Iterator[Triple]
    kind: ClassVar[str] = "graph"

    def __iter__(self) -> Iterator[Triple]:
        return self.triples

    def graph(self) -> Graph:
        """Read the remaining triples into a new rdflib ``Graph``."""
        result = Graph()
        for triple in self.triples:
            result.add(triple)
        return result

    def close(self) -> None:
        """Stop producing triples (needed only when they are not read to the end)."""
        _close(self.triples)


QueryResult: TypeAlias = SelectResult | AskResult | GraphResult


@dataclass(frozen=True)
class SerializedResult:
    """A result already serialized by the store: iterate it for the bytes.

    Attributes:
        media_type: the ``Content-Type`` of the bytes.
        kind: ``"select"``, ``"ask"``, ``"graph"`` or ``"dataset"`` (dumps).
        chunks: the bytes, in pieces of up to about 64 KiB.
    """

    media_type: str
    kind: str
    chunks: Iterator[bytes]

    def __iter__(self) -> Iterator[bytes]:
        return self.chunks

    def read(self) -> bytes:
        """Join all the remaining chunks (for small results and tests)."""
        return b"".join(self.chunks)

    def close(self) -> None:
        """Stop producing bytes (needed only when they are not read to the end)."""
        _close(self.chunks)


def _close(iterator: Iterator[Any]) -> None:
    close = getattr(iterator, "close", None)
    if close is not None:
        close()


# --------------------------------------------------------------------------------------- formats

#: Short names accepted wherever a format is asked for, besides media types and file endings.
_RDF_FORMAT_NAMES: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}
_RESULTS_FORMAT_NAMES: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: What each kind of result can be serialized to; the first entry is the default for ``*/*``.
_FORMATS_BY_KIND: dict[str, list[Any]] = {
    "select": [
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    ],
    "graph": [
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.RDF_XML,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.N_QUADS,
        ox.RdfFormat.TRIG,
        ox.RdfFormat.N3,
    ],
    "dataset": [ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG],
}
_FORMATS_BY_KIND["ask"] = _FORMATS_BY_KIND["select"]


def rdf_format(name: str) -> ox.RdfFormat:
    """Return the RDF format for a short name, media type or file ending.

    >>> rdf_format("ttl").name, rdf_format("application/n-quads").name
    ('Turtle', 'N-Quads')

    Raises:
        InvalidInput: the name is not a known RDF format.
    """
    key = name.strip().lower().lstrip(".")
    found = (
        _RDF_FORMAT_NAMES.get(key) or ox.RdfFormat.from_media_type(key) or ox.RdfFormat.from_extension(key)
    )
    if found is None:
        known = ", ".join(sorted(_RDF_FORMAT_NAMES))
        raise InvalidInput(f"unknown RDF format {name!r} (known: {known}, or a media type)")
    return found


def negotiate_format(accept: str | None, kind: str) -> Any:
    """Pick how to serialize a result of ``kind`` for an ``Accept`` header or a format name.

    ``accept`` may be a full header (``"text/turtle;q=0.9, */*;q=0.1"``), one media type or a
    short name (``"json"``, ``"ttl"``). ``None`` or ``*/*`` gives the default of the kind (SPARQL
    JSON results; Turtle; N-Quads for dumps).

    >>> negotiate_format("text/csv;q=0.5, application/sparql-results+xml", "select").name
    'SPARQL Results in XML'

    Returns:
        a pyoxigraph ``QueryResultsFormat`` (``select``/``ask``) or ``RdfFormat``.

    Raises:
        NotAcceptable: none of the accepted formats can carry this kind of result.
    """
    candidates = _FORMATS_BY_KIND[kind]
    for media_range in _media_ranges(accept or "*/*"):
        if media_range == "*/*":
            return candidates[0]
        if media_range.endswith("/*"):
            for fmt in candidates:
                if fmt.media_type.startswith(media_range[:-1]):
                    return fmt
            continue
        fmt = _lookup_format(media_range, kind)
        if fmt is not None and fmt in candidates:
            return fmt
    offered = ", ".join(fmt.media_type.split(";")[0] for fmt in candidates)
    raise NotAcceptable(f"cannot serialize a {kind} result as {accept!r}; available: {offered}")


def _lookup_format(name: str, kind: str) -> Any:
    if kind in ("select", "ask"):
        return (
            _RESULTS_FORMAT_NAMES.get(name)
            or ox.QueryResultsFormat.from_media_type(name)
            or ox.QueryResultsFormat.from_extension(name)
        )
    return (
        _RDF_FORMAT_NAMES.get(name) or ox.RdfFormat.from_media_type(name) or ox.RdfFormat.from_extension(name)
    )


def _media_ranges(accept: str) -> list[str]:
    """Media ranges of an Accept header, best first (stable for equal ``q``), ``q=0`` dropped."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_range and quality > 0:
            ranked.append((-quality, index, media_range.lower()))
    return [media_range for _, _, media_range in sorted(ranked)]


# --------------------------------------------------------------------------------------- protocol


@runtime_checkable
class Store(Protocol):
    """What the rest of euus-kg needs from a quad store. See the module docstring for semantics."""

    backend: str
    location: str

    def query(
        self,
        sparql: str,
        *,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> QueryResult:
        """Run a SPARQL query; terms are rdflib terms."""
        ...

    def query_serialized(
        self,
        sparql: str,
        *,
        result_format: str | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        union_default_graph: bool = True,
    ) -> SerializedResult:
        """Run a SPARQL query and stream its serialization (``result_format``: Accept syntax)."""
        ...

    def update(self, sparql_update: str) -> None:
        """Run a SPARQL update in one transaction."""
        ...

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert quads in one transaction."""
        ...

    def apply_changes(self, *, removed: Iterable[Quad] = (), added: Iterable[Quad] = ()) -> None:
        """Delete then insert quads in one transaction (no blank nodes in ``removed``)."""
        ...

    def replace_graph(
        self,
        graph: str | None,
        *,
        triples: Iterable[Triple] | None = None,
        data: bytes | None = None,
        format: str | None = None,
        base_iri: str | None = None,
    ) -> None:
        """Replace a graph's content in one transaction, from triples or from RDF ``data``."""
        ...

    def delete_graph(self, graph: str | None) -> bool:
        """Remove a named graph (or empty the default graph); tell whether it existed."""
        ...

    def graph_exists(self, graph: str | None) -> bool:
        """Tell whether a named graph exists (the default graph always does)."""
        ...

    def get_graph(self, graph: str | None) -> Graph:
        """Return a graph's triples as an rdflib ``Graph``; raise ``NotFound`` if absent."""
        ...

    def get_graph_serialized(self, graph: str | None, *, format: str) -> SerializedResult:
        """Stream a graph's triples in an RDF format; raise ``NotFound`` if absent."""
        ...

    def named_graphs(self) -> list[str]:
        """Names of all named graphs, sorted."""
        ...

    def quad_count(self) -> int:
        """Number of quads in the whole store."""
        ...

    def graph_size(self, graph: str | None) -> int:
        """Number of triples in one graph."""
        ...

    def dump(self, format: str = "nquads") -> SerializedResult:
        """Stream every quad in a dataset format (N-Quads or TriG)."""
        ...

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
        """Stream RDF into the store; return the number of quads added."""
        ...

    def flush(self) -> None:
        """Make written data durable."""
        ...

    def close(self) -> None:
        """Release the store; later calls raise ``StoreUnavailable``."""
        ...


def load_source(path: str | None, data: bytes | None) -> IO[bytes]:
    """Open the input of ``load``: exactly one of ``path`` and ``data``."""
    if (path is None) == (data is None):
        raise ValueError("load() needs exactly one of path= and data=")
    if path is not None:
        try:
            return open(path, "rb")
        except OSError as error:
            raise InvalidInput(f"cannot read {path}: {error.strerror or error}") from None
    return io.BytesIO(data or b"")


def load_format(path: str | None, format: str | None) -> ox.RdfFormat:
    """The format of ``load``: the one given, else guessed from the file ending."""
    if format is not None:
        return rdf_format(format)
    if path is not None and "." in path:
        return rdf_format(path.rsplit(".", 1)[1])
    raise InvalidInput("load() needs format= when the file ending does not tell it")


# ---------------------------------------------------------------------------------- open_store


def open_store(
    *,
    path: str | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    prefixes: dict[str, str] | None = None,
    allow_service: bool = False,
    allow_load: bool = False,
    timeout: float = 60.0,
    base_iri: str | None = None,
) -> Store:
    """Open the store: embedded on disk (``path``), remote (``endpoint``) or in memory (neither).

    Args:
        path: directory of an on-disk pyoxigraph store (created if missing).
        endpoint: SPARQL query endpoint URL of a remote server. If it ends with ``/query`` (the
            layout of ``oxigraph serve``), the update and Graph Store endpoints default to the
            sibling ``/update`` and ``/store``.
        update_endpoint: SPARQL update endpoint (remote only).
        gsp_endpoint: SPARQL Graph Store Protocol endpoint (remote only).
        prefixes: prefixes every query and update may use without declaring them.
        allow_service: let queries use ``SERVICE`` (outbound HTTP requests).
        allow_load: let updates use ``LOAD`` (outbound HTTP requests).
        timeout: seconds to wait for the remote server (connect, and between bytes read).
        base_iri: the base that relative IRIs in queries resolve against.

    Raises:
        ValueError: both ``path`` and ``endpoint`` were given, or remote URLs are missing.
        StoreUnavailable: the on-disk store cannot be opened (e.g. locked by another process).
    """
    if path is not None and endpoint is not None:
        raise ValueError("open_store() takes path= or endpoint=, not both")
    if endpoint is None:
        if update_endpoint is not None or gsp_endpoint is not None:
            raise ValueError("update_endpoint= and gsp_endpoint= need endpoint=")
        from graph.embedded_store import EmbeddedStore

        return EmbeddedStore(
            path, prefixes=prefixes, allow_service=allow_service, allow_load=allow_load, base_iri=base_iri
        )
    from graph.remote_store import RemoteStore

    stripped = endpoint.rstrip("/")
    base = stripped[: -len("/query")] if stripped.endswith("/query") else None
    update_url = update_endpoint or (f"{base}/update" if base is not None else None)
    gsp_url = gsp_endpoint or (f"{base}/store" if base is not None else None)
    if update_url is None or gsp_url is None:
        raise ValueError(f"{endpoint} does not end with /query: give update_endpoint= and gsp_endpoint=")
    return RemoteStore(
        endpoint,
        update_url,
        gsp_url,
        prefixes=prefixes,
        allow_service=allow_service,
        allow_load=allow_load,
        timeout=timeout,
        base_iri=base_iri,
    )
