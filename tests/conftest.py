"""Shared fixtures: the shipped dataset is built once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Dataset

from graph.dataset.build import build_dataset
from tests.virtuoso import Virtuoso, start_virtuoso, virtuoso_available


@pytest.fixture(scope="session")
def shipped_dataset() -> Dataset:
    """The shipped dataset; tests must not modify it (copy first)."""
    return build_dataset()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """One Virtuoso 7 for the whole session (it takes 5-15 s to start); modules drop its data first."""
    if not virtuoso_available():
        pytest.skip("Virtuoso 7 is not installed (apt-get install virtuoso-opensource)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()
