"""Fixtures of the ingest tests: the model and reference data, the seed, the lexicon and validator."""

from __future__ import annotations

import pytest
from ingest_helpers import (
    SEED_FILE,
)
from rdflib import Dataset

from graph.ingest import Lexicon, load_lexicon, model_and_reference
from graph.ingest.commit import IngestValidator


@pytest.fixture(scope="module")
def context() -> Dataset:
    return model_and_reference()


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lexicon(context: Dataset) -> Lexicon:
    return load_lexicon(context)


@pytest.fixture(scope="module")
def validator(context: Dataset) -> IngestValidator:
    return IngestValidator(context)
