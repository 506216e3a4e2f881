"""``kill -9`` in the middle of a bulk ``euus load``, an ``euus ingest --store`` and a stream of HTTP writes.

After each kill the store opens (RocksDB replays its log), holds exactly the writes that were
acknowledged (a bulk load whole or not at all; ingested documents as a prefix of the input, each whole)
and conforms to the shapes. Each kill lands at a different point of the work, measured from a first run
that was not killed; the tests report where each kill landed and what the store held.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from tests.reliability.helpers import (
    BENCHMARKS,
    EUUS,
    ROOT,
    TOKEN,
    benchmark_module,
    fact_graph,
    graph_size,
    put_turtle,
    read_only,
    validate_store,
)

start_euus = benchmark_module("services").start_euus

CORPUS = ROOT / "tests" / "data" / "ingest" / "corpus"
#: The full variant (``EUUS_RELIABILITY_FULL=1``) kills at nine points of each run; CI at two.
FULL = bool(os.environ.get("EUUS_RELIABILITY_FULL"))
#: Fractions of an uninterrupted load's time (after the shipped data is checked).
LOAD_KILLS = tuple(i / 10 for i in range(1, 10)) if FULL else (0.2, 0.6)
INGESTED = 21 if FULL else 6
#: Kill ``euus ingest`` as soon as the store holds this many documents (while it reads the next one).
INGEST_KILLS = tuple(range(1, INGESTED, 2)) if FULL else (INGESTED // 2,)
HTTP_SECONDS = 10.0 if FULL else 2.0


class Watched:
    """A command whose stderr is read line by line in a thread, so that a test can wait for a line."""

    def __init__(self, command: list[str], scratch: Path | None = None) -> None:
        # a killed `euus load` leaves its temporary N-Quads file behind: in `scratch`, the test's own folder
        env = {**os.environ, "TMPDIR": str(scratch)} if scratch is not None else None
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    def wait_for(self, marker: str, timeout: float = 120.0) -> float:
        """Wait until a stderr line holds ``marker``; return the time it was seen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(marker in line for line in self.lines):
                return time.monotonic()
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.01)
        raise AssertionError(f"{marker!r} not seen: {''.join(self.lines)[-2000:]}")

    def kill_after(self, seconds: float) -> bool:
        """SIGKILL after ``seconds`` (``kill -9``); tell whether the process was still running then."""
        time.sleep(seconds)
        running = self.process.poll() is None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)
        self._reader.join(10)
        return running


