"""Ingest into a store merges with what the graph knows: the seed press release over the curated Sofia graph.

Every test starts from an embedded store on disk holding the shipped data (ontology, vocabularies,
reference data and the curated Sofia graph), ingests through :class:`graph.ingest.service.StoreIngest`
and asserts on what the store holds afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Literal, URIRef

from graph.ingest.service import StoreIngest
from graph.namespaces import ID
from graph.store import AskResult, SelectResult, Store, open_store
from graph.validation.full import validate_dataset
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped
from tests.test_api.conftest import free_port, oxigraph_binary, start, stop, wait_until_up

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEED = (DATA / "seed" / "000_0be234f73af0dcac.txt").read_text(encoding="utf-8")
MADRID = (DATA / "corpus" / "02-2010-madrid-ministerial.txt").read_text(encoding="utf-8")
SOM = ID["meeting/2018-02-26-eu-us-jha-senior-officials-sofia"]
CURATED_SOURCE = ID["source/2018-03-01-eu-us-jha-senior-officials-sofia"]
SEED_DATES = "held on 26-27 February 2018 in Sofia"
#: Another press release about the Sofia meeting: one participant and one topic the graph lacks.
SECOND_SOURCE = """EU and US senior officials met in Sofia on migration and e-evidence

Republished with thanks from the Council of the European Union (Council), published on Wednesday 28 February 2018.

The EU-US senior officials meeting on justice and home affairs took place in Sofia on 26 and 27 February 2018. \
Europol and the US Department of Justice took part. They discussed visas, e-evidence and firearms trafficking.
"""
PREFIXES = """PREFIX euus: <https://w3id.org/euus-kg/ontology#> PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def shipped() -> bytes:
    """The shipped data as N-Quads, read once: each test loads it into a store of its own."""
    store = open_store()
    ensure_shipped(store, WriteGuard(store))
    return store.dump("nquads").read()


@pytest.fixture
def store(tmp_path: Path, shipped: bytes) -> Iterator[Store]:
    store = open_store(path=str(tmp_path / "store"))
    store.load(data=shipped, format="nquads")
    yield store
    store.close()


def ingest(store: Store, text: str, name: str = "doc.txt") -> dict[str, Any]:
    [result] = StoreIngest(WriteGuard(store)).ingest([(name, text)], write=True)
    return result.summary()


def select(store: Store, query: str) -> set[tuple[Any, ...]]:
    result = store.query(PREFIXES + query)
    assert isinstance(result, SelectResult)
    return {tuple(row.values()) for row in result}


def ask(store: Store, query: str) -> bool:
    result = store.query(PREFIXES + query)
    assert isinstance(result, AskResult)
    return result.boolean


def quads(store: Store) -> set[str]:
    return set(store.dump("nquads").read().decode().splitlines())


def of_meeting(store: Store, meeting: URIRef = SOM) -> dict[str, set[tuple[Any, ...]]]:
    """What the store says of a meeting that a duplicate would multiply."""
    return {
        "titles": select(store, f"SELECT DISTINCT ?t WHERE {{ <{meeting}> dct:title ?t }}"),
        "visits": select(store, f"SELECT DISTINCT ?v WHERE {{ ?v euus:follows <{meeting}> }}"),
        "participations": select(
            store,
            f"SELECT DISTINCT ?p ?who WHERE {{ <{meeting}> cv:hasParticipation ?p OPTIONAL {{ ?p cv:hasParticipant ?who }} }}",
        ),
        "starts": select(store, f"SELECT DISTINCT ?d WHERE {{ <{meeting}> schema:startDate ?d }}"),
        "places": select(store, f"SELECT DISTINCT ?p WHERE {{ <{meeting}> schema:location ?p }}"),
        "topics": select(store, f"SELECT DISTINCT ?t WHERE {{ <{meeting}> dct:subject ?t }}"),
        # what a meeting's participations rest on, and how it was attended (issue 11)
        "bases": select(
            store,
            f"SELECT DISTINCT ?p ?b WHERE {{ <{meeting}> cv:hasParticipation ?p . ?p euus:participationBasis ?b }}",
        ),
        "modes": select(store, f"SELECT DISTINCT ?m WHERE {{ <{meeting}> schema:eventAttendanceMode ?m }}"),
        "statements": select(
            store,
            f"""SELECT DISTINCT ?s ?p ?o WHERE {{ ?s euus:madeAt <{meeting}> ; ?p ?o
                FILTER(?p != euus:textSpan) }}""",
        ),
    }


