"""The dumps and the dataset description of the running service, current for its data version.

The dump cache (``app.state.dumps``) is opened by the lifespan; the description is rebuilt at most once
per data version (``app.state.version``), from the dumps of that version, so its sizes, checksums and
counts are those of the bytes ``/export`` serves.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import Request
from rdflib import Graph
from starlette.concurrency import run_in_threadpool

from api.deps import DataVersion
from api.pages import render_resource
from graph.dataset.export import Dump, DumpCache, dataset_store
from graph.dataset.void import describe_dataset
from graph.formats import DUMP_FORMATS, Format
from graph.store import Store
from graph.views.describe import describe, view_of


def open_dump_cache(store: Store) -> DumpCache:
    """A dump cache in a new temporary directory (removed by ``DumpCache.close``)."""
    return DumpCache(Path(tempfile.mkdtemp(prefix="euus-dumps-")), store)


def _state(request: Request) -> tuple[DumpCache, DataVersion]:
    return request.app.state.dumps, request.app.state.version


async def dump_for(request: Request, fmt: Format, graph: str | None = None) -> Dump:
    """The dump of ``graph`` (``None``: the dataset) for the current data version, built if needed."""
    cache, version = _state(request)
    return await run_in_threadpool(cache.get, version.value, fmt, graph)


async def dataset_description(request: Request) -> Graph:
    """The VoID/DCAT description for the current data version."""
    cache, version = _state(request)
    base = request.app.state.settings.base_iri

    def build() -> Graph:
        current = version.value
        dumps = [cache.get(current, fmt) for fmt in DUMP_FORMATS]
        return describe_dataset(cache.store, dumps, DUMP_FORMATS, base)

    return await run_in_threadpool(version.cached, "dataset-description", build)


def page_from_graph(graph: Graph, resource: str, alternates: list[tuple[str, str]]) -> str:
    """The resource page of ``resource`` as ``graph`` (not the store) describes it."""
    store = dataset_store((s, p, o, None) for s, p, o in graph)
    try:
        return render_resource(view_of(describe(store, resource), resource), alternates)
    finally:
        store.close()
