"""``euus backup DIR`` and ``euus restore DIR``: round trips to the same dataset, proven by isomorphism.

An embedded store is backed up closed (a checkpoint) and while a service writes it (a copy from one
read-only view); a remote ``oxigraph serve`` is dumped and restored into another one.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from graph.cli import main
from graph.namespaces import PREFIXES
from graph.store import open_store
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped
from tests.reliability.helpers import (
    TOKEN,
    benchmark_module,
    fact_graph,
    graph_size,
    put_turtle,
    read_only,
    validate_store,
)
from tests.test_api.conftest import assert_same_dataset

services = benchmark_module("services")


@dataclass
class Outcome:
    returncode: int
    stderr: str


def euus(*args: str) -> Outcome:
    """Run an ``euus`` command in this process (click's runner: no second start-up of the imports)."""
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stderr)


def dataset_of(store: ox.Store) -> Dataset:
    """Every quad of a pyoxigraph store as an rdflib Dataset (blank nodes compared by isomorphism)."""
    return parse_nquads(store.dump(format=ox.RdfFormat.N_QUADS) or b"")


def parse_nquads(data: bytes) -> Dataset:
    dataset = Dataset()
    with warnings.catch_warnings():  # rdflib's N-Quads parser uses its own deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=data, format="nquads")
    return dataset


def shipped_store(template: Path, path: Path) -> Path:
    shutil.copytree(template, path)
    return path


def test_round_trip_of_a_closed_store(shipped_template: Path, tmp_path: Path) -> None:
    source = shipped_store(shipped_template, tmp_path / "store")
    made = euus("backup", str(tmp_path / "backup"), "--store", str(source))
    assert made.returncode == 0, made.stderr
    info = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert info["kind"] == "checkpoint"
    restored = euus("restore", str(tmp_path / "backup"), "--store", str(tmp_path / "restored"))
    assert restored.returncode == 0, restored.stderr
    with read_only(source) as original, read_only(tmp_path / "restored") as copy:
        assert len(copy) == info["quads"] == len(original)
        assert_same_dataset(dataset_of(copy), dataset_of(original))
    again = euus("restore", str(tmp_path / "backup"), "--store", str(tmp_path / "restored"))
    assert again.returncode == 2 and "is not empty" in again.stderr
    refused = euus("backup", str(tmp_path / "backup"), "--store", str(source))
    assert refused.returncode == 2 and "is not empty" in refused.stderr
    broken = tmp_path / "not-a-backup"
    broken.mkdir()
    unreadable = euus("restore", str(broken), "--store", str(tmp_path / "elsewhere"))
    assert unreadable.returncode == 2 and "backup.json" in unreadable.stderr


def test_online_backup_while_writes_go_on(shipped_template: Path, tmp_path: Path) -> None:
    store_dir = shipped_store(shipped_template, tmp_path / "store")
    server = services.start_euus(tmp_path / "euus.log", {"store": str(store_dir), "write_token": TOKEN})
    answers: dict[str, int] = {}
    stop = threading.Event()

    def write() -> None:
        with httpx.Client(base_url=server.base, timeout=30) as client:
            for n in range(100_000):
                if stop.is_set():
                    return
                graph = f"https://w3id.org/euus-kg/id/graph/backup-test-{n}"
                response = put_turtle(client, graph, fact_graph(graph, f"Graph {n} written during a backup"))
                answers[graph] = response.status_code

    writer = threading.Thread(target=write)
    try:
        writer.start()
        deadline = time.monotonic() + 120  # the first write builds the validator: seconds on a busy machine
        while sum(status == 201 for status in list(answers.values())) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = [g for g, status in list(answers.items()) if status == 201]
        made = euus("backup", str(tmp_path / "backup"), "--store", str(store_dir))
        time.sleep(0.5)
    finally:
        stop.set()
        writer.join(30)
        server.stop()
    assert made.returncode == 0, made.stderr
    info = json.loads((tmp_path / "backup" / "backup.json").read_text())
    assert info["kind"] == "copy", "a running service holds the store: the backup copies a read-only view"
    assert len(before) >= 3 and len(answers) > len(before), "writes went on before and during the backup"
    with read_only(tmp_path / "backup" / "store") as backup:
        for graph in before:  # acknowledged before the backup started
            assert graph_size(backup, graph) == 4, graph
        sizes = {graph_size(backup, g) for g in answers}
        assert sizes <= {0, 4}, f"a write is half in the backup: sizes {sizes}"
        assert validate_store(backup).conforms
        expected = dataset_of(backup)
    restored = euus("restore", str(tmp_path / "backup"), "--store", str(tmp_path / "restored"))
    assert restored.returncode == 0, restored.stderr
    with read_only(tmp_path / "restored") as copy:
        assert_same_dataset(dataset_of(copy), expected)


@pytest.fixture
def two_engines(tmp_path: Path) -> list:
    engines = [
        services.start_oxigraph(tmp_path / f"engine-{i}", tmp_path / f"engine-{i}.log") for i in (0, 1)
    ]
    yield engines
    for engine in engines:
        engine.stop()


def test_round_trip_of_a_remote_store(two_engines: list, tmp_path: Path) -> None:
    source, target = (f"{engine.base}/query" for engine in two_engines)
    store = open_store(endpoint=source, prefixes=PREFIXES)
    ensure_shipped(store, WriteGuard(store))
    store.close()
    made = euus("backup", str(tmp_path / "backup"), "--endpoint", source)
    assert made.returncode == 0, made.stderr
    assert json.loads((tmp_path / "backup" / "backup.json").read_text())["kind"] == "dump"
    restored = euus("restore", str(tmp_path / "backup"), "--endpoint", target)
    assert restored.returncode == 0, restored.stderr
    refused = euus("restore", str(tmp_path / "backup"), "--endpoint", target)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    replaced = euus("restore", str(tmp_path / "backup"), "--endpoint", target, "--replace")
    assert replaced.returncode == 0, replaced.stderr

    def dump(engine: services.Process) -> Dataset:
        # the data, as the library reads it: not the engine's bookkeeping (the data-version graph)
        remote = open_store(endpoint=f"{engine.base}/query", prefixes=PREFIXES)
        try:
            return parse_nquads(remote.dump("nquads").read())
        finally:
            remote.close()

    assert_same_dataset(dump(two_engines[1]), dump(two_engines[0]))
