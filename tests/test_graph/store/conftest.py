"""Each store test runs against every backend: embedded in memory, embedded on disk, and a real
``oxigraph serve`` process over HTTP (remote)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_backends import (
    QUADS_IN_TRIG,
    TEST_PREFIXES,
    TRIG,
    OxigraphServer,
    oxigraph_binary,
)

from graph.store import (
    Store,
    open_store,
)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    directory = tmp_path_factory.mktemp("oxigraph")
    server = OxigraphServer(binary, directory / "db", directory / "server.log")
    yield server
    server.stop()


@pytest.fixture(params=["memory", "disk", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        opened = open_store(prefixes=TEST_PREFIXES)
    elif request.param == "disk":
        opened = open_store(path=str(tmp_path / "db"), prefixes=TEST_PREFIXES)
    else:
        server = request.getfixturevalue("oxigraph_server")
        opened = open_store(endpoint=f"{server.base}/query", prefixes=TEST_PREFIXES)
        opened.update("DROP ALL")  # the server is shared by the module's tests
    yield opened
    opened.close()


@pytest.fixture
def loaded(store: Store) -> Store:
    assert store.load(data=TRIG, format="trig") == QUADS_IN_TRIG
    return store
