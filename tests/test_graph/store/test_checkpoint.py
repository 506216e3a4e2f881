"""Long reads from a checkpoint (issue 10): the dashboard snapshot's scans leave no RocksDB memory behind."""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import pytest

from graph.errors import StoreNotWritable
from graph.store import EmbeddedStore
from graph.store.checkpoint import read_copy, remove_orphans
from graph.views.snapshot import read_snapshot

MEETING = """PREFIX euus: <https://w3id.org/euus-kg/ontology#> PREFIX dct: <http://purl.org/dc/terms/>
INSERT DATA { GRAPH <urn:g> { <urn:m1> a euus:Meeting ; dct:title "Ministerial"@en, "Ministérielle"@fr . } }"""


def _count(store: object) -> int:
    return len(cast(EmbeddedStore, store).primary)


def test_a_read_copy_holds_the_same_data_read_only_and_is_deleted_after(tmp_path: Path) -> None:
    store = EmbeddedStore(str(tmp_path / "store"))
    store.update(MEETING)
    with read_copy(store) as copy:
        assert copy is not store
        assert cast(EmbeddedStore, copy).read_only
        assert _count(copy) == _count(store) == 3
        copies = [p for p in tmp_path.iterdir() if p.name.startswith(".euus-read-")]
        assert len(copies) == 1
        with pytest.raises(StoreNotWritable):
            copy.update(MEETING)
        store.update(MEETING.replace("urn:m1", "urn:m2"))  # the copy is one moment of the store
        assert _count(copy) == 3
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".euus-read-")] == []
    assert _count(store) == 6
    store.close()


def test_the_snapshot_read_through_a_copy_equals_the_one_read_in_place(tmp_path: Path) -> None:
    on_disk, in_memory = EmbeddedStore(str(tmp_path / "store")), EmbeddedStore()
    for store in (on_disk, in_memory):  # an in-memory store has no checkpoint: it is read in place
        store.update(MEETING)
    from_copy, in_place = read_snapshot(on_disk), read_snapshot(in_memory)
    assert from_copy.meetings == in_place.meetings and list(from_copy.meetings) == ["urn:m1"]
    assert {iri: dict(labels.preferred) for iri, labels in from_copy.labels.items()} == {
        iri: dict(labels.preferred) for iri, labels in in_place.labels.items()
    }  # the order of the languages is the store's
    assert (
        from_copy.label("urn:m1", "fr") == "Ministérielle"
        and from_copy.label("urn:m1", "de") == "Ministerial"
    )
    on_disk.close()


def test_copies_left_by_a_process_that_died_are_removed(tmp_path: Path) -> None:
    dead = tmp_path / ".euus-read-999999999-x"  # no such process id on Linux (pid_max <= 2**22)
    mine = tmp_path / f".euus-read-{os.getpid()}-y"
    for directory in (dead, mine):
        directory.mkdir()
    remove_orphans(tmp_path, ".euus-read-")
    assert not dead.exists() and mine.exists()
