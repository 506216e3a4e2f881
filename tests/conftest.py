"""Shared fixtures: the shipped dataset is built once per test session."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from graph.dataset.build import build_dataset


@pytest.fixture(scope="session")
def shipped_dataset() -> Dataset:
    """The shipped dataset; tests must not modify it (copy first)."""
    return build_dataset()
