"""``euus backup DIR`` and ``euus restore DIR``: the store's backups (:mod:`graph.store.backup`).

Kept apart from :mod:`graph.cli` (which adds them to the ``euus`` group) so that it does not grow
past its size; they sit beside what they call. Exit codes as in :mod:`graph.cli`: 0 ok, 2 error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from graph.errors import EuusError
from graph.store.protocol import Store

T = TypeVar("T")

EXIT_ERROR = 2

_STORE = click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
                      help="Embedded store directory (a service may be running on it).")  # fmt: skip
_ENDPOINT = click.option("--endpoint", default=None, help="Query URL of a remote SPARQL 1.1 server instead.")


def _one_source(store_path: Path | None, endpoint: str | None) -> None:
    if (store_path is None) == (endpoint is None):
        click.echo("euus: error: give --store DIR or --endpoint URL (one of them)", err=True)
        sys.exit(EXIT_ERROR)


def _with_store(endpoint: str | None, action: Callable[[Store | None], T]) -> T:
    """Run ``action`` on the remote store of ``endpoint`` (or ``None``); a domain error exits with 2."""
    from graph.namespaces import PREFIXES
    from graph.store import open_store

    store = None if endpoint is None else open_store(endpoint=endpoint, prefixes=PREFIXES)
    try:
        return action(store)
    except EuusError as error:
        click.echo(f"euus: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        if store is not None:
            store.close()


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@_STORE
@_ENDPOINT
def backup(directory: Path, store_path: Path | None, endpoint: str | None) -> None:
    """Back up a store into DIRECTORY (new or empty), online: writes may go on meanwhile.

    An embedded store is checkpointed (or, while a service holds it, copied from one consistent
    read-only view); a remote server is dumped as N-Quads. DIRECTORY/backup.json says what and how much.
    """
    from graph.store.backup import backup_store

    _one_source(store_path, endpoint)
    info = _with_store(endpoint, lambda store: backup_store(store, directory, path=store_path))
    click.echo(f"Backed up {info.quads} quads of {info.source} into {directory} ({info.kind})", err=True)


@click.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_STORE
@_ENDPOINT
@click.option("--replace", is_flag=True, help="Remote only: empty the server first (DROP ALL).")
def restore(directory: Path, store_path: Path | None, endpoint: str | None, replace: bool) -> None:
    """Restore the backup in DIRECTORY into a new or empty store directory, or a remote server.

    Checks that the target then holds as many quads as the backup.
    """
    from graph.store.backup import restore_backup

    _one_source(store_path, endpoint)
    quads = _with_store(endpoint, lambda store: restore_backup(directory, path=store_path, store=store,
                                                               replace=replace))  # fmt: skip
    click.echo(f"Restored {quads} quads from {directory} into {store_path or endpoint}", err=True)
