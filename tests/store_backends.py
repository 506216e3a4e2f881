"""Data and helpers of the store tests: a small TriG dataset, a real ``oxigraph serve`` process."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from graph.namespaces import PREFIXES
from graph.store import (
    Row,
    SelectResult,
    Store,
)

EX = "http://example.org/"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
G1 = EX + "graph/one"
G2 = EX + "graph/two"
TRIG = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <{RDFS}> .
@prefix skos: <{SKOS}> .
ex:root rdfs:label "default graph" .
<{G1}> {{
    ex:a a ex:Thing ; rdfs:label "A"@en ; ex:size "01"^^<{XSD_INTEGER}> .
    ex:b a ex:Thing ; skos:prefLabel "B" .
}}
<{G2}> {{
    ex:c a ex:Thing ; rdfs:label "C"@fr ; ex:knows [ rdfs:label "anonymous" ] .
}}
""".encode()
QUADS_IN_TRIG = 10
#: Prefixes every query may use undeclared: the project's, plus ``ex:`` for these tests.
TEST_PREFIXES = {**PREFIXES, "ex": EX}


# ---------------------------------------------------------------------------- oxigraph server


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` CLI installed next to this Python, else the one on ``PATH``."""
    return shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """One ``oxigraph serve`` process on a free loopback port."""

    def __init__(self, binary: str, location: Path, log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(log)

    def _wait_ready(self, log: Path, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {log.read_text(errors='replace')}")
            try:
                reply = httpx.get(f"{self.base}/query", params={"query": "ASK {}"}, timeout=1.0)
                if reply.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve not ready after {timeout} s on {self.base}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._log.close()


def select(store: Store, sparql: str, **dataset: object) -> list[Row]:
    result = store.query(sparql, **dataset)  # type: ignore[arg-type]
    assert isinstance(result, SelectResult)
    return list(result.rows)


def subjects(store: Store, sparql: str, **dataset: object) -> set[str]:
    return {str(row["s"]) for row in select(store, sparql, **dataset)}


def euus_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("euus") and t.is_alive())
