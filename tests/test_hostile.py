"""The bad-input corpus: every file in ``tests/data/hostile/`` is one hostile or broken input, run as a test.

Each case is a TOML file: what to send (an HTTP request, a ``euus`` command, or raw bytes on a socket)
and what must come back (a status and the words that name the problem, or an exit code). Whatever the
case, afterwards the service still answers, the dataset is exactly what it was, no answer shows a
traceback, a server path or the write token, and the loopback recorder got no request (nothing was
fetched). The service is a real ``euus serve`` on a free loopback port over a temporary store; the
format of a case file is in ``tests/data/hostile/README.md``.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.test_api.conftest import (
    REPO,
    TOKEN,
    RecordingServer,
    free_port,
    recorder,
    service_env,
    start,
    stop,
    wait_until_up,
)

__all__ = ["recorder"]  # the loopback server fixture, used by cases that name {recorder}

CASES = REPO / "tests" / "data" / "hostile"
MAX_BODY = 4 * 1024 * 1024  # the service's EUUS_MAX_BODY_BYTES here: "enormous" is anything above
#: What no answer may contain: a traceback, a path of this machine, the token.
LEAKS = ("Traceback", 'File "', "site-packages", str(REPO), "/tmp/", TOKEN)  # noqa: S108 - looked for


@dataclass
class Service:
    url: str
    directory: Path
    log: Path
    dataset: str  # digest of the whole store as N-Quads, taken before any case ran


def _script(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else name


def dataset_digest(url: str) -> str:
    """SHA-256 of the store's N-Quads lines, sorted (one store keeps its blank node labels)."""
    response = httpx.get(f"{url}/store", headers={"Accept": "application/n-quads"}, timeout=60)
    assert response.status_code == 200, response.text[:300]
    lines = sorted(line for line in response.text.splitlines() if line.strip())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    directory = tmp_path_factory.mktemp("hostile")
    port, log = free_port(), directory / "serve.log"
    env = service_env(directory / "store", EUUS_MAX_BODY_BYTES=str(MAX_BODY), EUUS_QUERY_TIMEOUT="10")
    process = start([_script("euus"), "serve", "--port", str(port)], log, env=env, cwd=directory)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/health", process, log)
        yield Service(url, directory, log, dataset_digest(url))
        text = log.read_text(errors="replace")
        assert TOKEN not in text, "the write token appeared in the service log"
        assert "Traceback" not in text, f"the service logged a crash:\n{text[-3000:]}"
    finally:
        stop(process)


