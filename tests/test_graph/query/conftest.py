"""Fixtures of the query executor tests: a primary store on disk, a shared executor, fresh ones.

Every test runs real worker processes over a real on-disk store; async code runs in
``asyncio.run`` inside plain test functions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from executor_helpers import (
    fill,
)

from graph.query.executor import (
    QueryExecutor,
)

#: rdflib's own parsers use its deprecated APIs (ConjunctiveGraph, default_context).


@pytest.fixture(scope="module")
def primary(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    store = ox.Store(str(tmp_path_factory.mktemp("primary") / "store"))
    fill(store)
    store.flush()
    return store


@pytest.fixture(scope="module")
def executor(primary: ox.Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[QueryExecutor]:
    with QueryExecutor(primary, snapshot_root=tmp_path_factory.mktemp("snapshots"), workers=2) as shared:
        yield shared


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Callable[..., QueryExecutor]]:
    """Executors over a store of their own (for tests that write, kill or close)."""
    made: list[QueryExecutor] = []
    store = ox.Store(str(tmp_path / "store"))
    fill(store)

    def make(**options: Any) -> QueryExecutor:
        options.setdefault("snapshot_root", tmp_path / "snapshots")
        made.append(QueryExecutor(store, **options))
        return made[-1]

    make.store = store  # type: ignore[attr-defined]
    yield make
    for executor in made:
        executor.close()
