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

from graph.validation.engine import ENGINES, ShapesEngine, default_engine, make_engine, resolve
from graph.validation.full import ValidationReport, ValidationResult, validate_dataset, validate_graph
from graph.validation.incremental import ValidationContext, validate_delta

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
