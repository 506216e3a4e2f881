"""The W3C SPARQL 1.1 Protocol tests, run entry by entry from their manifest (tests/w3c/protocol/).

The requests and the W3C's expectations come from the manifest; our exact answers from
``tests/w3c/cases.py``; the deviations from ``tests/w3c/DEVIATIONS.md``. See tests/w3c/README.md.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import ClientFactory
from tests.w3c.cases import BASE, PROTOCOL_CASES
from tests.w3c.manifest import GRAPH_STORE_MANIFEST, PROTOCOL_MANIFEST, Entry, deviations, load
from tests.w3c.runner import params, run

ENTRIES = load(PROTOCOL_MANIFEST)


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """The scratch service of this module, with a base IRI of our choosing."""
    return make_client(base_iri=BASE)


@pytest.mark.parametrize("entry", params(ENTRIES))
def test_entry(client: TestClient, entry: Entry) -> None:
    run(client, entry, PROTOCOL_CASES, ENTRIES)


def test_every_case_names_a_manifest_entry() -> None:
    assert sorted(set(PROTOCOL_CASES) - {entry.name for entry in ENTRIES}) == []


def test_every_deviation_names_a_manifest_entry() -> None:
    names = {entry.name for entry in ENTRIES + load(GRAPH_STORE_MANIFEST)}
    assert sorted(set(deviations()) - names) == []
