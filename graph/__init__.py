"""euus-kg library: build, validate, store and query the knowledge graph of EU-US cooperation in JHA.

This package never imports :mod:`api`; the HTTP service is a thin layer over it.
"""

from graph.dataset.build import build_dataset
from graph.namespaces import EUUS, PREFIXES, mint
from graph.validation.full import ValidationReport, validate_dataset

__all__ = ["EUUS", "PREFIXES", "ValidationReport", "build_dataset", "mint", "validate_dataset"]
