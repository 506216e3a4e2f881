"""Read-only copies of an on-disk store for one long read, and the clean-up of copies left behind.

RocksDB keeps what a scan touched (blocks, table indexes) for as long as the store stays open, and the
main process keeps its store open for the life of the service. Reading the dashboard snapshot (nine
scans of the whole store, :mod:`graph.views.snapshot`) through it left about 60 MB resident there for
good at a million quads (issue 10, benchmarks/RESULTS.md). :func:`read_copy` reads a checkpoint
instead (hard links, ~10 ms; the same mechanism as the query workers' snapshots), opened read-only
and closed after the read, which gives that memory back; as a bonus every query of the read sees the
same moment of the store.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from graph.store.embedded import EmbeddedStore
from graph.store.protocol import Store

__all__ = ["read_copy", "remove_orphans"]

_PREFIX = "euus-read-"


@contextlib.contextmanager
def read_copy(store: Store) -> Iterator[Store]:
    """A read-only checkpoint of ``store``, closed and deleted on exit; else ``store`` itself.

    Only an on-disk embedded store whose directory's parent is writable has one (in memory, remote or
    read-only: the reads go to ``store``). The copy has no default prefixes nor base IRI: the
    queries read through it declare what they use.
    """
    location = getattr(store, "location", ":memory:")
    parent = Path(location).parent
    if not isinstance(store, EmbeddedStore) or location == ":memory:" or not os.access(parent, os.W_OK):
        yield store
        return
    remove_orphans(parent, f".{_PREFIX}")
    directory = Path(tempfile.mkdtemp(prefix=f".{_PREFIX}{os.getpid()}-", dir=parent))
    try:
        try:
            store.primary.backup(str(directory / "store"))
        except (OSError, RuntimeError):  # no room for the checkpoint's files: read the store itself
            copy = None
        else:
            copy = EmbeddedStore(str(directory / "store"), read_only=True)
        if copy is None:
            yield store
            return
        try:
            yield copy
        finally:
            copy.close()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def remove_orphans(root: Path, prefix: str) -> None:
    """Remove the directories (``<prefix><pid>-...``) that processes no longer running left in ``root``."""
    for entry in root.iterdir():
        match = re.match(re.escape(prefix) + r"(\d+)-", entry.name)
        if match and entry.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
