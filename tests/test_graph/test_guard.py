"""Guarded writes: validated before they are committed, all or nothing, on real stores."""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph import update_delta as update_delta_module
from graph.embedded_store import EmbeddedStore
from graph.errors import Forbidden, InvalidInput, InvalidQuery, NotFound, ValidationFailed
from graph.guard import (
    WriteGuard,
    guard_for,
    guarded_delete_graph,
    guarded_post_graph,
    guarded_put_graph,
    guarded_update,
)
from graph.guard_validate import ValidationContext
from graph.namespaces import EUUS
from graph.store import AskResult, Quad, Store, open_store
from graph.store_terms import ToRdflib, graph_node, to_ox_term
from graph.update_delta import replace_graph_delta, update_delta

ID = "https://w3id.org/euus-kg/id/"
SEED_GRAPH = ID + "graph/2018-03-01-eu-us-jha-senior-officials-sofia"
SEED_MEETING = ID + "meeting/2018-02-26-eu-us-jha-senior-officials-sofia"
SEED_SOURCE = ID + "source/2018-03-01-eu-us-jha-senior-officials-sofia"
PREFIXES = """PREFIX euus: <https://w3id.org/euus-kg/ontology#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/euus-kg/id/>
"""


def meeting_turtle(
    slug: str,
    *,
    start: str = "2018-03-12",
    presidency: str = "2018-h1",
    topic: str = "migration",
    participants: bool = True,
) -> str:
    """Turtle for a new meeting in the shape of the seed source file: about 40 triples."""
    meeting = f"{ID}meeting/{start}-{slug}"
    participations = (
        f"""cv:hasParticipation <{meeting}/participation/eu> , <{meeting}/participation/us> ;"""
        if participants
        else ""
    )
    return f"""
<{ID}graph/{start}-{slug}> a euus:FactGraph ;
    dct:title "Facts about {slug}"@en ; prov:wasDerivedFrom <{ID}source/{start}-{slug}> .
<{ID}source/{start}-{slug}> a euus:SourceDocument ; dct:title "Press release on {slug}"@en ;
    dct:publisher <{ID}org/council-of-the-eu> ; dct:issued "{start}"^^xsd:date ;
    schema:url <https://example.org/{slug}> .
<{meeting}> a euus:Meeting , cv:PublicEvent , schema:Event ;
    dct:title "EU-US meeting {slug}"@en ; dct:description "A meeting about {topic}."@en ;
    euus:meetingKind <{ID}meeting-kind/senior-officials> ; euus:meetingStatus <{ID}meeting-status/held> ;
    euus:partOfSeries <{ID}series/eu-us-jha-senior-officials> ;
    schema:startDate "{start}"^^xsd:date ; schema:endDate "{start}"^^xsd:date ;
    schema:location <{ID}place/sofia> ; euus:host <{ID}presidency/{presidency}> ;
    euus:duringPresidency <{ID}presidency/{presidency}> ;
    dct:subject <{ID}topic/{topic}> , <{ID}topic/visas> ;
    {participations}
    schema:subEvent <{meeting}/session/one> .
<{meeting}/participation/eu> a cv:Participation ; cv:hasParticipant <{ID}org/european-commission> ;
    euus:side <{ID}side/eu> ; euus:participationRole <{ID}participation-role/delegation> .
<{meeting}/participation/us> a cv:Participation ; dct:description "the US delegation"@en ;
    euus:side <{ID}side/us> ; euus:participationRole <{ID}participation-role/delegation> .
<{meeting}/session/one> a euus:Session ; dct:title "Session one"@en ; euus:sessionOrder 1 ;
    dct:subject <{ID}topic/{topic}> .
"""


def insert_meeting(slug: str, **options: object) -> str:
    start = str(options.get("start", "2018-03-12"))
    body = meeting_turtle(slug, **options)  # type: ignore[arg-type]
    return f"{PREFIXES}INSERT DATA {{ GRAPH <{ID}graph/{start}-{slug}> {{ {body} }} }}"


def load_shipped(store: Store, dataset: Dataset) -> None:
    store.add_quads(cast(Iterable[Quad], dataset.quads()))


def dump(store: Store) -> set[str]:
    return set(store.dump().read().decode().splitlines())


def ask(store: Store, sparql: str) -> bool:
    result = store.query(PREFIXES + sparql)
    assert isinstance(result, AskResult)
    return result.boolean


