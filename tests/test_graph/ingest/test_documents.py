"""The press-release ingest: the seed against its curated graph, validation, provenance, storage, quality."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pyoxigraph as ox
from ingest_helpers import (
    MINISTERIAL,
    NOW,
    SDO,
    SEED_FILE,
    SEED_GRAPH,
    SOM,
    XSD,
    press_release,
    read,
    union,
)
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph.ingest import Lexicon
from graph.ingest.commit import IngestValidator, commit, delete_document
from graph.ingest.emit import agent_iri, document_slug
from graph.ingest.pipeline import IngestResult
from graph.namespaces import CV, EUUS, ID, PREFIXES, SD, is_minted_iri
from graph.resources import CHECKS_DIR, shipped_versions
from graph.store import open_store
from graph.store.terms import to_ox_quad
from graph.validation.checks import run_check
from graph.validation.full import merged_graph, validate_graph
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped

# ---- the seed against the curated Sofia graph ---------------------------------------------------------


def _meeting_facts(graph: Graph, meeting: URIRef, *, with_sessions: bool) -> dict[str, set[str]]:
    def values(node: URIRef, predicate: URIRef) -> set[str]:
        return {str(v) for v in graph.objects(node, predicate)}

    topics = values(meeting, DCTERMS.subject)
    if with_sessions:
        for session in graph.objects(meeting, SDO.subEvent):
            topics |= values(session, DCTERMS.subject)  # type: ignore[arg-type]
    participants = set()
    for p in graph.objects(meeting, CV.hasParticipation):
        who = graph.value(p, CV.hasParticipant)
        participants.add(f"{who or 'described'} on {graph.value(p, EUUS.side)}")
    visits = {
        f"{graph.value(v, SDO.location)} about {sorted(values(v, DCTERMS.subject))}"  # type: ignore[arg-type]
        for v in graph.subjects(EUUS.follows, meeting)
    }
    facts = {
        "kind": values(meeting, EUUS.meetingKind),
        "status": values(meeting, EUUS.meetingStatus),
        "start": {
            f"{v} {v.datatype}" for v in graph.objects(meeting, SDO.startDate) if isinstance(v, Literal)
        },
        "end": values(meeting, SDO.endDate),
        "place": values(meeting, SDO.location),
        "presidency": values(meeting, EUUS.duringPresidency),
        "series": values(meeting, EUUS.partOfSeries),
        "host": values(meeting, EUUS.host),
        "prepares": values(meeting, EUUS.prepares),
        "participants": participants,
        "topics": topics,
        "visits": visits,
    }
    return facts


def test_ingesting_the_seed_gives_the_facts_of_the_curated_sofia_graph(lexicon: Lexicon, seed: str) -> None:
    curated = Graph().parse(SEED_GRAPH, format="turtle")
    extracted = union(read(seed, lexicon, SEED_FILE.name))
    problems = []
    for meeting, sessions in ((SOM, True), (MINISTERIAL, False)):
        want = _meeting_facts(curated, meeting, with_sessions=sessions)
        got = _meeting_facts(extracted, meeting, with_sessions=False)
        for key in want:
            if missing := want[key] - got[key]:
                problems.append(f"{meeting} {key}: missing {sorted(missing)}")
            if extra := got[key] - want[key]:
                problems.append(f"{meeting} {key}: extra {sorted(extra)}")
    assert not problems, "\n".join(problems)


def test_the_seed_source_document_has_publisher_date_language_and_attribution_line(
    lexicon: Lexicon, seed: str
) -> None:
    extraction = read(seed, lexicon, SEED_FILE.name)
    graph = extraction.graph
    source = graph.value(extraction.graph_iri, PROV.wasDerivedFrom)
    assert graph.value(source, DCTERMS.publisher) == ID["presidency/2018-h1"]
    assert graph.value(source, DCTERMS.issued) == Literal("2018-03-01", datatype=XSD.date)
    assert graph.value(source, SDO.inLanguage) == Literal("en")
    assert graph.value(source, DCTERMS.identifier) == Literal("000_0be234f73af0dcac")
    line = graph.value(source, EUUS.attributionLine)
    assert isinstance(line, Literal) and line.language == "nl" and line.startswith("Met dank overgenomen")
    assert graph.value(source, EUUS.republisher) is None
    assert (
        extraction.graph_iri
        == ID[f"graph/{document_slug(str(graph.value(source, DCTERMS.title)), dt.date(2018, 3, 1))}"]
    )


# ---- validation --------------------------------------------------------------------------------------


def test_the_seed_extraction_conforms_and_the_context_slice_gives_the_full_validation(
    lexicon: Lexicon, validator: IngestValidator, context: Dataset, seed: str
) -> None:
    extraction = read(seed, lexicon, SEED_FILE.name)
    [report] = validator.validate([extraction])
    assert report.conforms, [(r.focus, r.path, r.message) for r in report.violations]
    # the same extraction checked against the whole model and reference data, as graph.validation.full does it
    full = merged_graph(context)
    for name, graph in extraction.graphs().items():
        full.add((name, RDF.type, SD.NamedGraph))
        for triple in graph:
            full.add(triple)
    own = {r.focus for r in report.results}
    nodes = {str(s) for g in extraction.graphs().values() for s in g.subjects() if isinstance(s, URIRef)}
    expected = {(r.focus, r.path, r.message) for r in validate_graph(full).results if r.focus in nodes}
    assert {(r.focus, r.path, r.message) for r in report.results} == expected
    assert own


def test_every_tuning_document_conforms(tuning_part: list[IngestResult]) -> None:
    # the held-out part is read blind: a held-out release may still give a graph the shapes refuse (the
    # write path then stores none of it); the tuning part is where that is fixed and held
    results = tuning_part
    # a release without an attribution line names no publisher and no date, and one whose line lacks one of
    # them ("Press Release / Release Date: ...", "X – Press release" under a dated title) lacks that: its
    # source cannot be stored, and the violations say exactly that (its meetings are read all the same)
    lacking = {
        "publisher": "A source document has exactly one publisher, an agent.",
        "published": "A source document has exactly one issue date: an xsd:date, or an xsd:gYearMonth or "
        "xsd:gYear when only the month or year is known.",
    }
    # a meeting one release announces (planned) and a later one reports (held) has both statuses where the
    # two are validated in one batch: each reading is right at its publication date (the store's merge
    # reports the other as a conflict), so that message is no fault of either
    statuses: dict[str, set[str]] = {}
    for r in results:
        for meeting in r.extraction.summary["meetings"]:
            statuses.setdefault(meeting["id"], set()).add(meeting["status"])
    changed = {iri for iri, found in statuses.items() if len(found) > 1}
    bad, without_source = {}, []
    for r in results:
        messages = {v.message for v in r.report.violations}
        if changed & {m["id"] for m in r.extraction.summary["meetings"]}:
            messages = {m for m in messages if not m.startswith("A meeting has exactly one status")}
        source = r.extraction.reading.source
        if source.attribution is None:
            without_source.append(r.extraction.summary["file"])
        if messages != {m for fact, m in lacking.items() if getattr(source, fact) is None}:
            bad[r.extraction.summary["file"]] = sorted(messages)
    assert not bad, bad
    assert len(without_source) < len(results) / 5


def test_a_second_status_of_a_meeting_is_a_violation(
    lexicon: Lexicon, validator: IngestValidator, seed: str
) -> None:
    extraction = read(seed, lexicon)
    extraction.graph.add((SOM, EUUS.meetingStatus, ID["meeting-status/planned"]))  # a second status
    [report] = validator.validate([extraction])
    assert not report.conforms
    assert any(r.focus == str(SOM) and r.path == str(EUUS.meetingStatus) for r in report.violations)


def test_ingested_data_uses_only_declared_terms(lexicon: Lexicon, context: Dataset, seed: str) -> None:
    extraction = read(seed, lexicon)
    store = ox.Store()
    store.extend(
        to_ox_quad((s, p, o, None if str(g) == "urn:x-rdflib:default" else g))
        for s, p, o, g in context.quads()
    )
    store.extend(to_ox_quad((*t, name)) for name, g in extraction.graphs().items() for t in g)
    outcome = run_check(store, CHECKS_DIR / "undeclared-term-violation.rq")
    assert outcome.passed, outcome.rows


def test_minted_iris_follow_the_iri_policy(lexicon: Lexicon, seed: str) -> None:
    extraction = read(seed, lexicon)
    minted = {s for g in extraction.graphs().values() for s in g.subjects() if str(s).startswith(str(ID))}
    assert minted and all(is_minted_iri(str(iri)) for iri in minted), sorted(
        str(i) for i in minted if not is_minted_iri(str(i))
    )


# ---- provenance --------------------------------------------------------------------------------------


def test_every_topic_link_and_participation_says_where_it_was_read(lexicon: Lexicon, seed: str) -> None:
    text = seed
    extraction = read(text, lexicon)
    graph = extraction.graph
    for topic in union(extraction).objects(SOM, DCTERMS.subject):
        statements = [
            st
            for st in graph.subjects(RDF.subject, SOM)
            if graph.value(st, RDF.predicate) == DCTERMS.subject and graph.value(st, RDF.object) == topic
        ]
        assert statements, f"no statement for the topic {topic}"
        start, end = map(int, str(graph.value(statements[0], EUUS.textSpan)).split("-"))
        assert text[start:end] == str(graph.value(statements[0], PROV.value))
    for participation in graph.objects(SOM, CV.hasParticipation):
        start, end = map(int, str(graph.value(participation, EUUS.textSpan)).split("-"))
        assert text[start:end].strip(), participation


def test_the_fact_graph_was_generated_by_the_ingest_activity(lexicon: Lexicon, seed: str) -> None:
    extraction = read(seed, lexicon)
    graph = extraction.graph
    activity = graph.value(extraction.graph_iri, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in graph
    assert graph.value(activity, PROV.startedAtTime) == Literal(NOW.isoformat(), datatype=XSD.dateTime)
    assert graph.value(activity, PROV.wasAssociatedWith) == agent_iri()
    assert (agent_iri(), RDF.type, PROV.SoftwareAgent) in graph
    assert graph.value(extraction.graph_iri, DCTERMS.created) == Literal("2026-11-28", datatype=XSD.date)


def test_a_fact_resolved_from_the_rota_cites_the_council_decision(lexicon: Lexicon, seed: str) -> None:
    graph = read(seed, lexicon).graph
    [statement] = [
        st
        for st in graph.subjects(RDF.subject, MINISTERIAL)
        if graph.value(st, RDF.predicate) == EUUS.duringPresidency
    ]
    assert graph.value(statement, PROV.wasDerivedFrom) == ID["source/council-decision-2016-1316"]


# ---- the store: re-ingest, shared meetings, deletion ---------------------------------------------------


def shipped_guard() -> WriteGuard:
    """A guard over a new in-memory store that holds the shipped data (the context every write needs)."""
    guard = WriteGuard(open_store(prefixes=PREFIXES))
    ensure_shipped(guard.store, guard)
    return guard


def graphs_beyond_the_shipped(guard: WriteGuard) -> list[str]:
    return [g for g in guard.store.named_graphs() if URIRef(g) not in shipped_versions()]


def test_reingesting_a_document_replaces_its_graph(lexicon: Lexicon) -> None:
    guard = shipped_guard()
    text = press_release(
        "The EU-US Justice and Home Affairs Ministerial Meeting was held on 16 December 2021 in Ljubljana. "
        "Slovenian Ministers, on behalf of the Presidency, welcomed the Attorney General.",
        title="Ministers meet in Ljubljana",
    )
    commit(guard, read(text, lexicon))
    size = guard.store.quad_count()
    commit(guard, read(text, lexicon))
    assert guard.store.quad_count() == size
    assert len(graphs_beyond_the_shipped(guard)) == 2


def test_two_documents_about_one_meeting_share_its_node_and_state_its_key_facts_once(
    lexicon: Lexicon,
) -> None:
    body = (
        "The EU-US Justice and Home Affairs Ministerial Meeting was held on 16 December 2021 in Ljubljana. "
        "Slovenian Ministers, on behalf of the Presidency, welcomed the Attorney General."
    )
    first = read(press_release(body, title="Ministers meet in Ljubljana"), lexicon)
    second = read(
        press_release(body + " Europol took part.", title="EU and US ministers in Ljubljana"), lexicon
    )
    assert first.graph_iri != second.graph_iri
    assert first.summary["meetings"][0]["id"] == second.summary["meetings"][0]["id"]
    guard = shipped_guard()
    commit(guard, first)
    commit(guard, second)
    quads = guard.store.dump("nquads").read().decode()
    dataset = Dataset()
    dataset.parse(data=quads, format="nquads")
    meeting = URIRef(first.summary["meetings"][0]["id"])
    in_graphs = Counter(str(g) for s, p, o, g in dataset.quads((meeting, RDF.type, EUUS.Meeting, None)))
    assert list(in_graphs.values()) == [1], in_graphs
    key_graph = next(iter(first.shared))
    assert {o for _, _, o, _ in dataset.quads((key_graph, PROV.wasDerivedFrom, None, None))} == {
        first.graph.value(first.graph_iri, PROV.wasDerivedFrom),
        second.graph.value(second.graph_iri, PROV.wasDerivedFrom),
    }


def test_deleting_the_last_document_about_a_meeting_drops_its_key_graph(lexicon: Lexicon) -> None:
    guard = shipped_guard()
    text = press_release(
        "The EU-US Justice and Home Affairs Ministerial Meeting was held on 16 December 2021 in Ljubljana. "
        "Slovenian Ministers, on behalf of the Presidency, welcomed the Attorney General.",
        title="Ministers meet in Ljubljana",
    )
    extraction = read(text, lexicon)
    commit(guard, extraction)
    assert graphs_beyond_the_shipped(guard)
    assert delete_document(guard, extraction.graph_iri)
    assert graphs_beyond_the_shipped(guard) == []


# ---- quality over the corpus ----------------------------------------------------------------------------


def test_the_summary_is_json_ready(lexicon: Lexicon, seed: str) -> None:
    summary = read(seed, lexicon, "seed.txt").summary
    assert json.loads(json.dumps(summary)) == summary
    assert set(summary) >= {"file", "source", "meetings", "warnings"}
    assert set(summary["source"]) >= {"title", "publisher", "republisher", "published"}
    meeting = summary["meetings"][0]
    assert set(meeting) >= {
        "id",
        "kind",
        "label",
        "start",
        "end",
        "place",
        "presidency",
        "participants",
        "topics",
        "related",
    }
    assert {"id", "label", "side", "role"} <= set(meeting["participants"][0])
