"""Backups of a store (``euus backup DIR``) and their restore (``euus restore DIR``).

A backup is a directory holding ``backup.json`` (what was backed up, when, how many quads) and the data:

* ``store/``, a pyoxigraph store, for an embedded store. When no other process holds the store, it is
  a RocksDB checkpoint (``pyoxigraph.Store.backup``: hard links, milliseconds, consistent). When a
  running service holds it (RocksDB lets one process write), the store is opened read-only, which
  replays the write-ahead log up to the last complete transaction, and copied quad by quad: one
  consistent point in time, every write acknowledged before the backup started included. (A checkpoint
  of a read-only store would miss the writes still in the log, so it is not used.)
* ``dataset.nq``, the N-Quads dump of a remote server (one Graph Store ``GET``; Oxigraph answers it from
  one snapshot).

Writes may go on during a backup. A restore refuses a target that holds data (``replace=True``: a remote
target is emptied first, with ``DROP ALL``; an embedded target must be a new or empty directory, as a
running service may hold it), then checks that the target holds as many quads as the backup says.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.errors import EuusError, StoreUnavailable
from graph.store.embedded import EmbeddedStore
from graph.store.protocol import Store

__all__ = ["BackupError", "BackupInfo", "backup_store", "read_backup", "restore_backup"]

MANIFEST = "backup.json"
STORE_DIR = "store"
DUMP_FILE = "dataset.nq"


class BackupError(EuusError):
    """A backup or restore cannot be made: the target holds data, the backup is incomplete."""


@dataclass(frozen=True)
class BackupInfo:
    """What ``backup.json`` says: the kind of backup, its source, its time and size."""

    kind: str  # "checkpoint", "copy" (of a store another process held) or "dump" (of a remote server)
    source: str
    created: str
    quads: int

    @property
    def data(self) -> str:
        """The file or directory holding the data, inside the backup directory."""
        return DUMP_FILE if self.kind == "dump" else STORE_DIR


def backup_store(store: Store | None, target: Path, *, path: Path | None = None) -> BackupInfo:
    """Back up ``store`` (a remote or open embedded store), or the embedded store directory ``path``.

    With ``path``, the store is opened here if it is free, and read-only if a service holds it.

    Raises:
        BackupError: ``target`` exists and is not empty.
        StoreUnavailable: the store cannot be opened or reached.
    """
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty: a backup goes into a new or empty directory")
    target.mkdir(parents=True, exist_ok=True)
    try:
        if path is not None:
            kind, quads = _backup_directory(path, target / STORE_DIR)
            source = str(path)
        elif isinstance(store, EmbeddedStore):
            kind, quads, source = "checkpoint", _checkpoint(store.primary, target / STORE_DIR), store.location
        elif store is not None:
            kind, quads, source = "dump", _dump(store, target / DUMP_FILE), repr(store)
        else:
            raise ValueError("give a store or path=")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # no half-made backup stays behind
        raise
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    info = BackupInfo(kind=kind, source=source, created=created, quads=quads)
    (target / MANIFEST).write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    return info


def read_backup(backup: Path) -> BackupInfo:
    """Read ``backup.json`` and check that the data it names is there.

    Raises:
        BackupError: not a backup directory, or its data is missing.
    """
    try:
        info = BackupInfo(**json.loads((backup / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as error:
        raise BackupError(f"{backup} is not a backup of euus (cannot read {MANIFEST}: {error})") from None
    if not (backup / info.data).exists():
        raise BackupError(f"{backup} is incomplete: {info.data} is missing")
    return info


def restore_backup(backup: Path, *, path: Path | None = None, store: Store | None = None,
                   replace: bool = False) -> int:  # fmt: skip
    """Restore ``backup`` into the embedded store directory ``path`` or into ``store`` (remote).

    Returns:
        The number of quads the target holds afterwards (equal to the backup's).

    Raises:
        BackupError: the target holds data (and ``replace`` is not given or not possible), or the
            restored store does not hold what the backup says.
    """
    info = read_backup(backup)
    if path is not None:
        if path.exists() and any(path.iterdir()):
            raise BackupError(
                f"{path} is not empty: restore into a new or empty directory (stop the service, move "
                "the old store away, restore, start the service)"
            )
        if info.kind == "dump":
            target = EmbeddedStore(str(path))
            try:
                target.load(path=str(backup / DUMP_FILE), format="nquads", atomic=True)
                quads = target.quad_count()
            finally:
                target.close()
        else:
            shutil.copytree(backup / STORE_DIR, path, dirs_exist_ok=True)
            quads = _count(path)
    elif store is not None:
        if store.quad_count() and not replace:
            raise BackupError(f"{store!r} holds data: give --replace to empty it first")
        if replace:
            store.update("DROP SILENT ALL")
        if info.kind == "dump":
            store.load(path=str(backup / DUMP_FILE), format="nquads")
        else:
            source = ox.Store.read_only(str(backup / STORE_DIR))
            store.load(data=source.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        quads = store.quad_count()
    else:
        raise ValueError("give path= or store=")
    if quads != info.quads:
        raise BackupError(f"the restored store holds {quads} quads, the backup {info.quads}")
    return quads


def _backup_directory(path: Path, target: Path) -> tuple[str, int]:
    if not path.is_dir():
        raise StoreUnavailable(f"no store at {path}")
    try:
        primary = ox.Store(str(path))
    except OSError:  # locked: a running service holds it
        return "copy", _copy_live(path, target)
    try:
        return "checkpoint", _checkpoint(primary, target)
    finally:
        primary.flush()
        del primary


def _copy_live(path: Path, target: Path, attempts: int = 5) -> int:
    """Copy the store another process writes, from one read-only view of it.

    The writer may compact away a file the read-only view was about to read (RocksDB then reports
    "No such file" or "Corruption" for that view, not for the store): the copy starts again.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            held = ox.Store.read_only(str(path))
            copy = ox.Store(str(target))
            copy.bulk_extend(held.quads_for_pattern(None, None, None, None))
            copy.flush()
            quads = len(copy)
            del copy, held
            return quads
        except (OSError, RuntimeError) as error:
            shutil.rmtree(target, ignore_errors=True)
            if attempt == attempts:
                raise StoreUnavailable(
                    f"cannot copy the store at {path} while it is written: {error}"
                ) from None
            time.sleep(0.2 * attempt)


def _checkpoint(primary: ox.Store, target: Path) -> int:
    primary.backup(str(target))
    return _count(target)


def _count(path: Path) -> int:
    return len(ox.Store.read_only(str(path)))


def _dump(store: Store, target: Path) -> int:
    with target.open("wb") as out:
        for chunk in store.dump("nquads").chunks:
            out.write(chunk)
    with target.open("rb") as written:  # parsed again: the count is of quads, and a cut dump raises here
        return sum(1 for _ in ox.parse(written, ox.RdfFormat.N_QUADS))
