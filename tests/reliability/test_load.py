"""Readers and writers at once, both backends, for a few seconds: the CI variant of benchmarks/load_mix.py.

The script checks through the service; this test checks again on the store files it leaves, read with
pyoxigraph after the servers stopped: each acknowledged write is there with its size, no rejected
write is, and the whole store conforms to the shapes. The full run is one command (docs/reliability.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.helpers import BENCHMARKS, ROOT, graph_size, read_only, subject_triples, validate_store

DURATION = "8"


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    workdir = tmp_path_factory.mktemp("load")
    out = workdir / "load.json"
    command = [sys.executable, str(BENCHMARKS / "load_mix.py"), "--backend", "both", "--duration", DURATION,
               "--workdir", str(workdir / "run"), "--json", str(out)]  # fmt: skip
    env = {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, env=_env(env), check=False)
    assert out.exists(), done.stderr[-3000:]
    results = json.loads(out.read_text())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return results


def _env(extra: dict[str, str]) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("EUUS_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra["PYTHONPATH"], env.get("PYTHONPATH")]))
    return env


@pytest.mark.parametrize("index", [0, 1], ids=["embedded", "remote"])
def test_load_held(figures: list[dict], index: int) -> None:
    run = figures[index]
    checks = run["checks"]
    assert run["requests"]["readers only"] > 10 and run["requests"]["with writers"] > 0, run["requests"]
    assert checks.get("acknowledged", 0) >= 3 and checks.get("rejected", 0) >= 1, checks
    assert checks.get("lost", 0) == 0 and checks.get("rejected but stored", 0) == 0, checks
    assert checks["half_applied_seen"] == 0, run["half_applied"]
    assert checks["graph_sizes_compared"] > 0, "the checker saw no write: its check would be empty"
    assert not [e for e in run["errors"] if e.startswith("HTTP 5")], run["errors"]
    with read_only(Path(run["store"])) as store:
        for graph, size in run["acknowledged_graphs"].items():
            assert graph_size(store, graph) == size, graph
        for graph in run["rejected_graphs"]:
            assert graph_size(store, graph) == 0, graph
        for source in run["acknowledged_sources"]:
            assert subject_triples(store, source) > 0, source
        for source in run["rejected_sources"]:
            assert subject_triples(store, source) == 0, source
        report = validate_store(store)
    assert report.conforms, [v.message for v in report.violations[:5]]
