"""A store opened ahead of its first use (issue 10): ``euus serve`` overlaps RocksDB's open with its imports."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import StoreUnavailable
from graph.store.disk import open_ahead, open_pyoxigraph

QUAD = ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("c"), ox.DefaultGraph())


def test_the_next_open_takes_the_store_opened_ahead_once(tmp_path: Path) -> None:
    path = str(tmp_path / "store")
    written = ox.Store(path)
    written.add(QUAD)
    del written  # closed: RocksDB's lock is free again

    open_ahead(path)
    store, read_only = open_pyoxigraph(path)
    assert not read_only and list(store) == [QUAD]
    # the store taken holds RocksDB's lock: a second open is a new one, and is refused while it is open
    with pytest.raises(StoreUnavailable):
        open_pyoxigraph(path)
    del store
    again, _ = open_pyoxigraph(path)
    assert list(again) == [QUAD]


def test_an_open_ahead_that_fails_fails_the_open_that_takes_it(tmp_path: Path) -> None:
    path = str(tmp_path / "store")
    holder, _ = open_pyoxigraph(path)  # holds the lock, as another process on the store would
    open_ahead(path)
    with pytest.raises(StoreUnavailable, match="cannot open the store at"):
        open_pyoxigraph(path)
    assert list(holder) == []


def test_a_store_opened_ahead_is_taken_by_another_spelling_of_its_path(tmp_path: Path) -> None:
    path = tmp_path / "store"
    ox.Store(str(path)).add(QUAD)  # written, then closed when collected
    open_ahead(str(path))
    time.sleep(0.5)  # the open ahead has finished
    store, _ = open_pyoxigraph(str(tmp_path / "." / "store" / ".." / "store"))
    assert list(store) == [QUAD]
    # it was handed over, not opened a second time beside it (RocksDB's in-process lock is keyed by the
    # path as written): nothing is left ahead, and the store taken holds the lock
    with pytest.raises(StoreUnavailable):
        open_pyoxigraph(str(path))
