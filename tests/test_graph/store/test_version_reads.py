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


def test_a_guard_whose_known_version_is_stale_writes_after_reading_it_again(remote: RemoteStore) -> None:
    """A guard tries the version its process last saw (a round trip less); another process's write
    since makes the commit fail whole, and the guard does the write again on the new version."""
    from graph.write.guard import WriteGuard

    other = open_store(endpoint=remote.location)
    assert isinstance(other, RemoteStore)
    first, second = WriteGuard(remote), WriteGuard(other)
    graph = "http://example.org/graph/"

    def insert(guard: WriteGuard, n: int) -> None:
        text = f'INSERT DATA {{ GRAPH <{graph}{n}> {{ <{THING}> <{LABEL}> "{n}" }} }}'
        assert guard.update(text, validate=False).added == 1

    try:
        insert(first, 1)  # the first process now knows the version it committed
        insert(second, 2)  # ... which the second process moves on
        known = StoreVersion.parse(remote.known_version or "")
        assert known is not None and known.counter == 1 and counter_of(other) == 2
        insert(first, 3)  # tried with its stale version, refused whole, done again: stored once
        answer = remote.query(f"SELECT ?o WHERE {{ <{THING}> <{LABEL}> ?o }}")
        labels = {str(row["o"]) for row in answer.rows}  # type: ignore[union-attr]
        assert labels == {"1", "2", "3"}
        assert counter_of(remote) == 3, "three commits, the refused attempt wrote nothing"
    finally:
        other.close()
