"""euus-kg library: build, validate, store and query the knowledge graph of EU-US cooperation in JHA.

This package never imports :mod:`api`; the HTTP service is a thin layer over it.

The names below are imported on first use (PEP 562), not with the package: a query worker imports
``graph.query.worker`` and must not pay for rdflib and the SHACL engines it never uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.dataset.build import build_dataset
    from graph.namespaces import EUUS, PREFIXES, mint
    from graph.validation.full import ValidationReport, validate_dataset

__all__ = ["EUUS", "PREFIXES", "ValidationReport", "build_dataset", "mint", "validate_dataset"]

_HOMES = {
    "EUUS": "graph.namespaces",
    "PREFIXES": "graph.namespaces",
    "mint": "graph.namespaces",
    "build_dataset": "graph.dataset.build",
    "ValidationReport": "graph.validation.full",
    "validate_dataset": "graph.validation.full",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'graph' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)
