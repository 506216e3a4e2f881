"""Shared reads of a remote store's data version on the event loop (``graph.store.version_reads``).

Against a real ``oxigraph serve``: concurrent requests share reads, and a request that arrives after
a write committed (through another store object, as another API process would) always sees it,
even while a read that started before the write is still under way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef
from store_backends import OxigraphServer

from graph.store import RemoteStore, open_store
from graph.store.shared_version import StoreVersion
from graph.store.version_reads import VersionReads

THING = URIRef("http://example.org/thing")
LABEL = URIRef("http://example.org/label")
GRAPH = "http://example.org/graph"


@pytest.fixture
def remote(oxigraph_server: OxigraphServer) -> Iterator[RemoteStore]:
    store = open_store(endpoint=f"{oxigraph_server.base}/query")
    assert isinstance(store, RemoteStore)
    store.update("DROP ALL")
    yield store
    store.close()


def counter_of(store: RemoteStore) -> int:
    version = StoreVersion.parse(store.data_version())
    assert version is not None
    return version.counter


def write(store: RemoteStore, n: int) -> None:
    """A versioned write, as the write guard of another API process makes it."""
    store.apply_changes(
        added=[(THING, LABEL, Literal(n), URIRef(GRAPH))], expected_version=store.data_version()
    )


def test_concurrent_requests_share_reads_and_agree_with_the_store(remote: RemoteStore) -> None:
    write(remote, 1)
    reads = VersionReads(remote, timeout=10)

    async def many() -> list[int]:
        return await asyncio.gather(*(reads.counter() for _ in range(40)))

    try:
        counters = asyncio.run(many())
    finally:
        reads.close()
    assert set(counters) == {counter_of(remote)} and counters[0] >= 1
    assert reads.reads_started < 40, "requests arriving during a read share the next one"


def test_a_request_after_a_write_sees_it_even_with_an_older_read_under_way(remote: RemoteStore) -> None:
    writer = open_store(endpoint=remote.location)  # another process's connection to the same store
    reads = VersionReads(remote, timeout=10)

    async def rounds() -> list[tuple[int, int]]:
        seen = []
        for n in range(15):
            before = counter_of(remote)
            earlier = asyncio.ensure_future(reads.counter())  # may still be under way during the write
            await asyncio.sleep(0)
            await asyncio.to_thread(write, writer, n)  # type: ignore[arg-type]
            seen.append((before, await reads.counter()))
            await earlier
        return seen

    try:
        for before, after in asyncio.run(rounds()):
            assert after == before + 1, f"a read after the write saw {after}, the write made {before + 1}"
    finally:
        reads.close()
        writer.close()
