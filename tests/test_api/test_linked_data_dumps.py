"""Dumps over HTTP and the dataset description: the dumps reload to the same dataset; /void counts them."""

from __future__ import annotations

import gzip
import hashlib
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from graph.dataset.void import DATASET, SPDX
from graph.formats import DUMP_FORMATS, N_QUADS, Format
from graph.namespaces import ID
from graph.store import open_store
from graph.store.terms import ToRdflib
from tests.test_api.conftest import (
    AUTH,
    ClientFactory,
    Oxigraph,
    assert_same_dataset,
    media_type,
    rdf,
    rdf_dataset,
)
from tests.virtuoso import Virtuoso

BASE = "https://w3id.org/euus-kg/"


def reloaded(data: bytes, fmt: Format) -> Dataset:
    """Load a dump into a fresh pyoxigraph store and read it back as an rdflib dataset."""
    store = ox.Store()
    assert isinstance(fmt.oxigraph, ox.RdfFormat)
    store.load(data, format=fmt.oxigraph)
    to_rdflib, dataset = ToRdflib(), Dataset()
    for quad in store:
        graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else to_rdflib(quad.graph_name)
        target = dataset.default_graph if graph is None else dataset.graph(graph)
        target.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return dataset


def union(dataset: Dataset) -> Dataset:
    """The default graph of a query over ``dataset``: all its triples in one graph."""
    merged = Dataset()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        merged.default_graph.add((s, p, o))
    return merged


def number(value: object) -> int:
    """An integer literal of a description as an int."""
    assert isinstance(value, Literal), value
    return int(value.toPython())


def fetch(client: TestClient, path: str, **headers: str) -> httpx.Response:
    response = client.get(path, headers={"Accept-Encoding": "identity", **headers})
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text[:300]}"
    return response


@pytest.fixture(scope="module")
def store_content(shipped_client: TestClient) -> Dataset:
    """Every quad of the service's store, read through the Graph Store Protocol (not the dumps)."""
    return rdf_dataset(shipped_client.get("/store", headers={"Accept": "application/n-quads"}))


@pytest.mark.parametrize("fmt", DUMP_FORMATS, ids=lambda f: f.extension)
def test_dataset_dump_reloads_to_the_same_dataset(shipped_client: TestClient, store_content: Dataset,
                                                  fmt: Format) -> None:  # fmt: skip
    response = fetch(shipped_client, f"/export/dataset.{fmt.extension}")
    assert media_type(response) == fmt.media_type
    expected = store_content if fmt.keeps_graphs else union(store_content)
    assert_same_dataset(reloaded(response.content, fmt), expected)


@pytest.mark.parametrize("fmt", DUMP_FORMATS, ids=lambda f: f.extension)
def test_graph_dump_holds_that_graph(shipped_client: TestClient, store_content: Dataset, fmt: Format) -> None:
    name = str(ID) + "graph/organisations"
    response = fetch(shipped_client, f"/export/graphs/organisations.{fmt.extension}")
    expected = Dataset()
    target = expected.graph(URIRef(name)) if fmt.keeps_graphs else expected.default_graph
    for triple in store_content.graph(URIRef(name)):
        target.add(triple)
    assert_same_dataset(reloaded(response.content, fmt), expected)
    by_iri = fetch(shipped_client, "/export/graphs/" + name.replace(":", "%3A").replace("/", "%2F") + ".nq")
    assert by_iri.content == fetch(shipped_client, "/export/graphs/organisations.nq").content


