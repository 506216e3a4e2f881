"""The embedded store's disk: opening a store whose directory cannot be written, and writes the disk refuses.

A store on a read-only file system is opened read-only (RocksDB cannot take its lock there): it answers
reads and refuses writes. A write that the disk refuses (no space left, read-only) is turned into
:class:`~graph.errors.StoreNotWritable` (HTTP 503). RocksDB applies a transaction whole or not at all,
so a refused write leaves nothing behind, and what was committed before stays in its log.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from graph.errors import StoreNotWritable, StoreUnavailable

__all__ = ["disk_errors", "open_ahead", "open_pyoxigraph"]


class _Opening(threading.Thread):
    """A store being opened in the background: :func:`open_pyoxigraph`'s result or its error."""

    def __init__(self, path: str) -> None:
        super().__init__(name="euus-store-open", daemon=True)
        self.path = path
        self.opened: tuple[ox.Store, bool] | None = None
        self.error: StoreUnavailable | None = None

    def run(self) -> None:
        try:
            self.opened = _open(self.path)
        except StoreUnavailable as error:
            self.error = error

    def result(self) -> tuple[ox.Store, bool]:
        self.join()
        if self.error is not None:
            raise self.error
        assert self.opened is not None  # noqa: S101 - run() sets one of the two
        return self.opened


#: Stores being opened ahead of their first :func:`open_pyoxigraph`, by real path: one process-wide
#: hand-over, because the open must start before the app (and anything that could own it) exists.
_AHEAD: dict[str, _Opening] = {}
_AHEAD_LOCK = threading.Lock()


def open_ahead(path: str) -> None:
    """Start opening the store in directory ``path``; the next :func:`open_pyoxigraph` of it takes it.

    RocksDB's open (~60 ms at a million quads) releases the GIL: ``euus serve`` starts it before it
    imports the web stack, so that the two overlap on a second core (issue 10: start until ready).
    """
    key = os.path.realpath(path)  # "./data" and "/srv/data" are one store: opened once
    with _AHEAD_LOCK:
        if key not in _AHEAD:
            _AHEAD[key] = opening = _Opening(path)
            opening.start()


def open_pyoxigraph(path: str | None, *, read_only: bool = False) -> tuple[ox.Store, bool]:
    """Open the store in directory ``path`` (in memory if ``None``); tell whether it is read-only.

    ``read_only``: open it so (a checkpoint, :mod:`graph.store.checkpoint`); else only a store on a
    read-only file system is.

    A store :func:`open_ahead` started opening is taken from there, once.

    Raises:
        StoreUnavailable: the store cannot be opened (locked by another process, damaged).
    """
    with _AHEAD_LOCK:
        opening = _AHEAD.pop(os.path.realpath(path), None) if path else None
    if opening is not None:
        return opening.result()
    return _open(path, read_only)


def _open(path: str | None, read_only: bool = False) -> tuple[ox.Store, bool]:
    read_only = bool(path) and (read_only or (os.path.isdir(str(path)) and not os.access(str(path), os.W_OK)))
    try:
        if read_only:
            return ox.Store.read_only(str(path)), True
        return (ox.Store(path) if path else ox.Store()), False
    except OSError as error:
        raise StoreUnavailable(f"cannot open the store at {path}: {error}") from None


@contextmanager
def disk_errors(location: str) -> Iterator[None]:
    """Turn the disk's refusal of a write (full, read-only) into ``StoreNotWritable``."""
    try:
        yield
    except OSError as error:
        reason = "the disk is full (no space left)" if "No space left" in str(error) else str(error)
        raise StoreNotWritable(f"the store at {location} cannot be written: {reason}") from None