@pytest.fixture(scope="session")
def validation_context() -> ValidationContext:
    """Parsed shapes and their dependencies, shared; the context graph is re-read per test."""
    return ValidationContext()


@pytest.fixture
def store(shipped_dataset: Dataset) -> Iterator[Store]:
    opened = open_store()
    load_shipped(opened, shipped_dataset)
    yield opened
    opened.close()


@pytest.fixture
def guard(store: Store, validation_context: ValidationContext) -> WriteGuard:
    validation_context.invalidate()
    return WriteGuard(store, context=validation_context)


# ---------------------------------------------------------------------------- inserts


def test_valid_meeting_is_committed_and_queryable(guard: WriteGuard) -> None:
    result = guard.update(insert_meeting("valid"))
    assert result.report is not None and result.report.conforms
    assert result.added == 38 and result.removed == 0
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
    """The sd:NamedGraph marker of graph.validate.merged_graph is added for graphs a write fills."""
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
        guarded_update(store, insert_meeting("bad", topic="no-such-topic"))
    assert dump(store) == before
    result = guarded_update(store, insert_meeting("good"))
    assert result.added == 38
    store.close()
    reopened = open_store(path=str(tmp_path / "db"))
    assert len(dump(reopened)) == len(before) + 38
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
    """Two hops of reach: term → presidency (memberDuring) → meeting (duringPresidency)."""
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
    assert {SEED_MEETING, f"{ID}presidency/2018-h1"} <= focus


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
    assert result.removed == 38 and result.report is not None and result.report.conforms
    assert not guard.store.graph_exists(graph)
    with pytest.raises(NotFound):
        guard.delete_graph(graph)


# ---------------------------------------------------------------------- update semantics


def test_rename_title_and_a_second_operation_sees_the_first(guard: WriteGuard) -> None:
    """The second operation reads the title the first one wrote (SPARQL 1.1 Update §3).

    The WHERE clauses name the graphs: in an update the default graph is the store's real
    default graph (empty here), not the union that queries see.
    """
    text = f"""{PREFIXES}
    DELETE {{ GRAPH ?g {{ <{SEED_MEETING}> dct:title ?old }} }}
    INSERT {{ GRAPH ?g {{ <{SEED_MEETING}> dct:title "Renamed meeting"@en }} }}
    WHERE {{ GRAPH ?g {{ <{SEED_MEETING}> dct:title ?old }} }} ;
    INSERT {{ GRAPH <{SEED_GRAPH}> {{ <{SEED_MEETING}> dct:alternative ?now }} }}
    WHERE {{ GRAPH ?any {{ <{SEED_MEETING}> dct:title ?now }} }}"""
    result = guard.update(text)
    assert (result.added, result.removed) == (2, 1)
    assert ask(guard.store, f'ASK {{ <{SEED_MEETING}> dct:alternative "Renamed meeting"@en }}')
    assert not ask(guard.store, f'ASK {{ <{SEED_MEETING}> dct:title ?t FILTER(?t != "Renamed meeting"@en) }}')


def test_net_delta_cancels_an_insert_then_delete_and_skips_existing_quads(store: Store) -> None:
    triple = f'<{ID}org/europol> <{SKOS.altLabel}> "x"'
    existing = f"<{SEED_MEETING}> a <{EUUS.Meeting}>"
    text = f"INSERT DATA {{ {triple} }} ; DELETE DATA {{ {triple} }} ;"
    text += f" INSERT DATA {{ GRAPH <{SEED_GRAPH}> {{ {existing} }} }}"
    delta = update_delta(store, text)
    assert delta.is_empty


