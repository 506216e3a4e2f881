"""The embedded store's disk: opening a store whose directory cannot be written, and writes the disk refuses.

A store on a read-only file system is opened read-only (RocksDB cannot take its lock there): it answers
reads and refuses writes. A write that the disk refuses (no space left, read-only) is turned into
:class:`~graph.errors.StoreNotWritable` (HTTP 503). RocksDB applies a transaction whole or not at all,
so a refused write leaves nothing behind, and what was committed before stays in its log.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from graph.errors import StoreNotWritable, StoreUnavailable

__all__ = ["disk_errors", "open_pyoxigraph"]


def open_pyoxigraph(path: str | None) -> tuple[ox.Store, bool]:
    """Open the store in directory ``path`` (in memory if ``None``); tell whether it is read-only.

    Raises:
        StoreUnavailable: the store cannot be opened (locked by another process, damaged).
    """
    read_only = bool(path) and os.path.isdir(str(path)) and not os.access(str(path), os.W_OK)
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
