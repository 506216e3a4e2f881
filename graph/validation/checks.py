"""Run the quality-check queries of ``ontology/checks/``: each names a rule and must return no rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from graph.resources import check_queries
from graph.store.terms import to_ox_quad


@dataclass(frozen=True)
class CheckOutcome:
    """The rows a check query returned (none when the rule holds)."""

    name: str
    rule: str
    rows: list[dict[str, str]]

    @property
    def passed(self) -> bool:
        """True when the check returned no rows."""
        return not self.rows


def oxigraph_store(dataset: Dataset) -> ox.Store:
    """An in-memory pyoxigraph copy of ``dataset``, graphs kept."""
    store = ox.Store()
    store.extend(
        to_ox_quad((s, p, o, None if g == DATASET_DEFAULT_GRAPH_ID else g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    )
    return store


def run_check(store: ox.Store, query_file: Path) -> CheckOutcome:
    """Run one check against ``store``, whose default graph is the union of its graphs."""
    text = query_file.read_text(encoding="utf-8")
    rule = " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))
    solutions = store.query(text, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)  # noqa: S101 - check files are SELECT queries
    variables = [v.value for v in solutions.variables]
    rows = [{v: str(s[v].value) for v in variables if s[v] is not None} for s in solutions]
    return CheckOutcome(name=query_file.stem, rule=rule, rows=rows)


def run_checks(dataset: Dataset) -> list[CheckOutcome]:
    """Run every check in ``ontology/checks/`` against ``dataset``."""
    store = oxigraph_store(dataset)
    return [run_check(store, path) for path in check_queries()]
