"""The on-disk snapshots the query workers read: made from the primary store, removed when orphaned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from graph.store.checkpoint import remove_orphans

__all__ = ["copy_store", "remove_orphans"]


def copy_store(primary: ox.Store, path: Path) -> None:
    """Back ``primary`` up into ``path``; copy it quad by quad if it is in memory."""
    try:
        primary.backup(str(path))
    except RuntimeError:  # "It is not possible to backup an in-memory database"
        shutil.rmtree(path, ignore_errors=True)
        copy = ox.Store(str(path))
        copy.bulk_extend(primary.quads_for_pattern(None, None, None, None))
        copy.flush()
        del copy  # closes it: workers may open it read-only only once nobody writes it
