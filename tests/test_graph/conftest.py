"""Fixtures of the graph tests: a store with the shipped data, and its write guard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from guard_helpers import load_shipped
from rdflib import Dataset

from graph.store import Store, open_store
from graph.validation.incremental import ValidationContext
from graph.write.guard import WriteGuard


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
