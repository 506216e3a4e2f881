"""Building the dataset and the IRI policy (exports: test_export.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from graph.namespaces import IRI_REGEX, is_minted_iri, mint
from graph.resources import SHAPES_DIR, shipped_files


def test_each_shipped_file_is_one_named_graph(shipped_dataset: Dataset) -> None:
    names = {str(g.identifier) for g in shipped_dataset.graphs() if len(g)}
    expected = {str(f.graph) for f in shipped_files()}
    assert expected <= names
    assert "https://w3id.org/euus-kg/id/graph/2018-03-01-eu-us-jha-senior-officials-sofia" in names


def test_no_triple_is_stated_in_two_graphs(shipped_dataset: Dataset) -> None:
    # The store's union default graph returns one row per graph a triple is in.
    counts = Counter((s, p, o) for s, p, o, _ in shipped_dataset.quads((None, None, None, None)))
    duplicated = [t for t, n in counts.items() if n > 1]
    assert not duplicated, duplicated[:5]


def test_mint_enforces_the_iri_policy() -> None:
    assert str(mint("meeting/2018-05-eu-us-jha-ministerial-sofia")).endswith("sofia")
    for bad in (
        "meeting/Sofia",
        "meeting/sofia-2018",
        "presidency/2018-h3",
        "org/Europol",
        "place/a--b",
        "nothing/x",
    ):
        with pytest.raises(ValueError, match="IRI policy"):
            mint(bad)


def test_every_minted_iri_in_the_data_follows_the_policy(shipped_dataset: Dataset) -> None:
    ours = {
        str(term)
        for quad in shipped_dataset.quads((None, None, None, None))
        for term in quad
        if str(term).startswith("https://w3id.org/euus-kg/id/")
    }
    assert ours
    assert [iri for iri in ours if not is_minted_iri(iri)] == []


def test_shapes_state_the_same_iri_policy_as_the_code() -> None:
    shapes = Graph().parse(SHAPES_DIR / "euus-shapes.ttl")
    minted_shape = next(s for s in shapes.subjects(SH.pattern, None) if str(s).endswith("MintedIriShape"))
    assert str(shapes.value(minted_shape, SH.pattern)) == IRI_REGEX
