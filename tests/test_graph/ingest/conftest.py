"""Fixtures of the ingest tests: the model and reference data, the seed, the lexicon and validator.

One of each for the whole run (none of the tests changes them): loading the lexicon takes ~1.4 s, and
there are over a dozen ingest test modules.
"""

from __future__ import annotations

import pytest
from ingest_helpers import CORPUS, NOW, SEED_FILE
from rdflib import Dataset

from graph.ingest import Lexicon, load_lexicon, model_and_reference
from graph.ingest.commit import IngestValidator
from graph.ingest.pipeline import IngestResult, ingest


@pytest.fixture(scope="session")
def context() -> Dataset:
    return model_and_reference()


@pytest.fixture(scope="session")
def seed() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def lexicon(context: Dataset) -> Lexicon:
    return load_lexicon(context)


@pytest.fixture(scope="session")
def validator(context: Dataset) -> IngestValidator:
    return IngestValidator(context)


@pytest.fixture(scope="session")
def tuning_part(lexicon: Lexicon, validator: IngestValidator) -> list[IngestResult]:
    """The tuning texts of the corpus, extracted and validated once for the tests that score and check them."""
    texts = [p for p in sorted(CORPUS.glob("*.txt")) if not p.name.startswith("h")]
    return ingest(
        ((p.name, p.read_text(encoding="utf-8")) for p in texts),
        lexicon=lexicon,
        validator=validator,
        now=NOW,
    )