def load_case(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def body_of(spec: dict[str, Any], recorder_url: str) -> bytes:
    """The bytes a case sends: ``body`` (text, in ``encoding``), ``body-hex``, or a ``repeat`` of units."""
    if "repeat" in spec:
        r = spec["repeat"]
        text = r.get("head", "") + r["unit"] * r["times"] + r.get("middle", "")
        text += r.get("closer", "") * r["times"] + r.get("tail", "")
        return text.encode(spec.get("encoding", "utf-8"))
    if "body-hex" in spec:
        return bytes.fromhex(spec["body-hex"])
    text = spec.get("body", "").replace("{recorder}", recorder_url)
    return text.encode(spec.get("encoding", "utf-8"))


def assert_no_leak(text: str) -> None:
    for leak in LEAKS:
        assert leak not in text, f"the answer reveals {leak!r}: {text[:500]}"


def run_http(service: Service, case: dict[str, Any], recorder_url: str) -> None:
    spec, expect = case["request"], case["expect"]
    headers = {k: v.replace("{recorder}", recorder_url) for k, v in spec.get("headers", {}).items()}
    if spec.get("token"):
        headers["Authorization"] = f"Bearer {TOKEN}"
    params = {k: v.replace("{recorder}", recorder_url) for k, v in spec.get("params", {}).items()}
    path = spec["path"]  # sent as written: percent-encoding tricks must reach the server untouched
    url = httpx.URL(service.url + path.split("?")[0], params=params) if params else service.url + path
    response = httpx.request(spec.get("method", "GET"), url, headers=headers, content=body_of(spec, recorder_url),
                             timeout=60)  # fmt: skip
    assert response.status_code == expect["status"], f"{response.status_code}: {response.text[:800]}"
    if response.status_code >= 400:
        assert response.headers.get("content-type", "").startswith(
            expect.get("media", "application/problem+json")
        )
    text = response.text
    for word in expect.get("words", []):
        assert word.lower() in text.lower(), f"{word!r} not named in the answer: {text[:800]}"
    assert_no_leak(text)


def run_cli(service: Service, case: dict[str, Any], tmp_path: Path, recorder_url: str) -> None:
    spec, expect = case["cli"], case["expect"]
    file = tmp_path / spec.get("file-name", "input.txt")
    file.write_bytes(body_of(spec, recorder_url))
    args = [a.replace("{file}", str(file)).replace("{store}", str(tmp_path / "store")) for a in spec["args"]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("EUUS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    run = subprocess.run([_script("euus"), *args], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=300, check=False)  # fmt: skip
    assert run.returncode == expect["exit"], f"exit {run.returncode}: {run.stderr[-1500:]}"
    for word in expect.get("words", []):
        assert word.lower() in run.stderr.lower(), f"{word!r} not named: {run.stderr[-1500:]}"
    assert "Traceback" not in run.stderr, run.stderr[-3000:]


def run_raw(service: Service, case: dict[str, Any]) -> None:
    """Bytes on a socket: a header flood, or a body that trickles in while others are served."""
    spec, expect = case["raw"], case["expect"]
    port = int(service.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        if spec["kind"] == "header-flood":
            lines = "".join(f"X-Flood-{i}: {'a' * spec['size']}\r\n" for i in range(spec["count"]))
            request = f"GET /health HTTP/1.1\r\nHost: x\r\n{lines}\r\n".encode()
            try:
                sock.sendall(request)
                reply = sock.recv(65536).decode(errors="replace")
            except OSError:  # the server may close the connection before reading all of it
                reply = ""
            status_line = reply.split("\r\n", 1)[0]
            assert not reply or any(f" {s} " in status_line + " " for s in expect["statuses"]), reply[:300]
        elif spec["kind"] == "slow-body":
            head = ("POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                    f"Content-Length: {spec['declared']}\r\n\r\n")  # fmt: skip
            sock.sendall(head.encode() + b"ASK {")
            deadline = time.monotonic() + spec["seconds"]
            while time.monotonic() < deadline:  # the trickle holds a connection; others are still served
                sock.sendall(b" ")
                health = httpx.get(f"{service.url}/health", timeout=5)
                assert health.status_code == 200, "the service stopped answering during a slow body"
                time.sleep(0.2)


@pytest.mark.parametrize("path", sorted(CASES.glob("*.toml")), ids=lambda p: p.stem)
def test_hostile_input(path: Path, service: Service, recorder: RecordingServer, tmp_path: Path) -> None:
    case = load_case(path)
    assert case.get("description"), f"{path.name} says nothing about what it tries"
    if "request" in case:
        run_http(service, case, recorder.url)
    elif "cli" in case:
        run_cli(service, case, tmp_path, recorder.url)
    else:
        run_raw(service, case)
    assert recorder.requests == [], f"the service fetched: {recorder.requests}"
    assert httpx.get(f"{service.url}/health", timeout=10).status_code == 200, "the service is down"
    assert dataset_digest(service.url) == service.dataset, "the dataset changed"


def test_every_case_file_is_valid() -> None:
    """A case names one kind of input and says what it expects (a typo must not make a case pass)."""
    for path in sorted(CASES.glob("*.toml")):
        case = load_case(path)
        kinds = [k for k in ("request", "cli", "raw") if k in case]
        assert len(kinds) == 1, f"{path.name}: give exactly one of [request], [cli], [raw]"
        assert "expect" in case, f"{path.name}: no [expect]"
        assert set(case["expect"]) <= {"status", "words", "media", "exit", "statuses"}, path.name
    assert len(list(CASES.glob("*.toml"))) >= 40
    json.dumps([p.name for p in CASES.glob("*")])  # names are plain text
