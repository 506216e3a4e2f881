"""The ``euus`` console script: the library's commands (:mod:`graph.cli`) plus ``serve``.

``serve`` lives here because it starts the HTTP service, and ``graph`` never imports ``api``. The
library's commands are imported only when one of them is run or listed: ``euus serve`` pays for none of
their definitions and the validation engines they name (issue 10: start until ready).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

__all__ = ["main", "serve"]


@click.command()
@click.option("--host", default=None, help="Interface to listen on (EUUS_HOST, default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (EUUS_PORT, default 8000).")
@click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Embedded store directory (EUUS_STORE); filled with the shipped data when empty.",
)
@click.option("--endpoint", default=None, help="Base URL of a remote SPARQL 1.1 server (EUUS_ENDPOINT).")
@click.option("--engine", type=click.Choice(["oxigraph", "virtuoso", "fuseki", "generic"]), default=None,
              help="Engine of the remote server (EUUS_ENGINE); default: told by its URL.")  # fmt: skip
@click.option("--read-only", is_flag=True, default=None, help="Refuse every write (EUUS_READ_ONLY).")
@click.option(
    "--server",
    type=click.Choice(["uvicorn", "granian"]),
    default="uvicorn",
    show_default=True,
    help="HTTP server. granian (pip install 'euus-kg[granian]') parses HTTP and writes answers in Rust "
    "threads, off the interpreter: about a fifth less CPU per small request (benchmarks/RESULTS.md).",
)
def serve(host: str | None, port: int | None, store_path: Path | None, endpoint: str | None,
          engine: str | None, read_only: bool | None, server: str) -> None:  # fmt: skip
    """Serve the SPARQL endpoint, the graph store and the API over the embedded or a remote store."""
    # Imported here: the other commands should not pay for loading the web stack.
    from pydantic import ValidationError

    from api.settings import Settings

    overrides = {
        "host": host,
        "port": port,
        "store": store_path,
        "endpoint": endpoint,
        "engine": engine,
        "read_only": read_only,
    }
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as error:
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]) or "settings"
            click.echo(f"euus: invalid setting {where}: {problem['msg']}", err=True)
        sys.exit(_library().EXIT_ERROR)
    started = _start_query_worker(settings) if server == "uvicorn" else []
    if server == "uvicorn" and settings.store is not None and settings.store.is_dir():
        from graph.store.disk import open_ahead

        open_ahead(str(settings.store))  # RocksDB opens on another core while the web stack imports
    import uvicorn

    from api.main import create_app

    base = f"http://{settings.host}:{settings.port}"
    backend = f"the remote store {settings.endpoint}" if settings.endpoint else "the embedded store"
    click.echo(f"euus-kg serving {backend}")
    click.echo(f"  SPARQL endpoint  {base}/sparql")
    click.echo(f"  graph store      {base}/store")
    click.echo(f"  API docs         {base}/docs")
    click.echo(f"  health           {base}/health")
    if not settings.writes_enabled:
        click.echo("  writes are off (set EUUS_WRITE_TOKEN to enable them)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # What the format above does not print, no log record collects: the logging HOWTO's "Optimization"
    # switches (the caller's frame, thread, process). A line per request made them ~5% of a small answer.
    logging._srcfile = None  # the documented switch, though its name is private
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request to a remote store
    if server == "granian":
        _serve_with_granian(settings, {k: v for k, v in overrides.items() if v is not None})
        return
    from api.http_protocol import JoinedWritesProtocol

    # access_log off: the service logs each request itself (api/access_log.py), uvicorn's would be filtered
    app = create_app(settings, started_workers=started)
    # ws="none": no route speaks WebSocket, and uvicorn's default would import the websockets package
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                http=JoinedWritesProtocol, ws="none")  # fmt: skip


def _start_query_worker(settings: Any) -> list[Any]:
    """A query worker started now, so that its interpreter loads while this one imports the web stack.

    The service hands it the store's first snapshot when it has one (``QueryExecutor(started=...)``):
    the first query after a start then waits for no worker (issue 10). Embedded stores only.
    """
    if settings.endpoint is not None:
        return []
    from graph.query.process import WorkerProcess

    return [WorkerProcess()]


def _serve_with_granian(settings: Any, overrides: dict[str, Any]) -> None:
    """Run the same app under granian: one worker process, which builds the app from the environment."""
    try:
        from granian import Granian
        from granian.constants import Interfaces
        from granian.log import LogLevels
    except ImportError:
        click.echo("euus: --server granian needs granian: pip install 'euus-kg[granian]'", err=True)
        sys.exit(_library().EXIT_ERROR)
    # the worker imports api.main:create_app and reads its settings from EUUS_*: pass the options on
    for name, value in overrides.items():
        os.environ[f"EUUS_{name.upper()}"] = str(value).lower() if isinstance(value, bool) else str(value)
    Granian(
        "api.main:create_app",
        factory=True,
        address=settings.host,
        port=settings.port,
        interface=Interfaces.ASGI,
        workers=1,  # one process owns the embedded store
        runtime_threads=2,
        websockets=False,
        log_level=LogLevels.warning,
    ).serve()


def _library() -> Any:
    """:mod:`graph.cli`, imported now: a library command was asked for, or the list of them."""
    from graph import cli as graph_cli

    return graph_cli


class _Commands(click.Group):
    """``serve``, and the library's group (:data:`graph.cli.main`) for every other command."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return serve if cmd_name == "serve" else _library().main.get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*_library().main.list_commands(ctx), "serve"])


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="euus-kg")
def main() -> None:
    """euus-kg: the knowledge graph of EU-US cooperation in justice and home affairs."""
    # what the library's group does before any command (graph.cli.main says why), without importing it
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