# Update texts whose effect the guard must reproduce exactly as the store itself does.
SEMANTICS = [
    "INSERT DATA { ex:n ex:p 5 }",
    "INSERT DATA { GRAPH ex:g3 { ex:n ex:p 5 } } ; DELETE DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "DELETE DATA { GRAPH ex:g1 { ex:a ex:p 1 } } ; INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "DELETE WHERE { GRAPH ex:g1 { ?s ex:p ?o } }",
    "DELETE { GRAPH ?g { ?s ex:p ?o } } INSERT { GRAPH ?g { ?s ex:p2 ?o } }\n"
    "WHERE { GRAPH ?g { ?s ex:p ?o } }",
    "WITH ex:g1 DELETE { ?s ex:p ?o } INSERT { ?s ex:p3 ?o } WHERE { ?s ex:p ?o }",
    "INSERT { ?s ex:copy ?o } WHERE { ?s ex:p ?o }",
    "INSERT { ?s ex:copy ?o } USING ex:g1 WHERE { ?s ex:p ?o }",
    "INSERT { ?s ex:copy ?o } USING NAMED ex:g1 WHERE { GRAPH ?g { ?s ex:p ?o } }",
    "INSERT { ?s ex:copy ?o } USING NAMED ex:g1 WHERE { ?s ex:p ?o }",
    "INSERT { GRAPH ex:g5 { ?s ex:copy ?o } } USING ex:g1 USING ex:g2 WHERE { ?s ex:p ?o }",
    "INSERT { GRAPH ?g { ex:x ex:y 2 } } WHERE { OPTIONAL { ex:none ex:none ?g } }",
    "INSERT { ?s ex:n ?n } WHERE { GRAPH ex:g1 { ?s ex:p ?o } BIND(?o + 1 AS ?n) }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o FILTER(?o = 1) } }",
    "DELETE { GRAPH ex:g2 { ?s ?p ?o } } WHERE { GRAPH ex:g1 { ?s ?p ?o } }",
    "INSERT { GRAPH ex:g4 { ?s ex:sub ?g } }\n"
    'WHERE { { GRAPH ?g { ?s ex:p ?o } } UNION { ?s ex:p ?o BIND("d" AS ?g) } }',
    "CLEAR ALL",
    "DROP ALL",
    "CLEAR NAMED",
    "DROP NAMED",
    "DROP DEFAULT",
    "CLEAR GRAPH ex:g1",
    "DROP GRAPH ex:g1",
    "DROP SILENT GRAPH ex:missing",
    "CREATE GRAPH ex:new",
    "CREATE SILENT GRAPH ex:g1",
    "ADD ex:g1 TO ex:g2",
    "COPY ex:g1 TO ex:g2",
    "MOVE ex:g1 TO ex:g2",
    "MOVE ex:g1 TO ex:new",
    "COPY ex:missing TO ex:g2",
    "ADD ex:missing TO ex:g2",
    "COPY DEFAULT TO ex:g1",
    "MOVE ex:g2 TO DEFAULT",
    "DROP GRAPH ex:g1 ; INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "CLEAR GRAPH ex:g1 ; INSERT DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    "DROP GRAPH ex:g1 ; CREATE GRAPH ex:g1",
    "CREATE GRAPH ex:e ; DROP GRAPH ex:e",
    "INSERT DATA { GRAPH ex:e { } }",
    "CLEAR GRAPH ex:g1 ; DELETE DATA { GRAPH ex:g1 { ex:a ex:p 1 } }",
    'INSERT DATA { GRAPH ex:g1 { ex:a ex:p "01"^^<http://www.w3.org/2001/XMLSchema#integer> } }',
    'INSERT DATA { ex:a ex:p "caf\\u00e9" } ; DELETE DATA { GRAPH ex:g1 { ex:b ex:p 2 } }',
]
SEMANTICS_SETUP = """PREFIX ex: <http://example.org/>
INSERT DATA { ex:d1 ex:p "default" .
  GRAPH ex:g1 { ex:a ex:p 1 . ex:a ex:q "x" . ex:b ex:p 2 . }
  GRAPH ex:g2 { ex:a ex:p 1 . ex:c ex:p 3 . } }"""


class PatternStore(EmbeddedStore):
    """The embedded store with the ``quads_for_pattern`` that graph.store_reader uses when present.

    A sketch of the method proposed for the Store protocol: rdflib terms in and out, ``graph``
    one graph (``None``: the default graph), blank node labels kept.
    """

    def quads_for_pattern(self, s: object, p: object, o: object, graph: str | None) -> Iterator[Quad]:
        convert = ToRdflib()
        subject, predicate, obj = (None if t is None else to_ox_term(t) for t in (s, p, o))
        for quad in self._db.quads_for_pattern(subject, predicate, obj, graph_node(graph)):
            yield convert(quad.subject), convert(quad.predicate), convert(quad.object), graph


def _scratch(kind: str = "sparql") -> Store:
    store: Store = PatternStore() if kind == "pattern" else open_store()
    store.update(SEMANTICS_SETUP)
    return store


