"""The on-disk snapshots the query workers read: made from the primary store, removed when orphaned."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

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


def remove_orphans(root: Path, prefix: str) -> None:
    """Remove the snapshot directories (``<prefix><pid>-...``) of executors whose process no longer runs."""
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