def conforms(store: Store) -> bool:
    dataset = Dataset()
    dataset.parse(data=store.dump("nquads").read(), format="nquads")
    report = validate_dataset(dataset)
    assert report.violations == []
    return report.conforms


def attested_by(store: Store, resource: URIRef) -> set[tuple[Any, ...]]:
    """The sources an ingest activity read that say, at a span of their text, something of ``resource``."""
    return select(
        store,
        f"""SELECT DISTINCT ?source WHERE {{
          GRAPH ?g {{ ?statement a rdf:Statement ; rdf:subject <{resource}> ; euus:textSpan ?span .
                     ?g prov:wasDerivedFrom ?source ; prov:wasGeneratedBy ?activity . ?activity prov:used ?source }}
        }}""",
    )


def test_the_seed_over_the_curated_graph_adds_only_what_is_new(store: Store) -> None:
    before = of_meeting(store)
    sources_before = select(store, "SELECT DISTINCT ?s WHERE { ?s a euus:SourceDocument }")
    summary = ingest(store, SEED, "000_0be234f73af0dcac.txt")
    assert summary["status"] == "merged" and summary["committed"] is True, summary
    assert summary["conflicts"] == [] and summary["known_facts"] > 0
    # the text's meeting, source, participations and visit are the curated ones
    assert summary["meetings"][0]["id"] == str(SOM) and summary["source"]["id"] == str(CURATED_SOURCE)
    after = of_meeting(store)
    for duplicable in ("titles", "visits", "participations", "starts", "places"):
        assert after[duplicable] == before[duplicable], duplicable
    assert select(store, "SELECT DISTINCT ?s WHERE { ?s a euus:SourceDocument }") == sources_before
    # what the text says and the graph did not (the curated graph names every topic the text does)
    read = {(URIRef(t["id"]),) for t in summary["meetings"][0]["topics"]}
    assert after["topics"] == before["topics"] | read
    new = ("topics", "bases", "modes", "statements")
    assert summary["new_facts"] == sum(len(after[f] - before[f]) for f in new)
    # the known meeting and its visit are attested by the source the ingest read
    assert attested_by(store, SOM) == {(CURATED_SOURCE,)}
    assert attested_by(
        store, ID["meeting/2018-02-26-eu-us-jha-senior-officials-sofia/visit/kapitan-andreevo"]
    )
    assert conforms(store)


@pytest.mark.parametrize(
    ("text", "first"),
    [(SEED, "merged"), (MADRID, "added")],
    ids=["seed-over-the-curated-graph", "a-meeting-the-graph-did-not-know"],
)
def test_ingesting_the_same_document_again_changes_nothing(store: Store, text: str, first: str) -> None:
    assert ingest(store, text)["status"] == first
    stored = quads(store)
    again = ingest(store, text)
    assert again["status"] == "already present" and again["committed"] is False
    assert again["conforms"] is True and again["conflicts"] == []
    assert quads(store) == stored


def test_a_second_source_about_the_meeting_adds_its_new_facts_to_the_known_meeting(store: Store) -> None:
    before = of_meeting(store)
    summary = ingest(store, SECOND_SOURCE, "second.txt")
    assert summary["status"] == "merged" and summary["committed"] is True and summary["conflicts"] == []
    assert summary["meetings"][0]["id"] == str(SOM)
    after = of_meeting(store)
    assert after["titles"] == before["titles"] and after["starts"] == before["starts"]
    # Europol was known: one participation still; the US Department of Justice is new
    new = after["participations"] - before["participations"]
    assert {who for _, who in new} == {ID["org/us-department-of-justice"]}
    assert {who for _, who in after["participations"]} == {who for _, who in before["participations"]} | {
        ID["org/us-department-of-justice"]
    }
    assert after["topics"] - before["topics"] == {(ID["topic/firearms-trafficking"],)}
    # the curated graph gives Europol as customary ("Traditionally ..."), this source states it took part
    europol = SOM + "/participation/europol"
    assert select(store, f"SELECT ?b WHERE {{ <{europol}> euus:participationBasis ?b }}") == {
        (ID["participation-basis/customary"],),
        (ID["participation-basis/stated"],),
    }
    # a new source, attesting the known meeting next to nothing else than its own graph
    source = URIRef(summary["source"]["id"])
    assert source != CURATED_SOURCE
    assert ask(store, f"ASK {{ <{source}> a euus:SourceDocument ; dct:issued ?d }}")
    assert attested_by(store, SOM) == {(source,)}
    assert conforms(store)


