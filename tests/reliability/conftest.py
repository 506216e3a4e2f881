"""Fixtures of the reliability tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import open_store
from graph.write.guard import WriteGuard
from graph.write.loading import ensure_shipped


@pytest.fixture(scope="session")
def shipped_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store directory holding the shipped data: tests copy it rather than fill a store each."""
    path = tmp_path_factory.mktemp("template") / "store"
    store = open_store(path=str(path))
    ensure_shipped(store, WriteGuard(store))
    store.close()
    return path