@pytest.mark.parametrize("reads", ["sparql", "pattern"])
@pytest.mark.parametrize("operation", SEMANTICS)
def test_update_semantics_match_the_store(operation: str, reads: str) -> None:
    text = "PREFIX ex: <http://example.org/>\n" + operation
    guarded, direct = _scratch(reads), _scratch()
    guarded_update(guarded, text, validate=False)
    direct.update(text)
    assert dump(guarded) == dump(direct)
    assert guarded.named_graphs() == direct.named_graphs()


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        ("DROP GRAPH ex:missing", "does not exist"),
        ("CREATE GRAPH ex:g1", "already exists"),
        ("MOVE ex:missing TO ex:g2", "does not exist"),
    ],
)
def test_failing_operation_changes_nothing(operation: str, message: str) -> None:
    store = _scratch()
    before = dump(store)
    text = f"PREFIX ex: <http://example.org/>\nINSERT DATA {{ ex:new ex:p 1 }} ; {operation}"
    with pytest.raises(InvalidQuery, match=message):
        guarded_update(store, text, validate=False)
    assert dump(store) == before


def test_clearing_a_missing_graph_succeeds() -> None:
    """Unlike oxigraph (W3C protocol test update_base_uri sends CLEAR GRAPH without SILENT)."""
    store = _scratch()
    before = dump(store)
    guarded_update(store, "CLEAR GRAPH <http://example.org/missing>", validate=False)
    assert dump(store) == before and not store.graph_exists("http://example.org/missing")


def test_undeclared_prefixes_do_not_unbind_declared_ones() -> None:
    """rdflib's initNs would rebind dct: over the text's dc: (same namespace) in later operations."""
    store = _scratch()
    text = """PREFIX dc: <http://purl.org/dc/terms/>
    CLEAR GRAPH <urn:x:none> ;
    INSERT { GRAPH <urn:x:out> { ?s a dc:BibliographicResource ; skos:note "x" } }
    WHERE { GRAPH ?g { ?s ?p 1 } }"""
    result = guarded_update(
        store, text, prefixes={"dct": "http://purl.org/dc/terms/", "skos": str(SKOS)}, validate=False
    )
    assert result.added == 2  # ex:a a dc:BibliographicResource ; skos:note "x"


def test_blank_nodes_in_templates_are_fresh_per_solution() -> None:
    store = _scratch()
    text = "PREFIX ex: <http://example.org/> INSERT { GRAPH ex:h { _:n ex:of ?s . ?s ex:has _:n } }"
    text += " WHERE { GRAPH ex:g1 { ?s ex:p ?o } }"
    guarded_update(store, text, validate=False)
    graph = store.get_graph("http://example.org/h")
    nodes = set(graph.subjects(URIRef("http://example.org/of"), None))
    assert len(nodes) == 2 and all(isinstance(n, BNode) for n in nodes)
    for node in nodes:
        (subject,) = graph.objects(node, URIRef("http://example.org/of"))
        assert (subject, URIRef("http://example.org/has"), node) in graph


def test_blank_nodes_of_the_store_cannot_be_deleted_one_by_one() -> None:
    store = _scratch()
    graph = "http://example.org/b"
    store.update(
        f"PREFIX ex: <http://example.org/> INSERT DATA {{ GRAPH <{graph}> {{ _:x ex:p 1 . ex:y ex:p 2 }} }}"
    )
    before = dump(store)
    with pytest.raises(InvalidInput, match="blank nodes"):
        guarded_update(store, f"DELETE WHERE {{ GRAPH <{graph}> {{ ?s ?p 1 }} }}", validate=False)
    with pytest.raises(InvalidInput, match="blank nodes"):  # would copy _:x as a new blank node
        guarded_update(
            store, f"INSERT {{ ?s <urn:x:q> 3 }} WHERE {{ GRAPH <{graph}> {{ ?s ?p 1 }} }}", validate=False
        )
    assert dump(store) == before
    extra = (URIRef("http://example.org/z"), URIRef("http://example.org/p"), Literal(3))
    assert guarded_post_graph(store, graph, triples=[extra], validate=False).added == 1  # quad by quad
    assert len(dump(store)) == len(before) + 1 and before <= dump(store)
    guarded_update(store, f"CLEAR GRAPH <{graph}>", validate=False)  # a whole graph can be emptied
    assert store.graph_exists(graph) and store.graph_size(graph) == 0
    guarded_update(store, f"DROP GRAPH <{graph}>", validate=False)  # or go
    assert not store.graph_exists(graph)


