"""The W3C SPARQL 1.1 Graph Store Protocol tests, run entry by entry from their manifests.

``tests/w3c/graph-store-protocol/manifest.ttl`` includes the direct and the indirect identification
manifests. The requests and the W3C's expectations come from them; our exact answers from
``tests/w3c/cases.py``; the deviations from ``tests/w3c/DEVIATIONS.md``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import ClientFactory
from tests.w3c.cases import BASE, GRAPH_STORE_CASES
from tests.w3c.manifest import GRAPH_STORE_MANIFEST, Entry, load
from tests.w3c.runner import params, run

ENTRIES = load(GRAPH_STORE_MANIFEST)


@pytest.fixture(scope="module")
def client(make_client: ClientFactory) -> TestClient:
    """The scratch service of this module."""
    return make_client(base_iri=BASE)


@pytest.mark.parametrize("entry", params(ENTRIES))
def test_entry(client: TestClient, entry: Entry) -> None:
    run(client, entry, GRAPH_STORE_CASES, ENTRIES)


def test_every_case_names_a_manifest_entry() -> None:
    assert sorted(set(GRAPH_STORE_CASES) - {entry.name for entry in ENTRIES}) == []
