#!/usr/bin/env python3
"""Remote mode against each engine alone, and 1 vs 2 API processes on one engine (issue 13).

    python benchmarks/remote_mode.py --data /tmp/euus-1m.nq [--engines oxigraph,virtuoso] [--duration 5]

For each engine: load the file into a new database (oxigraph: ``oxigraph load``; Virtuoso: its bulk
loader, ``ld_dir`` + ``rdf_loader_run``), start the engine and one ``euus serve --endpoint BASE
--engine NAME``, drive the query mix of ``harness.py`` with ``wrk`` on the engine's own endpoint and on
our ``/sparql``, time single-meeting guarded inserts through our service, then start a second
``euus serve`` and drive the single-resource lookup on both processes at once (throughput of 1 vs 2
processes). Prints one Markdown table per engine. Only 127.0.0.1 is used; every process is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.compare import isomorphic

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import harness  # noqa: E402  (the query mix, wrk, inserts)

from tests.virtuoso import start_virtuoso  # noqa: E402


def _query_path(system: harness.System, text: str) -> str:
    """Like the harness's, but the system's path may already carry parameters (union-default-graph)."""
    glue = "&" if "?" in system.query_path else "?"
    return f"{system.query_path}{glue}query={urllib.parse.quote(text, safe='')}"


harness.query_path = _query_path  # run_wrk builds its request paths through this module attribute


def run_wrk_form(system: harness.System, query: harness.BenchQuery, args: argparse.Namespace,
                 workdir: Path) -> harness.Measure:  # fmt: skip
    """``run_wrk`` with the query sent as a form POST (what ours sends Virtuoso) instead of a GET."""
    body = json.dumps(urllib.parse.urlencode({"query": query.text}))  # no braces: safe in LUA.format
    post = f'wrk.method = "POST"\nwrk.body = {body}\nwrk.headers["Content-Type"] = "{FORM}"'
    saved = harness.LUA, harness.query_path
    harness.LUA = saved[0].replace('wrk.method = "GET"', post)
    harness.query_path = lambda system, text: system.query_path
    try:
        return harness.run_wrk(system, query, args.duration, args.connections, workdir)
    finally:
        harness.LUA, harness.query_path = saved


def _comparable(query: harness.BenchQuery, content_type: str, body: bytes) -> Any:
    if query.compare != "triples":
        return harness.parse_answer(query, content_type, body)  # rows: sorted, or in order (ORDER BY)
    graph = Graph()
    graph.parse(data=body, format={"text/turtle": "turtle"}.get(content_type.split(";")[0].strip(), "nt"))
    return graph


def compare_answers(query: harness.BenchQuery, systems: list[harness.System]) -> str:
    """Ask every system ``query`` once (GET, as wrk does) and say whether the answers agree."""
    answers = []
    for system in systems:
        status, content_type, body = harness.http(
            "GET", harness.url(system, _query_path(system, query.text)), headers={"Accept": query.accept},
            timeout=system.request_timeout)  # fmt: skip
        if status != 200:
            return f"**{system.name} answered {status}**: {body[:200]!r}"
        answers.append(_comparable(query, content_type, body))
    first, *others = answers
    same = all(isomorphic(first, o) if isinstance(first, Graph) else first == o for o in others)
    size = f"{len(first)} {'triples' if isinstance(first, Graph) else 'rows'}"
    if same:
        return f"same ({size})"
    return "**differ**: " + ", ".join(f"{s.name} {len(a)}" for s, a in zip(systems, answers, strict=True))


FORM = "application/x-www-form-urlencoded"


def _spawn(argv: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            argv, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )


def _kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _system(name: str, port: int, query_path: str, **extra: object) -> harness.System:
    system = harness.System(name, name, lambda *a: [], query_path, **extra)  # type: ignore[arg-type]
    system.port = port
    return system


def _wait(url: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if harness.http("GET", url, timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} not up after {timeout:g} s")


Processes = list[subprocess.Popen[bytes]]


def start_engine(name: str, data: Path, workdir: Path) -> tuple[str, str, Processes, float]:
    """Load ``data`` into a new database and start the engine: base URL, query path, processes, load time."""
    started = time.perf_counter()
    if name == "oxigraph":
        location = workdir / "oxigraph"
        subprocess.run([harness._bin("oxigraph"), "load", "--location", str(location), "--file", str(data)],
                       check=True, capture_output=True)  # fmt: skip
        loaded = time.perf_counter() - started
        port = harness.free_port()
        process = _spawn([harness._bin("oxigraph"), "serve", "--location", str(location), "--bind",
                          f"127.0.0.1:{port}"], workdir / "oxigraph.log")  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        _wait(f"{base}/query?query=ASK%7B%7D")
        return base, "/query?union-default-graph=", [process], loaded
    server = start_virtuoso(workdir / "virtuoso", max_rows=10_000_000, buffers=340_000)
    shutil.copy(data, workdir / "virtuoso" / "data.nq")  # DirsAllowed holds "." (the database directory)
    load = "ld_dir('.', 'data.nq', 'urn:x-euus-kg:loaded-default-graph'); rdf_loader_run(); checkpoint;"
    subprocess.run(["isql-vt", str(server.sql_port), "dba", "dba", f"exec={load}"], check=True,
                   capture_output=True, timeout=3600)  # fmt: skip
    return server.url, "/sparql", [server.process], time.perf_counter() - started


def start_ours(
    base: str, engine: str, workdir: Path, tag: str, server: str = "uvicorn", answer_cache_mb: float = 8.0
) -> tuple[harness.System, subprocess.Popen[bytes]]:
    """``euus serve --endpoint`` on a free port, once it answers ``/health``."""
    port = harness.free_port()
    env = harness._clean_env(
        {
            "EUUS_WRITE_TOKEN": harness.WRITE_TOKEN,
            "EUUS_QUERY_TIMEOUT": "60",
            "EUUS_ANSWER_CACHE_MB": f"{answer_cache_mb:g}",
        }
    )
    argv = [harness._bin("euus"), "serve", "--endpoint", base, "--engine", engine, "--port", str(port),
            "--server", server]  # fmt: skip
    process = _spawn(argv, workdir / f"ours-{tag}.log", env)
    _wait(f"http://127.0.0.1:{port}/health", timeout=900)
    auth = {"Authorization": f"Bearer {harness.WRITE_TOKEN}"}
    system = _system(f"ours-{engine}-{tag}", port, "/sparql", update=("/sparql", "body"), update_headers=auth,
                     request_timeout=120.0)  # fmt: skip
    return system, process


def _cell(measure: harness.Measure) -> str:
    note = f" {measure.note}" if measure.note else ""
    return f"{harness.fmt_num(measure.rps)} ({harness.fmt_num(measure.p50_ms)}){note}"


def run_engine(name: str, args: argparse.Namespace, workdir: Path) -> list[str]:
    count, meeting = harness.scan_data(args.data)
    queries = harness.query_mix(meeting, "2015-01-01", "2016-01-01", "terror")
    processes: list[subprocess.Popen[bytes]] = []
    lines = [f"\n### {name}: {count:,} quads, ours on {args.server}\n"]
    try:
        base, own_path, processes, loaded = start_engine(name, args.data, workdir)
        lines.append(f"- load into a new database: {loaded:.1f} s")
        engine = _system(name, int(base.rsplit(":", 1)[1]), own_path)
        started = time.perf_counter()
        ours, first = start_ours(base, name, workdir, "1", args.server, args.answer_cache_mb)
        processes.append(first)
        lines.append(f"- `euus serve --endpoint` answers /health: {time.perf_counter() - started:.1f} s")
        # its dashboard snapshot and the guard's model are built in the background after the start
        lines.append(f"- then quiet (other load {harness.wait_quiet(args.quiet_wait):.2f} cores) after "
                     f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        lines += ["", "| query | group | engine alone req/s (p50 ms) | ours, remote mode | ours/engine | "
                  "engine alone, form POST | answers | other load (cores) |",
                  "|---|---|---|---|---|---|---|---|"]  # fmt: skip
        for query in queries:
            other = harness.busy_cores()  # other people's work on the machine, before this row
            agree = compare_answers(query, [engine, ours])
            alone = harness.run_wrk(engine, query, args.duration, args.connections, workdir)
            through = harness.run_wrk(ours, query, args.duration, args.connections, workdir)
            # ours sends the engine a form POST (Virtuoso) or a direct POST (oxigraph); wrk sends GETs
            form = run_wrk_form(engine, query, args, workdir)
            lines.append(f"| {query.title} | {query.group} | {_cell(alone)} | {_cell(through)} | "
                         f"{harness.ratio(through.rps, alone.rps)} | {_cell(form)} | {agree} | "
                         f"{other:.2f} |")  # fmt: skip
        inserts = harness.run_inserts(ours, harness.insert_updates(args.inserts, seed=1))
        lines.append(f"\n- guarded insert of one meeting through ours, {inserts.ok} inserts: p50 "
                     f"{harness.fmt_num(inserts.p50_ms)} ms, p99 {harness.fmt_num(inserts.p99_ms)} ms "
                     f"{inserts.note}")  # fmt: skip
        lookup = next(q for q in queries if q.group == "single")
        one = harness.run_wrk(ours, lookup, args.duration, 2 * args.connections, workdir)
        second, process = start_ours(base, name, workdir, "2", args.server, args.answer_cache_mb)
        processes.append(process)
        both: list[harness.Measure] = []

        def drive(system: harness.System) -> None:
            both.append(harness.run_wrk(system, lookup, args.duration, args.connections, workdir))

        runs = [threading.Thread(target=drive, args=(system,)) for system in (ours, second)]
        for run in runs:
            run.start()
        for run in runs:
            run.join()
        total = sum(m.rps or 0 for m in both)
        lines.append(f"- single-resource lookup, {2 * args.connections} connections: 1 process "
                     f"{harness.fmt_num(one.rps)} req/s; 2 processes {harness.fmt_num(total)} req/s "
                     f"({harness.ratio(total, one.rps)})")  # fmt: skip
    finally:
        for process in reversed(processes):
            _kill(process)
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--engines", default="oxigraph,virtuoso")
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--inserts", type=int, default=30)
    parser.add_argument("--quiet-wait", type=float, default=300.0, help="most seconds to wait for quiet")
    parser.add_argument("--server", choices=("uvicorn", "granian"), default="uvicorn",
                        help="HTTP server of ours (granian: pip install 'euus-kg[granian]')")  # fmt: skip
    parser.add_argument("--answer-cache-mb", type=float, default=8.0,
                        help="EUUS_ANSWER_CACHE_MB of ours (0: every query goes to the engine)")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="euus-remote-bench-") as directory:
        for name in args.engines.split(","):
            print("\n".join(run_engine(name, args, Path(directory))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