def copy_of(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


# ------------------------------------------------------------------------------------ euus load


@pytest.fixture(scope="module")
def load_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three N-Quads files of synthetic meetings (about 10,000 quads each), no blank nodes."""
    folder = tmp_path_factory.mktemp("bulk")
    everything = folder / "all.nq"
    subprocess.run([sys.executable, str(BENCHMARKS / "generate.py"), "--triples", "30000", "--seed", "5",
                    "--no-base", "--output", str(everything)], check=True, capture_output=True)  # fmt: skip
    lines = everything.read_text(encoding="utf-8").splitlines(keepends=True)
    third = len(lines) // 3 + 1
    files = []
    for i in range(3):
        files.append(folder / f"part{i}.nq")
        files[-1].write_text("".join(lines[i * third : (i + 1) * third]), encoding="utf-8")
    return files


def file_quads(files: list[Path]) -> set[ox.Quad]:
    return {quad for path in files for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}


def test_kill_during_bulk_load_keeps_all_or_nothing(
    shipped_template: Path, load_files: list[Path], tmp_path: Path
) -> None:
    wanted = file_quads(load_files)
    command = [EUUS, "load", *map(str, load_files), "--trust", "--store"]
    marker = "--trust: the files are loaded"
    calibration = Watched([*command, str(copy_of(shipped_template, tmp_path / "full"))], tmp_path)
    started = calibration.wait_for(marker)
    assert calibration.process.wait(300) == 0, "".join(calibration.lines)
    working = time.monotonic() - started
    outcomes = Counter[str]()
    for n, point in enumerate(LOAD_KILLS):
        store_dir = copy_of(shipped_template, tmp_path / f"killed-{n}")
        with read_only(store_dir) as before:
            quads_before = len(before)
        run = Watched([*command, str(store_dir)], tmp_path)
        run.wait_for(marker)
        mid_run = run.kill_after(working * point)
        reopened = ox.Store(str(store_dir))  # read-write: recovery from the log, as a restart does
        present = sum(1 for quad in wanted if quad in reopened)
        total = len(reopened)
        del reopened
        assert present in (0, len(wanted)), f"kill at {point:.0%}: {present} of {len(wanted)} quads stored"
        assert total == quads_before + present, "quads other than the files' appeared or vanished"
        outcomes[("loaded" if present else "nothing loaded") + ("" if mid_run else " (had ended)")] += 1
        with read_only(store_dir) as store:
            assert validate_store(store).conforms
    print(f"\nkill -9 during euus load ({working:.2f} s of loading): {dict(outcomes)}")
    assert outcomes["nothing loaded"] >= 1, f"no kill landed before the commit: {dict(outcomes)}"


# ------------------------------------------------------------------------------------ euus ingest


def reference_states(template: Path, documents: list[Path], tmp_path: Path) -> list[Counter[str]]:
    """The triple count of every graph after 0, 1, 2... documents, ingested here without a kill."""
    from graph.ingest.service import StoreIngest
    from graph.store import open_store
    from graph.write.guard import WriteGuard

    store = open_store(path=str(copy_of(template, tmp_path / "reference")))
    states = [graph_counts(store.primary)]
    for _ in StoreIngest(WriteGuard(store)).ingest(
        ((str(p), p.read_text("utf-8")) for p in documents), write=True
    ):
        states.append(graph_counts(store.primary))
    store.close()
    return states


def graph_counts(store: ox.Store) -> Counter[str]:
    return Counter(str(quad.graph_name) for quad in store.quads_for_pattern(None, None, None, None))


def stored_documents(store_dir: Path, states: list[Counter[str]]) -> int | None:
    """How many documents the store holds now, read while ``euus ingest`` writes it (None: unknown state)."""
    try:
        with read_only(store_dir) as store:
            counts = graph_counts(store)
    except (OSError, RuntimeError):  # the writer compacted files away while they were opened: try again
        return None
    return states.index(counts) if counts in states else None


def test_kill_during_ingest_keeps_whole_documents_in_order(shipped_template: Path, tmp_path: Path) -> None:
    documents = sorted(CORPUS.glob("*.txt"))[:INGESTED]
    folder = tmp_path / "documents"
    folder.mkdir()
    for path in documents:
        shutil.copy(path, folder / path.name)
    documents = sorted(folder.glob("*.txt"))
    states = reference_states(shipped_template, documents, tmp_path)
    assert len({tuple(sorted(s.items())) for s in states}) == len(states), "each document changes the store"
    landed = []
    for after in INGEST_KILLS:
        store_dir = copy_of(shipped_template, tmp_path / f"killed-{after}")
        run = Watched([EUUS, "ingest", str(folder), "--store", str(store_dir)])
        deadline = time.monotonic() + 120
        # the kill comes as soon as `after` documents are stored: while the next one is read and written
        while (seen := stored_documents(store_dir, states)) is None or seen < after:
            assert run.process.poll() is None and time.monotonic() < deadline, "".join(run.lines)
            time.sleep(0.02)
        run.kill_after(0)
        with read_only(store_dir) as store:
            counts = graph_counts(store)
            assert counts in states, f"killed after {after} documents: the store is not the state of a prefix"
            landed.append(states.index(counts))
            assert validate_store(store).conforms
    print(
        f"\nkill -9 during euus ingest of {len(documents)} documents: documents stored at each kill: {landed}"
    )
    assert all(k >= after for k, after in zip(landed, INGEST_KILLS, strict=True)), (
        "a stored document vanished"
    )
    # the kill comes a poll after the store showed `after` documents: the last ones may all be in by then
    assert any(0 < k < len(documents) for k in landed), f"no kill landed mid-ingest: {landed}"


# ------------------------------------------------------------------------------------ HTTP writes


BAD_GRAPH = "<{g}> a <https://w3id.org/euus-kg/ontology#Meeting> .\n"


def writes(base: str, stop: threading.Event, answers: dict[str, int | None]) -> Iterator[None]:
    """PUT one graph after the other; ``answers`` maps each graph to its status (None: no answer)."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for n in range(100_000):
            if stop.is_set():
                return
            graph = f"https://w3id.org/euus-kg/id/graph/kill-test-{n}"
            body = (
                BAD_GRAPH.format(g=graph)
                if n % 5 == 4
                else fact_graph(graph, f"Graph {n} written before a kill")
            )
            answers[graph] = None
            try:
                response = put_turtle(client, graph, body)
            except httpx.HTTPError:
                return  # the server died mid-request: this write has no answer
            answers[graph] = response.status_code
            yield


def test_kill_during_http_writes_keeps_every_acknowledged_write(
    shipped_template: Path, tmp_path: Path
) -> None:
    store_dir = copy_of(shipped_template, tmp_path / "store")
    server = start_euus(tmp_path / "euus.log", {"store": str(store_dir), "write_token": TOKEN})
    answers: dict[str, int | None] = {}
    stop = threading.Event()
    stream = writes(server.base, stop, answers)
    next(stream)  # the first write builds the validator: the kill must come during the stream
    thread = threading.Thread(target=lambda: [None for _ in stream], daemon=True)
    started = time.monotonic()
    thread.start()
    time.sleep(HTTP_SECONDS)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait(30)
    stop.set()
    thread.join(30)
    seconds = time.monotonic() - started
    acknowledged = [g for g, status in answers.items() if status in (201, 204)]
    rejected = [g for g, status in answers.items() if status == 422]
    unanswered = [g for g, status in answers.items() if status is None]
    assert not [s for s in answers.values() if s not in (201, 204, 422, None)], Counter(answers.values())
    reopened = ox.Store(str(store_dir))  # the store opens: recovery from the log
    del reopened
    with read_only(store_dir) as store:
        for graph in acknowledged:
            assert graph_size(store, graph) == 4, f"acknowledged {graph} lost or partial"
        for graph in rejected:
            assert graph_size(store, graph) == 0, f"rejected {graph} stored"
        in_flight = [g for g in unanswered if graph_size(store, g)]  # committed, killed before the answer
        assert all(graph_size(store, g) == 4 for g in in_flight)
        assert validate_store(store).conforms
    print(f"\nkill -9 after {seconds:.1f} s of HTTP writes: {len(acknowledged)} acknowledged (all found), "
          f"{len(rejected)} rejected (none stored), {len(unanswered)} unanswered ({len(in_flight)} stored)")  # fmt: skip
    assert len(acknowledged) >= 3 and rejected