@pytest.mark.parametrize(
    ("changed", "fact", "stored", "text"),
    [
        ("held on 19-20 February 2018 in Sofia", "schema:startDate", "2018-02-26", "2018-02-19"),
        (
            "held on 26-27 February 2018 in Brussels",
            "schema:location",
            str(ID["place/sofia"]),
            str(ID["place/brussels"]),
        ),
    ],
    ids=["another-date", "another-place"],
)
def test_a_fact_contradicting_the_graph_is_reported_and_not_stored(
    store: Store, changed: str, fact: str, stored: str, text: str
) -> None:
    assert SEED_DATES in SEED
    date = URIRef("http://www.w3.org/2001/XMLSchema#date")
    value = (Literal(text, datatype=date) if fact == "schema:startDate" else URIRef(text)).n3()
    holding_it = f"""SELECT ?s ?g WHERE {{ GRAPH ?g {{ {{ ?s {fact} {value} }}
                     UNION {{ ?s rdf:predicate {fact} ; rdf:object {value} }} }} }}"""
    meetings = "SELECT ?m WHERE { ?m a euus:Meeting }"
    before, held_before, meetings_before = (
        of_meeting(store),
        select(store, holding_it),
        select(store, meetings),
    )
    summary = ingest(store, SEED.replace(SEED_DATES, changed))
    conflicts = {(c["resource"], c["fact"], c["stored"], c["text"]) for c in summary["conflicts"]}
    assert (str(SOM), fact, stored, text) in conflicts
    assert all(c["message"] for c in summary["conflicts"])
    after = of_meeting(store)
    assert after["starts"] == before["starts"] and after["places"] == before["places"]
    assert after["titles"] == before["titles"] and after["participations"] == before["participations"]
    # the text's value is stored nowhere as a fact, nor as a statement of where a fact was read
    assert select(store, holding_it) == held_before
    assert select(store, meetings) == meetings_before


def test_the_merge_reads_a_remote_sparql_server_the_same_way(tmp_path: Path, shipped: bytes) -> None:
    """Over ``oxigraph serve`` (SPARQL protocol only): merged once, then already present."""
    command = [
        oxigraph_binary(),
        "serve",
        "--location",
        str(tmp_path / "data"),
        "--bind",
        f"127.0.0.1:{free_port()}",
    ]
    try:
        process = start(command, tmp_path / "server.log")
    except FileNotFoundError:
        pytest.skip("the oxigraph CLI is not installed")
    try:
        url = f"http://{command[-1]}"
        wait_until_up(f"{url}/query?query=ASK%7B%7D", process, tmp_path / "server.log")
        store = open_store(endpoint=f"{url}/query")
        store.load(data=shipped, format="nquads")
        before = of_meeting(store)
        assert ingest(store, SEED)["status"] == "merged"
        stored = quads(store)
        assert ingest(store, SEED)["status"] == "already present"
        assert quads(store) == stored
        after = of_meeting(store)
        assert {k: after[k] for k in ("titles", "visits", "participations")} == {
            k: before[k] for k in ("titles", "visits", "participations")
        }
        store.close()
    finally:
        stop(process)


def test_a_meeting_announced_for_a_month_is_not_merged_with_its_report_on_a_day(store: Store) -> None:
    # 01 announces the ministerial of April 2010 in Madrid (planned); 02 reports it held on 8-9 April 2010
    announcement = ingest(store, (DATA / "corpus" / "01-2009-washington-ministerial.txt").read_text("utf-8"))
    announced = {m["id"] for m in announcement["meetings"] if m["status"] == "planned"}
    report = ingest(store, MADRID)
    assert report["committed"] is True and report["conflicts"] == []
    [held] = [m["id"] for m in report["meetings"] if m["status"] == "held"]
    assert held not in announced
    [planned] = [a for a in announced if a in " ".join(report["warnings"])]
    statuses = f"SELECT ?m ?s WHERE {{ VALUES ?m {{ <{planned}> <{held}> }} ?m euus:meetingStatus ?s }}"
    assert {(str(m), str(s).rsplit("/", 1)[-1]) for m, s in select(store, statuses)} == {
        (planned, "planned"),
        (held, "held"),
    }


def test_the_seed_statements_are_the_curated_ones_even_where_they_quote_a_clause(store: Store) -> None:
    made_at = f"SELECT DISTINCT ?s ?quote WHERE {{ ?s euus:madeAt <{SOM}> ; euus:quote ?quote }}"
    before = select(store, made_at)
    summary = ingest(store, SEED, "000_0be234f73af0dcac.txt")
    assert summary["committed"] is True, summary
    # the curated ICANN statement quotes a clause of the sentence the ingest quotes whole: the same one,
    # and it keeps its quote (one per statement)
    assert select(store, made_at) == before and len(before) == 3
