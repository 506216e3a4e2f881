"""The OpenAPI contract, fuzzed: Schemathesis against a real ``euus serve``, every operation, every check.

The service runs as a subprocess on a free loopback port over a temporary store filled with the shipped
data, writes enabled with a token (so that writes are fuzzed through the shapes, not just refused).
Schemathesis runs every phase (examples, coverage, fuzzing, stateful) with every check; the settings it
is given, and why, are in ``tests/contract/schemathesis.toml``. Nothing it finds is accepted: the test
fails on any failure, error or server error, and shows Schemathesis's report.

CI runs ``EUUS_CONTRACT_EXAMPLES`` (default 100) examples per operation with a fixed seed; the long run
is one command (docs/reliability.md, "## Contract"):

    EUUS_CONTRACT_EXAMPLES=1000 EUUS_CONTRACT_SEED=random pytest tests/test_contract.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_api.conftest import REPO, TOKEN, free_port, service_env, start, stop, wait_until_up

EXAMPLES = int(os.environ.get("EUUS_CONTRACT_EXAMPLES", "100"))
SEED = os.environ.get("EUUS_CONTRACT_SEED", "20261207")
# One worker: Schemathesis's workers are threads, and Hypothesis describing a filter calls ast.parse,
# which CPython 3.11 does not make thread-safe ("AST constructor recursion depth mismatch").
WORKERS = os.environ.get("EUUS_CONTRACT_WORKERS", "1")
CONFIG = REPO / "tests" / "contract" / "schemathesis.toml"


def _script(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else name


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``euus serve`` over a fresh store with the shipped data; its base URL."""
    directory = tmp_path_factory.mktemp("contract")
    port, log = free_port(), directory / "serve.log"
    env = service_env(directory / "store", EUUS_QUERY_TIMEOUT="10")
    process = start([_script("euus"), "serve", "--port", str(port)], log, env=env, cwd=directory)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/health", process, log)
        yield url
        assert process.poll() is None, "the service died during the run"
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, f"the service logged a crash:\n{text[-3000:]}"
        assert TOKEN not in text, "the write token appeared in the service log"
    finally:
        stop(process)


def test_schemathesis_finds_nothing(service: str, tmp_path: Path) -> None:
    command = [
        _script("schemathesis"),
        "--config-file", str(CONFIG),
        "run", f"{service}/openapi.json",
        "--checks", "all",
        "--phases", "examples,coverage,fuzzing,stateful",
        "--max-examples", str(EXAMPLES),
        "--generation-database", "none",
        "--header", f"Authorization: Bearer {TOKEN}",
        "--request-timeout", "30",
        "--workers", WORKERS,
        "--no-color",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]  # fmt: skip
    if SEED != "random":
        command += ["--seed", SEED]
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCHEMATHESIS_HOOKS": "tests.contract.hooks"}
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    seconds = time.monotonic() - started
    summary = run.stdout[-6000:]
    assert run.returncode == 0, (
        f"Schemathesis found problems ({seconds:.0f} s):\n{summary}\n{run.stderr[-2000:]}"
    )
    counted = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert counted and counted.group(1) == counted.group(2), summary  # every generated case passed
    print(f"schemathesis: {EXAMPLES} examples per operation, {counted.group(1)} cases, {seconds:.0f} s")