# -------------------------------------------------------------------- refusals and errors


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
        ("LOAD <file:///etc/passwd> INTO GRAPH <urn:g>", "LOAD"),
        ("INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        (
            "INSERT { ?s ?p ?o } WHERE { OPTIONAL { SERVICE SILENT <http://10.0.0.1/> { ?s ?p ?o } } }",
            "SERVICE",
        ),
    ],
)
def test_load_and_service_are_refused(store: Store, text: str, keyword: str) -> None:
    before = dump(store)
    with pytest.raises(Forbidden, match=f"{keyword}.*SSRF"):
        guarded_update(store, text, validate=False)
    assert dump(store) == before


def test_service_is_refused_by_the_algebra_check_too(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(update_delta_module, "refuse_outbound", lambda text: None)
    with pytest.raises(Forbidden, match="SERVICE"):
        update_delta(store, "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(Forbidden, match="LOAD"):
        update_delta(store, "LOAD <http://127.0.0.1:9/x>")


def test_syntax_error_gives_line_and_column(store: Store) -> None:
    with pytest.raises(InvalidQuery) as error:
        guarded_update(store, "INSERT DATA {\n  <urn:a> <urn:b> \n}")
    assert (error.value.line, error.value.column) == (3, 1)


def test_relative_iris_resolve_against_base_iri() -> None:  # W3C protocol #19
    store = _scratch()
    base = "http://example.org/base/"
    guarded_update(store, "INSERT DATA { GRAPH <g> { <s> <p> <test> } }", base_iri=base, validate=False)
    guarded_update(
        store, "INSERT { GRAPH <h> { <s> <p> ?o } } WHERE { BIND(<t> AS ?o) }", base_iri=base, validate=False
    )
    assert {base + "g", base + "h"} <= set(store.named_graphs())
    assert ask(store, f"ASK {{ GRAPH <{base}h> {{ <{base}s> <{base}p> <{base}t> }} }}")


def test_nothing_is_fetched_for_using_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib loads USING graphs over HTTP when SPARQL_LOAD_GRAPHS is on; the guard never asks it to."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a URL was opened")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    store = _scratch()
    text = (
        "INSERT { GRAPH <urn:x:out> { ?s ?p ?o } } USING <http://127.0.0.1:9/remote.ttl> WHERE { ?s ?p ?o }"
    )
    assert guarded_update(store, text, validate=False).added == 0


# ----------------------------------------------------- protocol dataset (W3C protocol tests)

K = "http://kasei.us/2009/09/sparql/data/"
FOAF_DOC = "<http://xmlns.com/foaf/0.1/Document>"
DC = "PREFIX dc: <http://purl.org/dc/terms/>\n"
TARGET = "<http://example.org/protocol-update-dataset-test/>"


def _load_kasei(store: Store, *names: str) -> None:
    for name in names:
        store.update(f"INSERT DATA {{ GRAPH <{K}{name}> {{ <{K}{name}> a {FOAF_DOC} }} }}")


def test_protocol_using_graph_uri_is_the_where_default_graph() -> None:  # W3C #13
    store = open_store()
    text = f"""{DC}CLEAR ALL ; INSERT DATA {{ GRAPH <{K}data1.rdf> {{ <{K}data1.rdf> a {FOAF_DOC} }} }} ;
    INSERT {{ GRAPH {TARGET} {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a {FOAF_DOC} }}"""
    guarded_update(store, text, using_graphs=[K + "data1.rdf"], validate=False)
    assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> a dct:BibliographicResource }} }}")


def test_protocol_two_using_graphs_are_merged() -> None:  # W3C #14
    store = open_store()
    _load_kasei(store, "data1.rdf", "data2.rdf")
    text = f"{DC}INSERT {{ GRAPH {TARGET} {{ ?s a dc:BibliographicResource }} }} WHERE {{ ?s a {FOAF_DOC} }}"
    guarded_update(store, text, using_graphs=[K + "data1.rdf", K + "data2.rdf"], validate=False)
    for name in ("data1.rdf", "data2.rdf"):
        assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}{name}> a dct:BibliographicResource }} }}")


