"""The quad store behind euus-kg: one small protocol, two backends, chosen in :func:`open_store`.

* ``embedded`` (:mod:`graph.store.embedded`): pyoxigraph in this process, in memory (tests) or on
  disk (deployment).
* ``remote`` (:mod:`graph.store.remote`): a SPARQL 1.1 server over HTTP (``oxigraph serve`` by
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
risk (https://owasp.org/www-community/attacks/Server_Side_Request_Forgery). Both are refused with
:class:`~graph.errors.Forbidden` unless the store is opened with ``allow_service=True`` / ``allow_load=True``.

Isolation. A query sees one snapshot for its whole run ("repeatable read"). Every write method
applies all of its changes or none, and no reader sees a half-applied write: ``update``,
``add_quads``, ``apply_changes`` (one ``DELETE DATA … ; INSERT DATA …`` update) and
``replace_graph`` are each one transaction. ``load`` is the exception: it streams, so unless
``atomic=True`` a file that fails to parse half-way may leave part of what was read before the
error in the store.

Threads. Results may be consumed from any thread (see :mod:`graph.store.streams`). Read them to
the end or ``close()`` them; an abandoned result stops its producer when it is garbage-collected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.store.embedded import EmbeddedStore
from graph.store.engines import ENGINES, Engine, detect_engine, engine_named, split_endpoint
from graph.store.formats import load_format, load_source, negotiate_format, rdf_format
from graph.store.protocol import Store
from graph.store.results import (
    AskResult,
    GraphResult,
    Progress,
    Quad,
    QueryResult,
    Row,
    SelectResult,
    SerializedResult,
    Term,
    Triple,
)

if TYPE_CHECKING:
    from graph.store.remote import RemoteStore

__all__ = [
    "ENGINES",
    "AskResult",
    "EmbeddedStore",
    "Engine",
    "GraphResult",
    "Progress",
    "Quad",
    "QueryResult",
    "RemoteStore",
    "Row",
    "SelectResult",
    "SerializedResult",
    "Store",
    "Term",
    "Triple",
    "load_format",
    "load_source",
    "negotiate_format",
    "open_store",
    "rdf_format",
]


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
    engine: str | None = None,
    query_timeout: float | None = None,
) -> Store:
    """Open the store: embedded on disk (``path``), remote (``endpoint``) or in memory (neither).

    Args:
        path: directory of an on-disk pyoxigraph store (created if missing).
        endpoint: base URL of a remote server (or its query URL: ``…/query``, ``…/sparql``); the
            query, update and Graph Store endpoints are derived from it by the engine's profile
            (:mod:`graph.store.engines`).
        update_endpoint: SPARQL update endpoint (remote only).
        gsp_endpoint: SPARQL Graph Store Protocol endpoint (remote only).
        prefixes: prefixes every query and update may use without declaring them.
        allow_service: let queries use ``SERVICE`` (outbound HTTP requests).
        allow_load: let updates use ``LOAD`` (outbound HTTP requests).
        timeout: seconds to wait for the remote server (connect, and between bytes read).
        base_iri: the base that relative IRIs in queries resolve against.
        engine: the remote engine's profile (``oxigraph``, ``virtuoso``, ``fuseki``, ``generic``);
            ``None``: told by the URL's ending, else asked of the server (:func:`detect_engine`).
        query_timeout: seconds after which the engine itself should stop a query, where it can be told.

    Raises:
        ValueError: both ``path`` and ``endpoint`` were given, or remote URLs are missing.
        StoreUnavailable: the on-disk store cannot be opened (e.g. locked by another process).
    """
    if path is not None and endpoint is not None:
        raise ValueError("open_store() takes path= or endpoint=, not both")
    if endpoint is None:
        if update_endpoint is not None or gsp_endpoint is not None:
            raise ValueError("update_endpoint= and gsp_endpoint= need endpoint=")
        return EmbeddedStore(
            path, prefixes=prefixes, allow_service=allow_service, allow_load=allow_load, base_iri=base_iri
        )
    base, profile = split_endpoint(endpoint, engine_named(engine) if engine else None)
    import httpx

    from graph.store.remote import RemoteStore

    if profile is None:
        with httpx.Client() as client:
            profile = detect_engine(base, client)
    urls = profile.endpoints(base)
    return RemoteStore(
        urls.query,
        update_endpoint or urls.update,
        gsp_endpoint or urls.graph_store,
        engine=profile,
        prefixes=prefixes,
        allow_service=allow_service,
        allow_load=allow_load,
        timeout=timeout,
        query_timeout=query_timeout,
        base_iri=base_iri,
    )


def __getattr__(name: str) -> Any:
    # The remote backend (httpx, ~0.1 s of imports) is imported when used: a service over the embedded
    # store starts without it (issue 10).
    if name == "RemoteStore":
        from graph.store.remote import RemoteStore

        return RemoteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
