"""The app factory: ``uvicorn api.main:create_app --factory`` or ``euus serve`` (:mod:`api.cli`)."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api.access_log import AccessLog
from api.dataset_service import open_dump_cache
from api.deps import DataVersion, Lazy, Warmer
from api.embedded_lane import embedded_lane
from api.errors import EXCEPTION_HANDLERS
from api.lanes import GZIP_MINIMUM, LaneFirst
from api.limits import BodySizeLimit
from api.middleware import ConditionalGet
from api.openapi import install as install_openapi
from api.remote_lane import remote_lane
from api.routers import (
    export,
    graph_store,
    health,
    home,
    ingest,
    linked_data,
    meetings,
    organisations,
    presidencies,
    search,
    sparql,
    stats,
    topics,
)
from api.settings import Settings, get_settings
from graph.namespaces import PREFIXES
from graph.sparql.text import iri_regex
from graph.store import Store, open_store
from graph.views.snapshot import read_snapshot
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped

if TYPE_CHECKING:  # imported on first use or by the warmer: the first answers after start need none of it
    from graph.ingest.service import StoreIngest
    from graph.query.answer_cache import AnswerCache
    from graph.store.version_reads import VersionReads

log = logging.getLogger("euus.api")

DESCRIPTION = """SPARQL 1.1 endpoint and Graph Store of **euus-kg**, the knowledge graph of EU-US cooperation
in justice and home affairs. Queries see the union of all graphs; each source's facts stay in their own
named graph. Writes need a bearer token and are checked against the SHACL shapes before they are stored."""


def create_app(settings: Settings | None = None, *, started_workers: Sequence[object] = ()) -> FastAPI:
    """Build the service; nothing is opened until the app starts (see ``lifespan``).

    ``started_workers``: query workers started early (``euus serve``), for the query runner to use.
    """
    settings = settings or get_settings()
    app = FastAPIOffline(  # /docs and /redoc load Swagger UI and ReDoc from the package, not a CDN
        title="euus-kg",
        description=DESCRIPTION,
        version=_package_version(),
        lifespan=lifespan,
        exception_handlers=dict(EXCEPTION_HANDLERS),
        telemetry=None if settings.telemetry else {"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.started_workers = list(started_workers)
    install_openapi(app)  # the answers the app adds around the routes (problem JSON, 304, 413)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    for dashboard in (meetings, organisations, presidencies, topics, search, stats):
        app.include_router(dashboard.router)
    app.include_router(ingest.router)
    app.include_router(linked_data.router)
    app.include_router(export.router)
    app.include_router(health.router)
    app.include_router(home.router)
    app.mount("/static", StaticFiles(packages=[("api", "static")]), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM)
    app.add_middleware(ConditionalGet)  # inside CORS, so that a 304 carries the CORS headers too
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        allow_credentials=False,
        # a dashboard in the browser reads the tag (to revalidate) and the paging links
        expose_headers=["X-Euus-Truncated", "X-Euus-Rows", "ETag", "Link"],
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    # Outside the whole stack: small queries skip it (api.lanes), answered in this process or, in remote
    # mode, forwarded to the engine on the event loop (one lane per mode: no request pays for both).
    # Built here, so no middleware can be added after this point.
    lane = remote_lane if settings.endpoint is not None else embedded_lane
    app.middleware_stack = LaneFirst(app.build_middleware_stack(), lane)
    return app


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the store, its write guard (which fills it with the shipped data) and the query runner."""
    settings: Settings = app.state.settings
    scratch = None
    if settings.endpoint is None and settings.store is None:
        # The query workers read snapshots of an on-disk store, so "in memory" is a temporary directory.
        scratch = Path(tempfile.mkdtemp(prefix="euus-store-"))
    path = settings.store or scratch
    if settings.endpoint is None and path is not None:
        path.mkdir(parents=True, exist_ok=True)
    store = open_store(
        path=str(path) if settings.endpoint is None else None,
        endpoint=settings.endpoint,
        update_endpoint=settings.update_endpoint,
        gsp_endpoint=settings.store_endpoint,
        prefixes=PREFIXES,
        base_iri=settings.base_iri,
        timeout=settings.query_timeout,  # a remote server that stops answering fails a request in time
        engine=settings.engine,
        query_timeout=settings.query_timeout,
    )
    queries: Any = None
    try:
        # made first: its query worker's interpreter starts while the shipped data is checked, so that
        # the first query waits less for it; a write below marks its first snapshot stale, as any write
        started, app.state.started_workers = app.state.started_workers, []  # handed over once
        queries = _query_runner(settings, store, path, started)
        guard = WriteGuard(store, engine=settings.shacl_engine)
        guard.on_commit.append(queries.invalidate)
        app.state.guard = guard
        if settings.load_shipped_data:
            started = time.perf_counter()
            status = ensure_shipped(store, guard)
            log.info("%s, in %.1f s", status.describe(), time.perf_counter() - started)
        app.state.store = store
        # a remote store keeps the version itself, so that every process on it agrees (issue 13)
        version_reads = _version_reads(store, settings.query_timeout) if settings.endpoint else None
        app.state.version = DataVersion(
            read=_store_counter(store) if settings.endpoint else None,
            write_lock=guard.lock,
            read_async=version_reads.counter if version_reads is not None else None,
        )
        app.state.version_reads = version_reads
        app.state.answers = _answer_cache(settings, version_reads)
        app.state.dumps = open_dump_cache(store)
        app.state.queries = queries
        # What every committed write is followed by, whichever route made it (and queries.invalidate).
        guard.on_commit.append(app.state.version.bump)
        app.state.ingest = ingest = Lazy(lambda: _store_ingest(guard))
        # The dashboard snapshot and the guard's view of the model are built at start and after each
        # write in the background, so that no request waits seconds for them at a million quads.
        version: DataVersion = app.state.version
        warmer = Warmer(
            [
                lambda: version.cached("dashboard-snapshot", lambda: read_snapshot(store), consistent=True),
                _guard_warmer(guard, store, settings),
                lambda: ingest.get() if settings.writes_enabled else None,
                iri_regex,  # the IRI check of the routes, compiled (~20 ms) off the first request
            ]
        )
        guard.on_commit.append(warmer.wake)
        warmer.wake()
        try:
            yield
        finally:
            warmer.stop()
            if version_reads is not None:
                version_reads.close()
            app.state.dumps.close()
    finally:
        if queries is not None:
            queries.close()
        store.close()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _query_runner(settings: Settings, store: object, path: Path | None, started: list[Any]) -> object:
    if settings.endpoint is not None:
        from graph.query.remote import RemoteQueries  # the remote backend, with httpx: only when used

        return RemoteQueries(store, timeout=settings.query_timeout)  # type: ignore[arg-type]
    from graph.query.executor import QueryExecutor

    assert path is not None  # noqa: S101 - embedded stores always have a directory here
    snapshots = path.parent / f".{path.name}-snapshots"
    if not os.access(path.parent, os.W_OK):  # a store on a read-only file system still answers queries
        snapshots = Path(tempfile.gettempdir()) / f"euus-{path.name}-snapshots"
    return QueryExecutor(
        store.primary,  # type: ignore[attr-defined]
        snapshot_root=snapshots,
        workers=settings.query_workers,
        min_workers=min(settings.query_workers_min, settings.query_workers),
        idle_seconds=settings.query_worker_idle,
        rest_seconds=settings.query_workers_rest or None,
        timeout=settings.query_timeout,
        max_rows=settings.max_rows,
        prefixes=PREFIXES,
        base_iri=settings.base_iri,
        started=started,
    )


