"""The store's file system turns read-only, or fills up, under a running service.

Each test mounts a small tmpfs of its own (``mount -t tmpfs -o size=...``: root only, as CI runs; the
tests skip, saying why, where mounting is not allowed), puts a store holding the shipped data on it and
runs the service over it. Then writes get a clear error, reads go on, and afterwards the store opens,
holds every acknowledged write and conforms to the shapes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings
from graph.store import open_store
from graph.write.guard import WriteGuard
from tests.reliability.helpers import (
    TOKEN,
    benchmark_module,
    fact_graph,
    graph_size,
    put_turtle,
    read_only,
    validate_store,
)

services = benchmark_module("services")

GRAPH = "https://w3id.org/euus-kg/id/graph/disk-test-{n}"
FULL = bool(os.environ.get("EUUS_RELIABILITY_FULL"))
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@contextmanager
def small_filesystem(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` for the block; skip the test if mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False, capture_output=True)


@contextmanager
def service(store_dir: Path) -> Iterator[httpx.Client]:
    """``euus serve`` over ``store_dir`` in a process of its own (its log beside the file system)."""
    log = store_dir.parent.parent / f"euus-{time.monotonic_ns()}.log"
    server = services.start_euus(log, {"store": str(store_dir), "write_token": TOKEN, "query_timeout": "10"})
    try:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            yield client
    finally:
        server.stop()


def put(client: httpx.Client, n: int) -> int:
    graph = GRAPH.format(n=n)
    response = put_turtle(client, graph, fact_graph(graph, f"Graph {n} of the disk tests"))
    return response.status_code


def reads_answer(client: httpx.Client) -> None:
    """A SPARQL query, a dashboard lookup and the health check all answer 200."""
    for path, params in (("/sparql", {"query": QUERY}), ("/api/meetings", {"limit": "5"}), ("/health", {})):
        response = client.get(path, params=params, headers={"Accept": "application/json"})
        assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"


def refused_clearly(client: httpx.Client, n: int, *words: str) -> None:
    graph = GRAPH.format(n=n)
    response = put_turtle(client, graph, fact_graph(graph, f"Graph {n} of the disk tests"))
    assert response.status_code in (503, 507), f"{response.status_code}: {response.text[:500]}"
    body = response.json()
    assert all(word in body["detail"].lower() for word in words), body


def check_store(store_dir: Path, acknowledged: list[int], refused: list[int]) -> None:
    with read_only(store_dir) as store:
        for n in acknowledged:
            assert graph_size(store, GRAPH.format(n=n)) == 4, f"acknowledged write {n} lost"
        for n in refused:
            assert graph_size(store, GRAPH.format(n=n)) == 0, f"refused write {n} stored"
        assert validate_store(store).conforms


def test_read_only_store_directory(shipped_template: Path, tmp_path: Path) -> None:
    """A file system mounted read-only under a store (a file system with files open for writing cannot be
    made read-only, so the service is started again over it, as after a remount by an operator)."""
    with small_filesystem(tmp_path / "disk", "64m") as disk:
        store_dir = disk / "store"
        shutil.copytree(shipped_template, store_dir)
        store = open_store(path=str(store_dir))  # one acknowledged write before, not by a service
        graph = GRAPH.format(n=0)  # (its query workers would keep files open: no remount then)
        WriteGuard(store).put_graph(
            graph, data=fact_graph(graph, f"Graph {0} of the disk tests").encode(), format="turtle"
        )
        store.close()
        del store
        remounted = mount("-o", "remount,ro", str(disk))
        assert remounted.returncode == 0, remounted.stderr
        try:  # in this process: the read-only store takes no lock, and this starts faster than a process
            with TestClient(create_app(Settings(store=store_dir, write_token=TOKEN))) as client:
                reads_answer(client)
                refused_clearly(client, 1, "read-only")
                reads_answer(client)
        finally:
            assert mount("-o", "remount,rw", str(disk)).returncode == 0
        check_store(store_dir, [0], [1])


def test_disk_full(shipped_template: Path, tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "disk", "48m") as disk:
        store_dir = disk / "store"
        shutil.copytree(shipped_template, store_dir)
        with service(store_dir) as client:
            assert put(client, 0) == 201
            reads_answer(client)
            filler = disk / "filler"
            with filler.open("wb") as out:  # fill the file system to the last byte
                try:
                    while True:
                        out.write(b"\0" * (1 << 20))
                        out.flush()
                except OSError:
                    pass
            statuses = [put(client, n) for n in range(1, 4)]
            reads_answer(client)
            refused = [n for n, status in zip(range(1, 4), statuses, strict=True) if status != 201]
            assert refused, f"the disk is full, yet every write was acknowledged: {statuses}"
            refused_clearly(client, 4, "space")
            filler.unlink()
            after = put(client, 5)  # RocksDB stops writing after a failed log write, until it is reopened
        restarted = FULL  # the restart costs a service start: in the full variant only
        if restarted:
            with service(store_dir) as client:  # a restart, with space again
                assert put(client, 6) == 201
                reads_answer(client)
        acknowledged = [0, *(n for n in range(1, 4) if n not in refused), *([5] if after == 201 else [])]
        acknowledged += [6] if restarted else []
        check_store(store_dir, acknowledged, [*refused, 4, *([] if after == 201 else [5])])
        print(f"\ndisk full: writes answered {statuses}, reads answered; after space was freed: {after}; "
              f"after a restart: {'201' if restarted else 'not tried (EUUS_RELIABILITY_FULL=1 tries it)'}")  # fmt: skip
