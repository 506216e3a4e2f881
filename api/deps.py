"""Dependencies of the routes, as ``Annotated`` aliases, all read from ``app.state``."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from api.settings import Settings
from graph.query import QueryRunner
from graph.store import Store
from graph.views.snapshot import Snapshot, read_snapshot
from graph.write.guard import WriteGuard

T = TypeVar("T")
log = logging.getLogger("euus.api")
#: The version read for the request being answered (see :meth:`DataVersion.pinned`): its owner, the
#: counter, and when the read started (``time.monotonic``).
_REQUEST_VERSION: ContextVar[tuple[DataVersion, int, float] | None] = ContextVar("euus_version", default=None)


@dataclass
class DataVersion:
    """A counter bumped by every committed write; caches keyed by it stay correct.

    ``write_lock`` is the write guard's lock: a commit and its bump happen while it is held, so a
    build that reads the store with several queries (``consistent=True``) can tell whether a write
    came in between them, and build again. With ``read``, the counter is the one the store keeps (a
    remote store shared by several API processes): each reading of :attr:`value` asks the store, so
    a write through another process changes tags and caches here too. ``read_async`` reads the same
    on the event loop (shared by concurrent requests): :meth:`for_request` reads it once per request
    and :meth:`pinned` makes that reading the :attr:`value` of everything the request runs.
    """

    read: Callable[[], int] | None = None
    write_lock: threading.Lock | None = field(default=None, repr=False)
    read_async: Callable[[], Awaitable[int]] | None = field(default=None, repr=False)
    _value: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: key -> (version, value, when the reading of that version started)
    _cache: dict[str, tuple[int, Any, float]] = field(default_factory=dict, repr=False)
    _building: dict[str, threading.Lock] = field(default_factory=dict, repr=False)

    @property
    def value(self) -> int:
        """The current data version: the one read for this request if :meth:`pinned`, else read now."""
        pinned = _REQUEST_VERSION.get()
        if pinned is not None and pinned[0] is self:
            return pinned[1]
        return self._fresh()[0]

    def _fresh(self) -> tuple[int, float]:
        started = time.monotonic()
        return (self.read() if self.read is not None else self._value), started

    async def for_request(self) -> tuple[int, float]:
        """The version for a request that just arrived, and when its reading started (on the event loop)."""
        if self.read_async is None:
            return self._fresh()
        started = time.monotonic()
        return await self.read_async(), started

    @contextlib.contextmanager
    def pinned(self, reading: tuple[int, float]) -> Iterator[None]:
        """Make ``reading`` (from :meth:`for_request`) the :attr:`value` of the code run inside.

        A request's tag and its cached answers then rest on one reading of the version, made after it
        arrived: it sees every write committed before, in any process, and costs one round trip.
        """
        token = _REQUEST_VERSION.set((self, *reading))
        try:
            yield
        finally:
            _REQUEST_VERSION.reset(token)

    def _usable(self, found: tuple[int, Any, float] | None, version: int) -> bool:
        """Whether a cached entry may answer at ``version``: the same, or read after the request's reading."""
        if found is None:
            return False
        pinned = _REQUEST_VERSION.get()
        return found[0] == version or (pinned is not None and pinned[0] is self and found[2] >= pinned[2])

    def bump(self) -> None:
        """Record that a write committed (a store that keeps the version counted it already)."""
        with self._lock:
            self._value += 1

    def cached(self, key: str, build: Callable[[], T], *, consistent: bool = False) -> T:
        """``build()`` for the current version, computed at most once per version (e.g. counts).

        ``consistent``: ``build`` reads the store more than once; a result that a write committed
        during the build may have mixed is thrown away and built again (the third time under the
        write lock, so that writes wait and the build ends).
        """
        version = self.value
        found = self._cache.get(key)
        if self._usable(found, version):
            return found[1]  # type: ignore[index]
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:  # concurrent first requests wait for one build of this key instead of each building
            found = self._cache.get(key)
            if self._usable(found, version):
                return found[1]  # type: ignore[index]
            entry = self._build(build, consistent)
            self._cache[key] = entry
            return entry[1]

    def _build(self, build: Callable[[], T], consistent: bool) -> tuple[int, T, float]:
        # fresh readings here, never the request's: they must see a write that lands during the build
        if not consistent or self.write_lock is None:
            version, started = self._fresh()
            return version, build(), started
        for _ in range(2):
            version, started = self._fresh()
            value = build()
            with self.write_lock:  # once held, every write that overlapped the build has bumped
                if self._fresh()[0] == version:
                    return version, value, started
        with self.write_lock:
            version, started = self._fresh()
            return version, build(), started

    def current(self, key: str) -> Any:
        """What :meth:`cached` holds for ``key`` at the current version, or ``None``."""
        found = self._cache.get(key)
        return found[1] if found is not None and self._usable(found, self.value) else None


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with (async: FastAPI runs plain-def dependencies in a thread)."""
    return request.app.state.settings


async def get_store(request: Request) -> Store:
    """The store opened by the lifespan."""
    return request.app.state.store


async def get_guard(request: Request) -> WriteGuard:
    """The write guard of the store, made by the lifespan: every write goes through it."""
    return request.app.state.guard


async def get_queries(request: Request) -> QueryRunner:
    """The query runner opened by the lifespan."""
    return request.app.state.queries


async def get_version(request: Request) -> DataVersion:
    """The data version counter."""
    return request.app.state.version


async def get_snapshot(request: Request) -> Snapshot:
    """What the dashboard lookups read, built once per data version (in a thread: it queries the store)."""
    version: DataVersion = request.app.state.version
    found = version.current("dashboard-snapshot")
    if found is not None:
        return found
    store = request.app.state.store
    return await run_in_threadpool(
        lambda: version.cached("dashboard-snapshot", lambda: read_snapshot(store), consistent=True)
    )


class Warmer:
    """Builds what the first request after a start or a write would otherwise wait for, in the background.

    One thread; a write while it works makes it start again for the newest data version, so writes
    in quick succession cost one rebuild, not one each. ``tasks`` run in order, each guarded: a
    failure is logged and the request that needs the value builds it itself.
    """

    def __init__(self, tasks: list[Callable[[], Any]], *, quiet: float = 0.5) -> None:
        self._tasks = tasks
        self.quiet = quiet
        self._wanted = threading.Event()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="euus-warmer", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Ask for a rebuild (cheap; called after every committed write)."""
        self._wanted.set()

    def stop(self) -> None:
        """End the thread (at shutdown)."""
        self._stopped = True
        self._wanted.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            # Wait for a quiet moment: a rebuild takes seconds at a million quads and would slow the
            # writes of a burst (they share the interpreter), so it starts once the writes pause.
            while self._wanted.is_set() and not self._stopped:
                self._wanted.clear()
                time.sleep(self.quiet)
            if self._stopped:
                return
            for task in self._tasks:
                try:
                    task()
                except Exception:
                    log.exception("warming a cache failed; the next request builds it")
            _give_back_free_memory()


class Lazy(Generic[T]):
    """A value built by its first use (or by the warmer), once, whoever asks first; the others wait for it.

    For what the first answers after a start do not need and is slow to import (issue 10).
    """

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        """The value, built now if it is not yet."""
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value


def _give_back_free_memory() -> None:
    """Return the heap freed by a rebuild to the system (glibc keeps it otherwise).

    A snapshot at 1M quads passes through about 100 MB of query rows that are freed at once; without
    this the process keeps them as resident memory until it ends.
    """
    with contextlib.suppress(OSError, AttributeError):  # glibc only
        ctypes.CDLL(None).malloc_trim(0)


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
GuardDep = Annotated[WriteGuard, Depends(get_guard)]
QueriesDep = Annotated[QueryRunner, Depends(get_queries)]
VersionDep = Annotated[DataVersion, Depends(get_version)]
SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
