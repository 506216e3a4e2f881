#!/usr/bin/env python3
"""The least memory a Python process holding the store can take: the floor under issue 10's memory target.

    python benchmarks/memory_floor.py --data /tmp/euus-1m.nq

Loads the file into a new store (``oxigraph load``), then in a fresh interpreter reads its own VmRSS
after each step: the interpreter with pyoxigraph; the imports the service cannot run without
(FastAPI, pydantic, uvicorn, rdflib); the store opened read-only; the harness's query mix run three
times (``harness.query_mix``). No HTTP, no snapshot, no write guard, no worker: what is printed is
below anything the service could use, and a query worker (a second process that can be killed when a
query runs away) pays the interpreter, pyoxigraph and the store's caches again.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: Run in a fresh interpreter, so that nothing this script imported counts.
PROBE = r"""
import json, os, sys
from pathlib import Path


def rss():
    with open(f"/proc/{os.getpid()}/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))


steps = [("python", rss())]
import pyoxigraph
steps.append(("+ pyoxigraph", rss()))
if sys.argv[3] == "service":
    import fastapi, pydantic, rdflib, uvicorn  # noqa: F401, E401 - the service's own imports
    steps.append(("+ fastapi, pydantic, uvicorn, rdflib", rss()))
store = pyoxigraph.Store.read_only(sys.argv[1])
steps.append(("store opened (read-only)", rss()))
mix = json.loads(Path(sys.argv[2]).read_text())
for _ in range(3):
    for text in mix:
        answer = store.query(text, use_default_graph_as_union=True)
        if not isinstance(answer, pyoxigraph.QueryBoolean):
            for _ in answer:
                pass
steps.append(("after the query mix x3", rss()))
print(json.dumps(steps))
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="an N-Quads file of generate.py")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import harness

    _, describe_iri = harness.scan_data(args.data)
    mix = [q.text for q in harness.query_mix(describe_iri, "2015-01-01", "2016-01-01", "bestrijding")]
    with tempfile.TemporaryDirectory(prefix="euus-memory-floor-") as directory:
        store, queries = Path(directory) / "store", Path(directory) / "mix.json"
        subprocess.run(
            [harness._bin("oxigraph"), "load", "--location", str(store), "--file", str(args.data)],
            check=True,
            capture_output=True,
        )
        queries.write_text(json.dumps(mix))
        print(f"## Memory floor: {args.data.name}, VmRSS in MB\n")
        kinds = (("worker", "a process with pyoxigraph only"), ("service", "with the service's imports"))
        for kind, title in kinds:
            probe = [sys.executable, "-c", PROBE, str(store), str(queries), kind]
            steps = json.loads(subprocess.run(probe, check=True, capture_output=True, text=True).stdout)
            print(f"{title}: " + ", ".join(f"{name} {mb}" for name, mb in steps))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