def test_dumps_are_gzipped_when_accepted(shipped_client: TestClient) -> None:
    plain = fetch(shipped_client, "/export/dataset.nq").content
    packed = shipped_client.get("/export/dataset.nq", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
    assert packed.content == plain  # httpx decoded it
    with shipped_client.stream("GET", "/export/dataset.nq", headers={"Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
    assert gzip.decompress(raw) == plain


def distributions(void: Graph) -> dict[str, dict[str, Any]]:
    """Each dump the description lists: its URL -> media type, byte size, SHA-256."""
    found = {}
    for distribution in void.objects(DATASET, DCAT.distribution):
        checksum = void.value(distribution, SPDX.checksum)
        assert void.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        found[str(void.value(distribution, DCAT.downloadURL))] = {
            "media_type": str(void.value(distribution, DCAT.mediaType)).split("media-types/")[1],
            "size": number(void.value(distribution, DCAT.byteSize)),
            "sha256": str(void.value(checksum, SPDX.checksumValue)),
        }
    return found


def test_void_describes_each_dump_by_its_bytes(shipped_client: TestClient) -> None:
    void = rdf(shipped_client.get("/void", headers={"Accept": "text/turtle"}))
    listed = distributions(void)
    assert sorted(listed) == sorted(BASE + f"export/dataset.{f.extension}" for f in DUMP_FORMATS)
    for url, facts in listed.items():
        body = fetch(shipped_client, "/" + url.removeprefix(BASE)).content
        assert facts["size"] == len(body) and facts["sha256"] == hashlib.sha256(body).hexdigest(), url
        assert facts["media_type"] == media_type(fetch(shipped_client, "/" + url.removeprefix(BASE)))


def test_void_counts_equal_the_dumps(shipped_client: TestClient) -> None:
    void = rdf(shipped_client.get("/.well-known/void", headers={"Accept": "text/turtle"}))
    triples = Graph().parse(data=fetch(shipped_client, "/export/dataset.nt").content, format="nt")
    assert number(void.value(DATASET, VOID.triples)) == len(triples)
    quads = reloaded(fetch(shipped_client, "/export/dataset.nq").content, DUMP_FORMATS[0])
    subsets = {str(s): number(void.value(s, VOID.triples)) for s in void.objects(DATASET, VOID.subset)}
    per_graph = {str(g.identifier): len(g) for g in quads.graphs() if len(g)}
    assert subsets == per_graph
    for subset in subsets:
        dumps = {str(u) for u in void.objects(URIRef(subset), VOID.dataDump)}
        assert dumps and all(
            fetch(shipped_client, "/" + u.removeprefix(BASE)).status_code == 200 for u in dumps
        )
    # entities per class, counted independently
    partitions = {void.value(p, VOID["class"]): number(void.value(p, VOID.entities))
                  for p in void.objects(DATASET, VOID.classPartition)}  # fmt: skip
    meeting = URIRef("https://w3id.org/euus-kg/ontology#Meeting")
    assert partitions[meeting] == len(set(triples.subjects(RDF.type, meeting)))


def test_void_has_what_a_catalogue_needs(shipped_client: TestClient) -> None:
    void = rdf(shipped_client.get("/void.ttl"))
    assert (DATASET, RDF.type, DCAT.Dataset) in void and (DATASET, RDF.type, VOID.Dataset) in void
    for predicate in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.license,
                      DCTERMS.issued, DCTERMS.modified, VOID.sparqlEndpoint):  # fmt: skip
        assert void.value(DATASET, predicate) is not None, predicate
    licence = (
        "https://interoperable-europe.ec.europa.eu/licence/european-union-public-licence-version-12-eupl"
    )
    assert void.value(DATASET, DCTERMS.license) == URIRef(licence)  # the ontology's own licence
    assert void.value(DATASET, DCTERMS.issued).datatype == XSD.date  # type: ignore[union-attr]
    vocabularies = set(void.objects(DATASET, VOID.vocabulary))
    assert (
        URIRef("https://schema.org/") in vocabularies and URIRef("http://www.w3.org/ns/org#") in vocabularies
    )
    for example in void.objects(DATASET, VOID.exampleResource):
        assert shipped_client.get("/id/" + str(example).removeprefix(str(ID))).status_code == 200
    # the dataset IRI dereferences to the same description
    assert_same = rdf(shipped_client.get("/id/dataset/euus-kg", headers={"Accept": "text/turtle"}))
    assert len(assert_same) == len(void)


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples",
                                    "application/rdf+xml", "application/trig", "application/n-quads"])  # fmt: skip
