"""Guarded writes: validated before they are committed, all or nothing, on real stores."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from guard_helpers import (
    ID,
    PREFIXES,
    SEED_GRAPH,
    SEED_MEETING,
    SEED_SOURCE,
    ask,
    dump,
    insert_meeting,
    load_shipped,
    meeting_triple_count,
    meeting_turtle,
)
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.errors import InvalidInput, NotFound, ValidationFailed
from graph.namespaces import EUUS
from graph.store import Store, open_store
from graph.write.delta import replace_graph_delta
from graph.write.guard import WriteGuard

# ---------------------------------------------------------------------------- inserts


def test_valid_meeting_is_committed_and_queryable(guard: WriteGuard) -> None:
    result = guard.update(insert_meeting("valid"))
    assert result.report is not None and result.report.conforms
    assert result.added == meeting_triple_count() and result.removed == 0
    assert ask(guard.store, 'ASK { ?m dct:title "EU-US meeting valid"@en ; a euus:Meeting }')
    assert guard.store.graph_exists(f"{ID}graph/2018-03-12-valid")
    warnings = {(w.focus, w.message) for w in result.report.warnings}
    assert (
        f"{ID}meeting/2018-03-12-valid/participation/us",
        "The participant is not identified; only the source's description of it is known.",
    ) in warnings


@pytest.mark.parametrize(
    ("options", "path", "message"),
    [
        (
            {"topic": "not-a-topic"},
            "http://purl.org/dc/terms/subject",
            "A topic of a meeting is a concept of the euus-kg topic scheme.",
        ),
        (
            {"start": "2018-09-12"},
            str(EUUS.duringPresidency),
            "The presidency's term (2018-01-01 to 2018-06-30) does not contain the meeting's start date "
            "2018-09-12.",
        ),
        (
            {"participants": False},
            "http://data.europa.eu/m8g/hasParticipation",
            "A meeting that took place has at least one participant.",
        ),
    ],
    ids=["unknown-topic", "start-outside-presidency", "held-without-participants"],
)
def test_invalid_meeting_is_rejected_and_nothing_is_stored(
    guard: WriteGuard, options: dict[str, object], path: str, message: str
) -> None:
    before = dump(guard.store)
    with pytest.raises(ValidationFailed) as failure:
        guard.update(insert_meeting("invalid", **options))
    report = failure.value.report
    start = options.get("start", "2018-03-12")
    found = {(v.focus, v.path, v.message) for v in report.violations}
    assert (f"{ID}meeting/{start}-invalid", path, message) in found
    assert not report.conforms and "violation" in str(failure.value)
    assert dump(guard.store) == before


def test_a_new_named_graph_must_describe_itself(guard: WriteGuard) -> None:
    """The sd:NamedGraph marker of graph.validation.full.merged_graph is added for graphs a write fills."""
    text = f'INSERT DATA {{ GRAPH <{ID}graph/undescribed> {{ <{ID}org/europol> <{SKOS.altLabel}> "x"@en }} }}'
    with pytest.raises(ValidationFailed) as failure:
        guard.update(text)
    violation = failure.value.report.violations[0]
    assert violation.focus == f"{ID}graph/undescribed"
    assert violation.message.startswith("Every named graph of facts describes itself")


def test_on_disk_store_rejects_then_commits(shipped_dataset: Dataset, tmp_path: Path) -> None:
    store = open_store(path=str(tmp_path / "db"))
    load_shipped(store, shipped_dataset)
    before = dump(store)
    with pytest.raises(ValidationFailed):
        WriteGuard(store).update(insert_meeting("bad", topic="no-such-topic"))
    assert dump(store) == before
    result = WriteGuard(store).update(insert_meeting("good"))
    assert result.added == meeting_triple_count()
    store.close()
    reopened = open_store(path=str(tmp_path / "db"))
    assert len(dump(reopened)) == len(before) + meeting_triple_count()
    reopened.close()


# ---------------------------------------------------------------------------- deletions


def test_deleting_a_start_date_is_rejected(guard: WriteGuard) -> None:
    before = dump(guard.store)
    start_date = f'<{SEED_MEETING}> schema:startDate "2018-02-26"^^xsd:date'
    text = f"{PREFIXES}DELETE DATA {{ GRAPH <{SEED_GRAPH}> {{ {start_date} }} }}"
    with pytest.raises(ValidationFailed) as failure:
        guard.update(text)
    violation = failure.value.report.violations[0]
    assert (violation.focus, violation.path) == (SEED_MEETING, "https://schema.org/startDate")
    assert violation.message.startswith("A meeting has exactly one valid start date")
    assert dump(guard.store) == before


def test_changing_a_presidency_term_rechecks_the_meetings_during_it(guard: WriteGuard) -> None:
    """Three hops of reach: term → membership (memberDuring) → presidency (membership) → meeting."""
    term = f"<{ID}presidency/2018-h1/term>"
    graph = f"<{ID}graph/presidencies>"
    text = (
        f"PREFIX dcat: <http://www.w3.org/ns/dcat#> {PREFIXES}"
        f'DELETE DATA {{ GRAPH {graph} {{ {term} dcat:startDate "2018-01-01"^^xsd:date }} }} ;'
        f'INSERT DATA {{ GRAPH {graph} {{ {term} dcat:startDate "2018-03-01"^^xsd:date }} }}'
    )
    with pytest.raises(ValidationFailed) as failure:
        guard.update(text)
    focus = {v.focus for v in failure.value.report.violations}
    assert {SEED_MEETING, f"{ID}presidency/2018-h1/membership"} <= focus


def test_clearing_the_seed_graph_is_rejected_while_other_graphs_cite_its_source(guard: WriteGuard) -> None:
    """The meeting may go, but the places and series graphs are derived from the seed's source
    document, which only the seed graph describes: clearing it leaves them citing a non-document."""
    before = dump(guard.store)
    with pytest.raises(ValidationFailed) as failure:
        guard.update(f"CLEAR GRAPH <{SEED_GRAPH}>")
    found = {(v.focus, v.path) for v in failure.value.report.violations}
    derived = "http://www.w3.org/ns/prov#wasDerivedFrom"
    assert found == {(f"{ID}graph/places", derived), (f"{ID}graph/series", derived)}
    assert dump(guard.store) == before


def test_clearing_the_seed_graph_but_keeping_its_source_conforms(guard: WriteGuard) -> None:
    keep = f"""CLEAR GRAPH <{SEED_GRAPH}> ;
    INSERT DATA {{ GRAPH <{SEED_GRAPH}> {{
        <{SEED_GRAPH}> a euus:FactGraph ; prov:wasDerivedFrom <{SEED_SOURCE}> .
        <{SEED_SOURCE}> a euus:SourceDocument ; dct:title "Senior officials met in Sofia"@en ;
            dct:publisher <{ID}presidency/2018-h1> ; dct:issued "2018-03-01"^^xsd:date .
    }} }}"""
    result = guard.update(PREFIXES + keep)
    assert result.report is not None and result.report.conforms
    assert not ask(guard.store, f"ASK {{ <{SEED_MEETING}> ?p ?o }}")
    assert guard.store.graph_size(SEED_GRAPH) == 6


def test_deleting_a_named_graph_through_the_graph_store(guard: WriteGuard) -> None:
    guard.update(insert_meeting("gone"))
    graph = f"{ID}graph/2018-03-12-gone"
    result = guard.delete_graph(graph)
    assert result.removed == meeting_triple_count() and result.report is not None and result.report.conforms
    assert not guard.store.graph_exists(graph)
    with pytest.raises(NotFound):
        guard.delete_graph(graph)


# --------------------------------------------------------------------- Graph Store Protocol


def test_put_of_the_same_content_is_an_empty_delta(store: Store) -> None:
    graph = store.get_graph(SEED_GRAPH)
    delta = replace_graph_delta(store, SEED_GRAPH, graph)
    assert not delta.removed and not delta.added and len(delta.kept) == len(graph)
    assert delta.reset_graphs == {URIRef(SEED_GRAPH)}


def test_put_creates_then_replaces_a_graph(guard: WriteGuard) -> None:
    graph = f"{ID}graph/2018-03-12-put"
    data = (PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + meeting_turtle("put")).encode()
    first = WriteGuard(guard.store).put_graph(graph, data=data, format="text/turtle", validate=False)
    assert first.created and first.added == meeting_triple_count()
    result = guard.put_graph(graph, guard.store.get_graph(graph))
    assert not result.created and (result.added, result.removed) == (0, 0)
    meeting = URIRef(f"{ID}meeting/2018-03-12-put")
    smaller = [t for t in guard.store.get_graph(graph) if (t[0], t[1]) != (meeting, DCTERMS.description)]
    result = guard.put_graph(graph, smaller)
    assert (result.added, result.removed) == (0, 1) and result.report is not None and result.report.conforms


def test_post_is_validated_and_rejected_posts_change_nothing(guard: WriteGuard) -> None:
    before = dump(guard.store)
    untitled = [(URIRef(SEED_MEETING + "/session/extra"), RDF.type, EUUS.Session)]
    with pytest.raises(ValidationFailed) as failure:
        guard.post_graph(SEED_GRAPH, untitled)
    assert {v.path for v in failure.value.report.violations} >= {str(DCTERMS.title), str(DCTERMS.subject)}
    assert dump(guard.store) == before
    labelled = [(URIRef(f"{ID}org/europol"), SKOS.altLabel, Literal("EU police agency", lang="en"))]
    result = guard.post_graph(f"{ID}graph/organisations", labelled)
    assert (result.added, result.created) == (1, False)


def test_graph_store_data_is_parsed_safely(store: Store) -> None:
    doctype = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
    with pytest.raises(InvalidInput, match="DOCTYPE"):
        WriteGuard(store).post_graph("urn:x:g", data=doctype, format="application/rdf+xml")
    remote_context = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:a", "urn:p": "x"}'
    with pytest.raises(InvalidInput):
        WriteGuard(store).post_graph("urn:x:g", data=remote_context, format="application/ld+json")
    with pytest.raises(InvalidInput, match="line 1"):
        WriteGuard(store).post_graph("urn:x:g", data=b"<urn:a> <urn:b> .", format="turtle")
    assert not store.graph_exists("urn:x:g")


def test_default_graph_writes_through_the_graph_store(store: Store) -> None:
    triples = [(URIRef("urn:x:a"), URIRef("urn:x:p"), Literal(1))]
    assert WriteGuard(store).post_graph(None, triples, validate=False).added == 1
    assert WriteGuard(store).put_graph(None, [], validate=False).removed == 1
    assert WriteGuard(store).delete_graph(None, validate=False).removed == 0


# ---------------------------------------------------------------------- caches and threads


def test_a_committed_change_to_a_context_graph_is_seen_by_the_next_write(guard: WriteGuard) -> None:
    visas = f"<{ID}topic/visas>"
    guard.update(
        f"DELETE WHERE {{ GRAPH <{ID}graph/topics> {{ {visas} ?p ?o }} }}", validate=False
    )  # visas is no longer a concept of the scheme
    with pytest.raises(ValidationFailed) as failure:
        guard.update(insert_meeting("visas"))
    assert any(v.path == str(DCTERMS.subject) for v in failure.value.report.violations)


def test_concurrent_writers_are_serialised(store: Store) -> None:
    counter = "<urn:x:counter>"
    store.update(f"INSERT DATA {{ {counter} <urn:x:n> 0 }}")
    increment = (
        f"DELETE {{ {counter} <urn:x:n> ?old }} INSERT {{ {counter} <urn:x:n> ?new }} "
        f"WHERE {{ {counter} <urn:x:n> ?old BIND(?old + 1 AS ?new) }}"
    )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    guard = WriteGuard(store)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                guard.update(increment, validate=False)
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert ask(store, f"ASK {{ {counter} <urn:x:n> 20 }}")


def test_two_validated_writers_at_once_both_commit(store: Store) -> None:
    guard = WriteGuard(store)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def write(slug: str) -> None:
        barrier.wait()
        try:
            results[slug] = guard.update(insert_meeting(slug))
        except ValidationFailed as error:
            results[slug] = error

    threads = [threading.Thread(target=write, args=(slug,)) for slug in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(getattr(result, "added", None) == meeting_triple_count() for result in results.values()), (
        results
    )
    assert ask(store, 'ASK { ?a dct:title "EU-US meeting left"@en . ?b dct:title "EU-US meeting right"@en }')
