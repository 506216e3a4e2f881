"""Every store has the shipped graphs at this package's version; a store's other graphs are kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import OWL, Literal, URIRef

from graph.resources import shipped_versions
from graph.store import open_store
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped, stored_versions

EUUS = str(Path(sys.executable).with_name("euus"))
SEED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "seed" / "000_0be234f73af0dcac.txt"
TOPICS = "https://w3id.org/euus-kg/id/graph/topics"
USER_GRAPH = "https://w3id.org/euus-kg/id/graph/user-notes"


def test_a_new_store_gets_every_shipped_graph(tmp_path: Path) -> None:
    store = open_store(path=str(tmp_path / "store"))
    status = ensure_shipped(store, WriteGuard(store))
    assert stored_versions(store) == shipped_versions()
    assert sorted(status.added) == sorted(str(g) for g in shipped_versions())
    again = ensure_shipped(store, WriteGuard(store))
    assert not (again.added or again.updated) and again.current == len(shipped_versions())
    store.close()


def test_an_outdated_shipped_graph_is_replaced_and_other_graphs_are_kept(tmp_path: Path) -> None:
    store = open_store(path=str(tmp_path / "store"))
    ensure_shipped(store, WriteGuard(store))
    # what an older package left: another version of the topics, an extra triple in it, and a user's graph
    topics = URIRef(TOPICS)
    old = Literal("sha256:an-older-version")
    stale = (URIRef(TOPICS + "#stale"), OWL.versionInfo, Literal("from an older package"))
    store.update(
        f"DELETE {{ GRAPH <{TOPICS}> {{ ?g <{OWL.versionInfo}> ?v }} }} "
        f"INSERT {{ GRAPH <{TOPICS}> {{ ?g <{OWL.versionInfo}> {old.n3()} . {' '.join(t.n3() for t in stale)} }} }} "
        f"WHERE {{ GRAPH <{TOPICS}> {{ ?g <{OWL.versionInfo}> ?v }} }}"
    )
    store.update(f'INSERT DATA {{ GRAPH <{USER_GRAPH}> {{ <{USER_GRAPH}#a> <{USER_GRAPH}#says> "kept" }} }}')
    assert stored_versions(store)[topics] == str(old)
    status = ensure_shipped(store, WriteGuard(store))
    assert status.updated == [TOPICS] and not status.added
    assert stored_versions(store) == shipped_versions()
    assert not store.query(f"ASK {{ GRAPH <{TOPICS}> {{ {' '.join(t.n3() for t in stale)} }} }}").boolean  # type: ignore[union-attr]
    assert store.graph_size(USER_GRAPH) == 1
    store.close()


def test_ingest_into_a_new_directory_creates_a_store_with_the_model(tmp_path: Path) -> None:
    target = tmp_path / "new-store"
    done = subprocess.run([EUUS, "ingest", str(SEED), "--store", str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    store = open_store(path=str(target))
    assert stored_versions(store) == shipped_versions()
    store.close()


def test_load_validates_by_default_and_trust_says_it_does_not(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix euus: <https://w3id.org/euus-kg/ontology#> .\n"
        "<https://w3id.org/euus-kg/id/meeting/2019-01-01-x> a euus:Meeting .\n",
        encoding="utf-8",
    )
    store_dir = tmp_path / "store"
    refused = subprocess.run(
        [EUUS, "load", str(bad), "--store", str(store_dir)], capture_output=True, text=True
    )
    assert refused.returncode == 1, refused.stderr
    assert "nothing was loaded" in refused.stderr and "meeting/2019-01-01-x" in refused.stderr
    store = open_store(path=str(store_dir))
    assert not store.query("ASK { GRAPH ?g { ?m a <https://w3id.org/euus-kg/ontology#Meeting> } "  # type: ignore[union-attr]
                           "FILTER(CONTAINS(STR(?m), '2019-01-01-x')) }").boolean  # fmt: skip
    store.close()
    trusted = subprocess.run(
        [EUUS, "load", str(bad), "--store", str(store_dir), "--trust"], capture_output=True, text=True
    )
    assert trusted.returncode == 0, trusted.stderr
    assert "without validation" in trusted.stderr and "not validated (--trust)" in trusted.stderr
