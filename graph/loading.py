"""Fill a store: the shipped dataset on first start, or a user's files in bulk (``euus load``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.build import build_dataset, rdf_format_of
from graph.errors import ValidationFailed
from graph.store import Store
from graph.validate import validate_dataset


def load_shipped_data(store: Store) -> int:
    """Build and validate the shipped dataset, then add it to ``store`` in one transaction.

    Raises:
        ValidationFailed: the shipped data does not conform (a packaging error: nothing is stored).
    """
    dataset = build_dataset()
    report = validate_dataset(dataset)
    if not report.conforms:
        raise ValidationFailed(f"the shipped data has {len(report.violations)} violation(s)", report)
    quads = list(dataset.quads((None, None, None, None)))
    store.add_quads(quads)  # type: ignore[arg-type]  # rdflib types quads loosely; they are terms
    return len(quads)


def load_files(
    store: Store,
    paths: list[Path],
    *,
    graph: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream ``paths`` into ``store`` (no whole-file copy in memory); return the quads added.

    Triples of a triple format go into ``graph`` (``None``: the default graph); quad formats keep their
    graphs. This is the operator's bulk path for trusted dumps: it does not run the shapes (validate
    first with ``euus validate FILE``); writes through the service always do.
    """
    total = 0
    for path in paths:
        fmt = rdf_format_of(path)
        total += store.load(path=str(path), format=fmt.media_type, graph=graph, progress=progress)
    return total
