"""Validation against the SHACL shapes: whole datasets, single writes, reports and quality checks.

* :mod:`graph.validation.engine`: the engines (pyshacl-turbo by default, pySHACL as the reference).
* :mod:`graph.validation.full`: validate a whole dataset; the report types.
* :mod:`graph.validation.incremental`: validate one write (a :class:`~graph.store.changes.Delta`) on
  the nodes it can change, found by :mod:`graph.validation.scope` from what the shapes read
  (:mod:`graph.validation.shape_reach`, :mod:`graph.validation.targets`).
* :mod:`graph.validation.whole`: validate the whole store after a write that touches the model.
* :mod:`graph.validation.report`: render a report for people.
* :mod:`graph.validation.checks`: the quality-check queries of ``ontology/checks/``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.validation.engine import ENGINES, ShapesEngine, default_engine, make_engine, resolve
    from graph.validation.full import ValidationReport, ValidationResult, validate_dataset, validate_graph
    from graph.validation.incremental import ValidationContext, validate_delta

#: Where each name below lives. They are imported when first asked for, not with the package: the
#: engines and the incremental validation pull rdflib's SPARQL engine (~0.1 s), which a module that
#: needs only :data:`~graph.validation.engine.ENGINES` (the CLI) or a service that starts (issue 10)
#: should not wait for.
_HOMES = {
    **dict.fromkeys(["ENGINES", "ShapesEngine", "default_engine", "make_engine", "resolve"], "engine"),
    **dict.fromkeys(["ValidationReport", "ValidationResult", "validate_dataset", "validate_graph"], "full"),
    **dict.fromkeys(["ValidationContext", "validate_delta"], "incremental"),
}

__all__ = [
    "ENGINES",
    "ShapesEngine",
    "ValidationContext",
    "ValidationReport",
    "ValidationResult",
    "default_engine",
    "make_engine",
    "resolve",
    "validate_dataset",
    "validate_delta",
    "validate_graph",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
