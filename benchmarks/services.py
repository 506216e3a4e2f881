"""Start and stop the servers of the load and fault runs: ``euus serve``, and ``oxigraph serve`` behind it.

Each runs on a free loopback port, over a directory of its own, with its output in a log file there;
leaving the ``with`` block stops them (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback TCP port free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def binary(name: str) -> str:
    """A console script next to this Python, else on PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} is not installed (pip install oxigraph / the project)")
    return found


@dataclass
class Process:
    """A started server: its process, base URL and log."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def wait_ready(self, probe: str, timeout: float = 120.0) -> None:
        """Poll ``probe`` (a path) until it answers 200; raise if the process exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(self.base + probe, timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.base} not ready after {timeout:g} s")

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start(command: list[str], log: Path, port: int, env: dict[str, str] | None = None) -> Process:
    """Start ``command`` (a server on loopback ``port``) with its output to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
    return Process(process, f"http://127.0.0.1:{port}", log)


def start_oxigraph(location: Path, log: Path, port: int | None = None, timeout_s: int = 30) -> Process:
    """``oxigraph serve`` over ``location`` (on ``port``, default a free one)."""
    port = port or free_port()
    address = f"127.0.0.1:{port}"
    command = [binary("oxigraph"), "serve", "--location", str(location), "--bind", address,
               "--timeout-s", str(timeout_s)]  # fmt: skip
    server = start(command, log, port)
    server.wait_ready("/query?query=ASK%7B%7D", 30)
    return server


def start_euus(log: Path, settings: dict[str, str]) -> Process:
    """``euus serve`` on a free port with ``EUUS_*`` ``settings`` (this checkout first on the path)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EUUS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update({f"EUUS_{k.upper()}": v for k, v in settings.items()})
    port = free_port()
    server = start([binary("euus"), "serve", "--host", "127.0.0.1", "--port", str(port)], log, port, env)
    server.wait_ready("/health")
    return server


@dataclass
class Service:
    """``euus serve`` and, for the remote backend, the ``oxigraph serve`` behind it."""

    euus: Process
    store_dir: Path
    engine: Process | None = None

    @property
    def base(self) -> str:
        return self.euus.base

    def wait_warm(self, timeout: float = 120.0) -> None:
        """Wait until a dashboard lookup answers (its snapshot is built in the background at start)."""
        self.euus.wait_ready("/api/stats/timeline?by=year", timeout)


@contextmanager
def start_service(backend: str, workdir: Path, *, token: str, query_timeout: float = 30.0,
                  **settings: str) -> Iterator[Service]:  # fmt: skip
    """``euus serve`` over a new embedded store, or over a new ``oxigraph serve`` (``backend="remote"``)."""
    workdir.mkdir(parents=True, exist_ok=True)
    values = {"write_token": token, "query_timeout": str(query_timeout), **settings}
    engine = None
    if backend == "remote":
        store_dir = workdir / "oxigraph"
        engine = start_oxigraph(store_dir, workdir / "oxigraph.log")
        values["endpoint"] = engine.base + "/query"
    else:
        store_dir = workdir / "store"
        values["store"] = str(store_dir)
    try:
        euus = start_euus(workdir / "euus.log", values)
    except BaseException:
        if engine is not None:
            engine.stop()
        raise
    try:
        yield Service(euus, store_dir, engine)
    finally:
        euus.stop()
        if engine is not None:
            engine.stop()