def test_protocol_using_named_graph_uri_gives_the_named_graphs() -> None:  # W3C #15
    store = open_store()
    _load_kasei(store, "data1.rdf", "data2.rdf", "data3.rdf")
    text = f"{DC}INSERT {{ GRAPH {TARGET} {{ ?s a dc:BibliographicResource }} }}"
    text += f" WHERE {{ GRAPH ?g {{ ?s a {FOAF_DOC} }} }}"
    guarded_update(store, text, using_named_graphs=[K + "data1.rdf", K + "data2.rdf"], validate=False)
    assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> a dct:BibliographicResource }} }}")
    assert ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data2.rdf> a dct:BibliographicResource }} }}")
    assert not ask(store, f"ASK {{ GRAPH {TARGET} {{ <{K}data3.rdf> ?p ?o }} }}")


def test_protocol_full_dataset() -> None:  # W3C #16
    store = open_store()
    _load_kasei(store, "data1.rdf", "data2.rdf")
    text = f"""{DC}INSERT {{ GRAPH {TARGET} {{ ?s dc:source ?from }} }} WHERE {{
        {{ GRAPH ?g {{ ?s a {FOAF_DOC} }} BIND("named" AS ?from) }}
        UNION {{ ?s a {FOAF_DOC} BIND("default" AS ?from) }} }}"""
    guarded_update(
        store, text, using_graphs=[K + "data1.rdf"], using_named_graphs=[K + "data2.rdf"], validate=False
    )
    assert ask(
        store,
        f'ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> dct:source "default" .'
        f' <{K}data2.rdf> dct:source "named" }} }}',
    )
    assert not ask(store, f'ASK {{ GRAPH {TARGET} {{ <{K}data1.rdf> dct:source "named" }} }}')
    assert not ask(store, f'ASK {{ GRAPH {TARGET} {{ <{K}data2.rdf> dct:source "default" }} }}')


@pytest.mark.parametrize(
    "text",
    [
        "WITH <http://example/people> INSERT { ?s a <urn:x> } WHERE { ?s ?p ?o }",
        "INSERT { ?s a <urn:x> } USING <http://example/people> WHERE { ?s ?p ?o }",
        "INSERT { ?s a <urn:x> } USING NAMED <http://example/people> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_protocol_dataset_conflict(text: str) -> None:  # W3C #34 bad_update_dataset_conflict
    store = open_store()
    with pytest.raises(InvalidQuery, match="dataset conflict"):
        guarded_update(store, text, using_named_graphs=["http://example/people"], validate=False)


# --------------------------------------------------------------------- Graph Store Protocol


def test_put_of_the_same_content_is_an_empty_delta(store: Store) -> None:
    graph = store.get_graph(SEED_GRAPH)
    delta = replace_graph_delta(store, SEED_GRAPH, graph)
    assert not delta.removed and not delta.added and len(delta.kept) == len(graph)
    assert delta.reset_graphs == {URIRef(SEED_GRAPH)}


def test_put_creates_then_replaces_a_graph(guard: WriteGuard) -> None:
    graph = f"{ID}graph/2018-03-12-put"
    data = (PREFIXES.replace("PREFIX ", "@prefix ").replace(">\n", "> .\n") + meeting_turtle("put")).encode()
    first = guarded_put_graph(guard.store, graph, data=data, format="text/turtle", validate=False)
    assert first.created and first.added == 38
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
        guarded_post_graph(store, "urn:x:g", data=doctype, format="application/rdf+xml")
    remote_context = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "urn:a", "urn:p": "x"}'
    with pytest.raises(InvalidInput):
        guarded_post_graph(store, "urn:x:g", data=remote_context, format="application/ld+json")
    with pytest.raises(InvalidInput, match="line 1"):
        guarded_post_graph(store, "urn:x:g", data=b"<urn:a> <urn:b> .", format="turtle")
    assert not store.graph_exists("urn:x:g")


def test_default_graph_writes_through_the_graph_store(store: Store) -> None:
    triples = [(URIRef("urn:x:a"), URIRef("urn:x:p"), Literal(1))]
    assert guarded_post_graph(store, None, triples=triples, validate=False).added == 1
    assert guarded_put_graph(store, None, triples=[], validate=False).removed == 1
    assert guarded_delete_graph(store, None, validate=False).removed == 0


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

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                guarded_update(store, increment, validate=False)
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
    guard = guard_for(store)
    assert guard_for(store) is guard
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
    assert all(getattr(result, "added", None) == 38 for result in results.values()), results
    assert ask(store, 'ASK { ?a dct:title "EU-US meeting left"@en . ?b dct:title "EU-US meeting right"@en }')
