"""The ontology is well formed, documented, and the quality checks hold and can fail."""

from __future__ import annotations

import pytest
import rdflib.namespace
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from graph.namespaces import EUUS, ID, SDO
from graph.resources import ONTOLOGY_DIR, check_queries
from graph.store.terms import to_ox_quad
from graph.validation.checks import oxigraph_store, run_check

ONTOLOGY_IRI = URIRef("https://w3id.org/euus-kg/ontology")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "euus.ttl")


def test_ontology_header_has_version_license_creator_and_description(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    for predicate in (
        OWL.versionIRI,
        OWL.versionInfo,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.description,
        DCTERMS.title,
    ):
        assert ontology.value(ONTOLOGY_IRI, predicate) is not None, f"owl:Ontology lacks {predicate}"


def test_every_declared_term_has_labels_in_four_languages(ontology: Graph) -> None:
    declared = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(EUUS._NS))}
    assert declared, "the ontology declares no euus: term"
    for term in declared:
        languages = {lbl.language for lbl in ontology.objects(term, RDFS.label) if isinstance(lbl, Literal)}
        assert {"en", "nl", "fr", "de"} <= languages, f"{term} has labels only in {languages}"


def test_python_namespace_and_ontology_declare_the_same_terms(ontology: Graph) -> None:
    declared = {str(s) for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(EUUS._NS))}
    in_python = {str(EUUS._NS) + name for name in EUUS.__annotations__}
    assert declared == in_python


def test_our_terms_are_tied_to_the_reused_vocabularies(ontology: Graph) -> None:
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    for cls in classes:
        assert any(ontology.objects(cls, RDFS.subClassOf)), f"{cls} is not a subclass of any reused class"


def test_imported_terms_exist_in_their_vocabularies() -> None:
    closed = {
        str(ns._NS): ns
        for ns in (
            rdflib.namespace.ORG,
            rdflib.namespace.PROV,
            rdflib.namespace.DCTERMS,
            rdflib.namespace.SKOS,
            rdflib.namespace.DCAT,
            rdflib.namespace.FOAF,
            SDO,
        )
    }
    imports = Graph().parse(ONTOLOGY_DIR / "imports.ttl")
    checked = 0
    for term in set(imports.subjects(RDFS.isDefinedBy, None)):
        namespace = next((ns for iri, ns in closed.items() if str(term).startswith(iri)), None)
        if namespace is None:
            continue
        local = str(term)[len(str(namespace._NS)) :]
        assert local in dir(namespace) or hasattr(namespace, local), (
            f"{term} is not a term of {namespace._NS}"
        )
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("query_file", check_queries(), ids=lambda p: p.stem)
def test_quality_check_returns_no_rows_on_shipped_data(shipped_dataset: Dataset, query_file) -> None:  # type: ignore[no-untyped-def]
    outcome = run_check(oxigraph_store(shipped_dataset), query_file)
    assert outcome.passed, f"{outcome.name}: {outcome.rule}\n{outcome.rows}"


#: For each check: triples that break its rule, and the IRI the check must then report.
BROKEN = {
    "undeclared-term-violation": (
        [(ID["meeting/2020-01-01-typo"], SDO.startdate, Literal("2020-01-01"))],
        SDO.startdate,
    ),
    "missing-label-violation": (
        [(EUUS._NS["Undocumented"], RDF.type, OWL.Class)],
        EUUS._NS["Undocumented"],
    ),
    "orphan-concept-violation": (
        [
            (ID["topic/orphan"], RDF.type, SKOS.Concept),
            (ID["topic/orphan"], SKOS.inScheme, ID["scheme/topics"]),
        ],
        ID["topic/orphan"],
    ),
    "duplicate-label-violation": (
        [
            (ID["topic/twin"], SKOS.inScheme, ID["scheme/topics"]),
            (ID["topic/twin"], SKOS.altLabel, Literal("Counter-Terrorism", lang="en")),
        ],
        ID["topic/twin"],
    ),
}


@pytest.mark.parametrize("check", sorted(BROKEN), ids=str)
def test_quality_check_reports_broken_data(shipped_dataset: Dataset, check: str) -> None:
    triples, expected = BROKEN[check]
    store = oxigraph_store(shipped_dataset)
    graph = ID["graph/ontology"] if check == "missing-label-violation" else ID["graph/broken"]
    store.extend(to_ox_quad((s, p, o, graph)) for s, p, o in triples)
    outcome = run_check(store, next(p for p in check_queries() if p.stem == check))
    reported = {value for row in outcome.rows for value in row.values()}
    assert any(str(expected) in value for value in reported), (
        f"{check} did not report {expected}: {outcome.rows}"
    )


def test_every_check_is_exercised_by_a_broken_example() -> None:
    assert {p.stem for p in check_queries()} == set(BROKEN)


def test_model_graphs_say_what_they_derive_from(shipped_dataset: Dataset) -> None:
    for name in ("ontology", "topics", "meeting-vocabularies"):
        graph = ID[f"graph/{name}"]
        sources = set(shipped_dataset.graph(graph).objects(graph, rdflib.namespace.PROV.wasDerivedFrom))
        assert sources, f"the {name} graph does not say what it was derived from"


def test_privacy_is_not_a_label_of_data_protection() -> None:
    """Privacy (EuroVoc 2828) and data protection (5181) are different rights: label-driven ingest keeps
    them apart only if no label of one names the other."""
    topics = Graph().parse(ONTOLOGY_DIR / "vocab" / "topics.ttl")
    privacy_words = ("privacy", "vie privée", "privatsphäre", "persoonlijke levenssfeer")

    def labels(concept: URIRef) -> set[str]:
        return {str(o).lower() for p in (SKOS.prefLabel, SKOS.altLabel) for o in topics.objects(concept, p)}

    assert not {lbl for lbl in labels(ID["topic/data-protection"]) if any(w in lbl for w in privacy_words)}
    assert {"privacy", "vie privée", "schutz der privatsphäre"} <= labels(ID["topic/privacy"])
    assert (ID["topic/privacy"], SKOS.exactMatch, URIRef("http://eurovoc.europa.eu/2828")) in topics
