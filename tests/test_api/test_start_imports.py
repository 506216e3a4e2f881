"""What a start imports (issue 10): the write path's heavy parts wait for the first write or the warmer.

Start until ready under a second needs the first answer to come before rdflib's SPARQL engine, the
SHACL engines and the ingest extractors are imported (~0.3 s at the time of the issue). A module-level
import of any of them in a module the app is built from would silently add that time back; these
tests fail then. Each runs a fresh interpreter: ``sys.modules`` of the test process holds everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Imported on first use (a write, an ingest) or by the warmer after start, never by building the app.
DEFERRED = (
    "rdflib.plugins.sparql",  # rdflib's SPARQL grammar and engine: update evaluation, pySHACL
    "pyparsing",
    "pyshacl",
    "graph.sparql.cache",
    "graph.validation.full",  # graph.validation.engine (the CLI's engine names) is light and allowed
    "graph.validation.incremental",
    "graph.write.delta",
    "graph.write.parse",
    "graph.ingest",
    "httpx",  # the remote store's client: an embedded store needs none
    "graph.store.remote",
    "jinja2",  # the HTML pages
    "rich",  # the CLI's progress bars
)
#: What ``euus serve`` has no use for until its first answer, on top of :data:`DEFERRED`.
SERVE_DEFERRED = (
    "graph.cli",  # the library's commands: imported when one of them is run or listed
    "graph.validation.engine",  # named by those commands' options
    "websockets",  # uvicorn's WebSocket protocol: no route speaks it
    "uvicorn.protocols.websockets",
)


def modules_after(code: str) -> set[str]:
    """The modules loaded in a new interpreter after running ``code`` (from the repository root)."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    env = {key: value for key, value in os.environ.items() if not key.startswith("EUUS_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return set(json.loads(completed.stdout.splitlines()[-1]))


def loaded(modules: set[str], name: str) -> list[str]:
    return sorted(m for m in modules if m == name or m.startswith(f"{name}."))


def test_issue_10_building_the_app_imports_no_write_path_engine() -> None:
    modules = modules_after("import api.cli\nfrom api.main import create_app\ncreate_app()")  # as euus serve
    assert "api.main" in modules and "graph.write.guard" in modules  # the check ran where it should
    early = {name: loaded(modules, name) for name in DEFERRED if loaded(modules, name)}
    assert not early, f"imported while building the app (make them lazy, issue 10): {early}"


def test_issue_10_serve_answers_before_importing_what_other_commands_need(tmp_path: Path) -> None:
    """The real ``euus serve``: at its first answer none of the deferred modules is loaded.

    The process serves in its main thread, as the console script does; a thread asks ``ASK {}`` until
    it is answered, then prints what was loaded then, and whether the IRI pattern was compiled.
    """
    store = tmp_path / "store"
    store.mkdir()
    code = f"""
import os, socket, sys, threading, time, traceback, urllib.request
from api.cli import main
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
def ask():
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{{port}}/sparql?query=ASK%7B%7D", timeout=5) as r:
                    answered = r.read()
                break
            except OSError:
                time.sleep(0.01)
        loaded = sorted(sys.modules)
        compiled = sys.modules["graph.sparql.text"].iri_regex.cache_info().currsize
        print(json.dumps({{"answer": answered.decode(), "loaded": loaded, "iri_compiled": compiled}}), flush=True)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)
threading.Thread(target=ask, daemon=True).start()
main(["serve", "--store", {str(store)!r}, "--port", str(port)])
"""
    env = {key: value for key, value in os.environ.items() if not key.startswith("EUUS_")}
    env.update(
        EUUS_LOAD_SHIPPED_DATA="false", PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    )
    completed = subprocess.run(
        [sys.executable, "-c", "import json\n" + code],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    seen = json.loads(completed.stdout.splitlines()[-1])
    assert json.loads(seen["answer"])["boolean"] is True
    modules = set(seen["loaded"])
    assert "uvicorn" in modules and "graph.store.embedded" in modules  # the check ran where it should
    early = {name: loaded(modules, name) for name in DEFERRED + SERVE_DEFERRED if loaded(modules, name)}
    assert not early, f"imported by euus serve before its first answer (issue 10): {early}"
    assert seen["iri_compiled"] == 0, "the IRI pattern is compiled by the warmer, after the start"


def test_issue_10_a_write_imports_what_it_needs_and_is_validated() -> None:
    """The deferred modules are reachable: the guard's first write imports them and validates."""
    modules = modules_after(
        "from graph.store import open_store\n"
        "from graph.write.guard import WriteGuard\n"
        "guard = WriteGuard(open_store())\n"
        "result = guard.update('INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }')\n"
        "assert result.report is not None and result.report.conforms, result\n"
    )
    assert loaded(modules, "graph.write.delta") and loaded(modules, "rdflib.plugins.sparql")
    assert loaded(modules, "graph.validation.incremental")
