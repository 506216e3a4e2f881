"""Ingest many documents: extract, validate in batches (optionally in worker processes), commit.

Validation dominates the cost (pySHACL, about 35 ms of CPU per document, plus about 70 ms per call),
so documents are validated ``batch`` at a time, and with ``workers > 1`` batches are extracted and
validated in that many processes while this one writes to the store in document order.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice, repeat

from rdflib import Graph

from graph.ingest.commit import IngestValidator
from graph.ingest.extract import Extraction, extract
from graph.ingest.lexicon import Lexicon
from graph.ingest.merge import Merge
from graph.validation.full import ValidationReport

#: A document to ingest: its file name (or None) and its text.
Document = tuple[str | None, str]


@dataclass
class IngestResult:
    """One document's extraction, its validation, and whether it was written to the store."""

    extraction: Extraction
    report: ValidationReport
    committed: bool
    merge: Merge | None = None

    def summary(self) -> dict[str, object]:
        """The extraction's summary with the validation outcome (``conforms``, ``violations``).

        After a merge with the store (:mod:`graph.ingest.merge`) it also has ``status`` ("added",
        "merged" or "already present"), ``new_facts``, ``known_facts``, ``known`` and ``conflicts``.
        """
        return {
            **self.extraction.summary,
            "conforms": self.report.conforms,
            "violations": [
                {"focus": r.focus, "path": r.path, "message": r.message} for r in self.report.violations
            ],
            "committed": self.committed,
            **(self.merge.summary() if self.merge is not None else {}),
        }


def ingest(
    documents: Iterable[Document],
    *,
    lexicon: Lexicon,
    validator: IngestValidator,
    now: dt.datetime | None = None,
    batch: int = 25,
    workers: int = 1,
) -> list[IngestResult]:
    """Extract and validate documents, without a store (what ``euus ingest --dry-run`` does).

    Writing goes through a store's write guard, with the merge of what the store already knows:
    :class:`graph.ingest.service.StoreIngest`.

    Args:
        documents: ``(file name, text)`` pairs.
        lexicon: from :func:`graph.ingest.lexicon.load_lexicon`.
        validator: a :class:`graph.ingest.commit.IngestValidator` of the same model and reference data.
        now: the time recorded as the start of each extraction (the current time by default).
        batch: documents validated together.
        workers: processes that extract and validate; 1 does everything in this process.

    For many documents prefer :func:`iter_ingest`: the results of all documents kept in memory at once
    make Python's garbage collector slower and slower.
    """
    return list(
        iter_ingest(
            documents,
            lexicon=lexicon,
            validator=validator,
            now=now,
            batch=batch,
            workers=workers,
        )
    )


def iter_ingest(
    documents: Iterable[Document],
    *,
    lexicon: Lexicon,
    validator: IngestValidator,
    now: dt.datetime | None = None,
    batch: int = 25,
    workers: int = 1,
) -> Iterator[IngestResult]:
    """Like :func:`ingest`, one result at a time."""
    for extractions, reports in _checked(documents, lexicon, validator, now, batch, workers):
        for extraction, report in zip(extractions, reports, strict=True):
            yield IngestResult(extraction, report, committed=False)


def _checked(
    documents: Iterable[Document],
    lexicon: Lexicon,
    validator: IngestValidator,
    now: dt.datetime | None,
    batch: int,
    workers: int,
) -> Iterator[tuple[list[Extraction], list[ValidationReport]]]:
    batches = _batches(documents, batch)
    if workers <= 1:
        for documents_batch in batches:
            yield _extract_and_validate(documents_batch, now, lexicon, validator)
        return
    # not fork: the caller may hold a store whose threads must not be copied into the workers
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(lexicon, validator)
    ) as pool:
        yield from pool.map(_work, batches, repeat(now))


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, max(size, 1))):
        yield chunk


def _extract_and_validate(
    documents: list[Document], now: dt.datetime | None, lexicon: Lexicon, validator: IngestValidator
) -> tuple[list[Extraction], list[ValidationReport]]:
    extractions = [extract(text, lexicon=lexicon, file_name=name, now=now) for name, text in documents]
    return extractions, validator.validate(extractions)


#: The lexicon and validator of a worker process, set once when it starts (see ``ingest(workers=...)``).
_worker: dict[str, object] = {}


def _start(lexicon: Lexicon, validator: IngestValidator) -> None:
    _worker["lexicon"], _worker["validator"] = lexicon, validator


def _work(
    documents: list[Document], now: dt.datetime | None
) -> tuple[list[Extraction], list[ValidationReport]]:
    lexicon, validator = _worker["lexicon"], _worker["validator"]
    assert isinstance(lexicon, Lexicon) and isinstance(validator, IngestValidator)  # noqa: S101 - set by _start
    extractions, reports = _extract_and_validate(documents, now, lexicon, validator)
    # the report graph is large and only needed for Turtle reports: leave it in the worker
    return extractions, [ValidationReport(results=r.results, graph=Graph()) for r in reports]
