"""A real Virtuoso 7 (``virtuoso-t``, Debian's virtuoso-opensource) for the remote-backend tests.

Started once per test session on free loopback ports, with its database in a temporary directory
and the packaged ``virtuoso.ini`` rewritten to point there (``/work/shared/guides/engines.md``
lists what was checked by hand). A new database refuses SPARQL updates until
``GRANT SPARQL_UPDATE TO "SPARQL"`` (run with ``isql-vt`` as the default ``dba`` account: fine for
a throwaway test server, never for a deployment). Stopped with SIGTERM to its process group.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
PACKAGED_DB = "/var/lib/virtuoso-opensource-7/db/"


def free_port() -> int:
    """A TCP port on the loopback interface that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def virtuoso_available() -> bool:
    """Whether ``virtuoso-t``, ``isql-vt`` and the packaged ini are installed."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt") and PACKAGED_INI.exists())


def private_ini(
    directory: Path, sql_port: int, http_port: int, max_rows: int | None = None, buffers: int | None = None
) -> str:
    """The packaged ini with the database in ``directory`` and both servers on loopback ports."""
    text = PACKAGED_INI.read_text().replace(PACKAGED_DB, f"{directory}/")

    def port_in(section: str, port: int, ini: str) -> str:
        pattern = rf"(?ms)^(\[{section}\][^\[]*?^ServerPort\s*=\s*)\S+"
        return re.sub(pattern, lambda m: f"{m.group(1)}127.0.0.1:{port}", ini)

    text = port_in("HTTPServer", http_port, port_in("Parameters", sql_port, text))
    if max_rows is not None:
        text = re.sub(r"(?m)^ResultSetMaxRows\s*=\s*\d+", f"ResultSetMaxRows = {max_rows}", text)
    if buffers is not None:  # the packaged ini's 10,000 buffers (80 MB) are for a small database
        text = re.sub(r"(?m)^NumberOfBuffers\s*=\s*\d+", f"NumberOfBuffers = {buffers}", text)
        text = re.sub(r"(?m)^MaxDirtyBuffers\s*=\s*\d+", f"MaxDirtyBuffers = {buffers * 3 // 4}", text)
    return text


@dataclass
class Virtuoso:
    """A running ``virtuoso-t``: its base URL (``/sparql`` under it) and its process."""

    url: str
    sql_port: int
    process: subprocess.Popen[bytes]
    log: Path

    def drop_data(self) -> None:
        """Drop every graph but Virtuoso's own, so that a test module starts from a new database's content."""
        from graph.store import open_store

        store = open_store(endpoint=self.url, engine="virtuoso")
        try:
            for graph in store.named_graphs():
                store.update(f"DROP SILENT GRAPH <{graph}>")
            for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows:  # type: ignore[union-attr]
                if str(row["g"]).startswith("urn:x-euus-kg:"):
                    store.update(f"DROP SILENT GRAPH <{row['g']}>")
        finally:
            store.close()

    def stop(self) -> None:
        """SIGTERM to the process group, then SIGKILL if it does not stop."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)


def start_virtuoso(
    directory: Path, *, max_rows: int | None = None, buffers: int | None = None, timeout: float = 60.0
) -> Virtuoso:
    """Start Virtuoso with a new database in ``directory``; return once updates are granted."""
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    (directory / "virtuoso.ini").write_text(private_ini(directory, sql_port, http_port, max_rows, buffers))
    log = directory / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["virtuoso-t", "-c", "virtuoso.ini", "+foreground"],
            cwd=directory,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
    server = Virtuoso(f"http://127.0.0.1:{http_port}", sql_port, process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{server.url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    else:
        server.stop()
        raise RuntimeError(
            f"Virtuoso did not answer within {timeout:g} s: {log.read_text(errors='replace')[-3000:]}"
        )
    grant = ["isql-vt", str(sql_port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";']
    subprocess.run(grant, check=True, capture_output=True, timeout=30)
    return server