def _guard_warmer(guard: WriteGuard, store: Store, settings: Settings) -> Callable[[], None]:
    """The warmer's task for writes: parse the shapes and read the model, after the service is up.

    It also names the SHACL engine, once: finding it imports the engine (~0.03 s) the start need not wait for.
    """
    told = False

    def warm() -> None:
        nonlocal told
        if not settings.writes_enabled:
            return
        guard.context.graph(store)
        if settings.validate_writes and not told:
            log.info("writes are validated with the %s SHACL engine", guard.engine)
            told = True

    return warm


def _store_ingest(guard: WriteGuard) -> StoreIngest:
    from graph.ingest.service import StoreIngest

    return StoreIngest(guard)


def _store_counter(store: object) -> Callable[[], int]:
    from graph.store.shared_version import StoreVersion

    def read() -> int:
        version = StoreVersion.parse(store.data_version() or "")  # type: ignore[attr-defined]
        return version.counter if version is not None else 0

    return read


def _version_reads(store: object, timeout: float) -> VersionReads | None:
    """Reads of a remote store's version counter on the event loop (None: ``DataVersion.read`` in place)."""
    from graph.store import RemoteStore
    from graph.store.version_reads import VersionReads

    if not isinstance(store, RemoteStore):
        return None
    try:
        return VersionReads(store, timeout=timeout)
    except ValueError:  # https: the lean client does not speak it
        return None


def _answer_cache(settings: Settings, version_reads: VersionReads | None) -> AnswerCache | None:
    """The lanes' cache of small answers; none if turned off, or remote without a version read on the loop."""
    from graph.query.answer_cache import AnswerCache

    if settings.answer_cache_mb == 0 or (settings.endpoint is not None and version_reads is None):
        return None
    return AnswerCache(int(settings.answer_cache_mb * 1024 * 1024))


def _package_version() -> str:
    from importlib.metadata import version

    return version("euus-kg")