def test_void_in_every_rdf_format(shipped_client: TestClient, accept: str) -> None:
    response = shipped_client.get("/void", headers={"Accept": accept})
    assert response.status_code == 200 and media_type(response) == accept
    if accept in ("application/trig", "application/n-quads"):
        parsed = union(rdf_dataset(response)).default_graph
    else:
        parsed = rdf(response)
    assert (DATASET, RDF.type, VOID.Dataset) in parsed
    assert len(parsed) == len(rdf(shipped_client.get("/void.ttl")))


def test_void_and_dumps_follow_a_write(make_client: ClientFactory) -> None:
    client = make_client(load_shipped_data=True)
    before = rdf(client.get("/void.ttl"))
    triples_before = number(before.value(DATASET, VOID.triples))
    added = '<http://example.org/a> <http://example.org/p> "new" .\n<http://example.org/b> <http://example.org/p> 1 .\n'
    post = client.post("/store", params={"graph": "http://example.org/extra"}, content=added,
                       headers={"Content-Type": "text/turtle", **AUTH})  # fmt: skip
    assert post.status_code in (201, 204), post.text
    after = rdf(client.get("/void.ttl"))
    assert number(after.value(DATASET, VOID.triples)) == triples_before + 2
    assert (DATASET, VOID.subset, URIRef("http://example.org/extra")) in after
    dump = Graph().parse(data=fetch(client, "/export/dataset.nt").content, format="nt")
    assert (URIRef("http://example.org/a"), URIRef("http://example.org/p"), Literal("new")) in dump
    assert distributions(after) != distributions(before)
    graph_dump = fetch(client, "/export/graphs/http%3A%2F%2Fexample.org%2Fextra.ttl")
    assert len(Graph().parse(data=graph_dump.content, format="turtle")) == 2


def test_unknown_dumps_are_404(shipped_client: TestClient) -> None:
    for path in (
        "/export/dataset.xml",
        "/export/graphs/nothing.nq",
        "/export/graphs/organisations",
        "/void.csv",
    ):
        response = shipped_client.get(path)
        assert response.status_code == 404 and media_type(response) == "application/problem+json", path


def test_void_dump_checksum_reads_streamed_bytes(shipped_client: TestClient) -> None:
    listed = distributions(rdf(shipped_client.get("/void.ttl")))
    url = BASE + "export/dataset.trig"
    with shipped_client.stream(
        "GET", "/export/dataset.trig", headers={"Accept-Encoding": "identity"}
    ) as response:
        digest = hashlib.sha256()
        for chunk in response.iter_bytes():
            digest.update(chunk)
    assert digest.hexdigest() == listed[url]["sha256"]


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_dumps_and_void_over_a_remote_store(
    make_client: ClientFactory, engine: str, request: pytest.FixtureRequest
) -> None:
    if engine == "oxigraph":
        server: Oxigraph = request.getfixturevalue("oxigraph_server")
        client = make_client(endpoint=server.query_url, load_shipped_data=True)
        held = server.nquads()  # straight from the server, not through our service
    else:  # read graph by graph by the library (Virtuoso has no whole-store dump), its own graphs left out
        virtuoso: Virtuoso = request.getfixturevalue("virtuoso_server")
        virtuoso.drop_data()
        client = make_client(endpoint=virtuoso.url, engine="virtuoso", load_shipped_data=True)
        store = open_store(endpoint=virtuoso.url, engine="virtuoso")
        held = reloaded(store.dump("nquads").read(), N_QUADS)
        store.close()
    for fmt in DUMP_FORMATS:
        dump = fetch(client, f"/export/dataset.{fmt.extension}").content
        assert_same_dataset(reloaded(dump, fmt), held if fmt.keeps_graphs else union(held))
    void = rdf(client.get("/void.ttl"))
    assert number(void.value(DATASET, VOID.triples)) == len(union(held).default_graph)
    topics = rdf(client.get("/id/topic/counter-terrorism", headers={"Accept": "text/turtle"}))
    assert (URIRef(str(ID) + "topic/counter-terrorism"), None, None) in topics
