"""Ingest into a live store.

The lexicon and validator come from the store's own model and reference graphs (so a label added there
is recognised at once); each document is merged with what the store already knows
(:mod:`graph.ingest.merge`) and committed through the store's write guard (given to :class:`StoreIngest`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from rdflib import Graph

from graph.errors import ValidationFailed
from graph.ingest.commit import IngestValidator, commit
from graph.ingest.extract import Extraction, extract
from graph.ingest.lexicon import Lexicon, load_lexicon
from graph.ingest.merge import merge
from graph.ingest.pipeline import Document, IngestResult, iter_ingest
from graph.store import Store
from graph.validation.full import ValidationReport
from graph.write.guard import WriteGuard


class StoreIngest:
    """Ingests documents into one store; its lexicon follows the store's model and reference graphs."""

    def __init__(self, guard: WriteGuard) -> None:
        self.guard = guard
        self.store: Store = guard.store
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._built: tuple[Graph, Lexicon, IngestValidator] | None = None

    def tools(self) -> tuple[Lexicon, IngestValidator]:
        """The lexicon and validator for the model and reference graphs as they are in the store.

        They are read through the write guard's context, which is read again only after a write
        touches those graphs, so the lexicon is not rebuilt after every other write.
        """
        with self._lock:
            context = self.guard.context.graph(self.store)
            if self._built is None or self._built[0] is not context:
                self._built = (context, load_lexicon(context), IngestValidator(context))
            return self._built[1], self._built[2]

    def ingest(self, documents: Iterable[Document], *, write: bool) -> Iterator[IngestResult]:
        """Extract each document, validate it and, with ``write``, merge it into the store if it conforms.

        When writing, each extraction is first merged with what the store knows
        (:func:`graph.ingest.merge.merge`): known resources keep their IRIs, known facts are not written
        again, facts that contradict the store are reported and left out, and a document whose graphs
        are already stored is not written at all (``committed`` false, status "already present").
        The write guard is the validation: it checks the document's nodes against the shapes together
        with what the store already holds, so the extraction is not validated a second time against
        the model and reference data alone.
        """
        lexicon, validator = self.tools()
        if not write:
            yield from iter_ingest(documents, lexicon=lexicon, validator=validator)
            return
        for file_name, text in documents:
            extraction = extract(text, lexicon=lexicon, file_name=file_name)
            with self._writing:  # what the merge read must still hold when the guard writes
                result = self._merge_and_write(extraction)
            yield result

    def _merge_and_write(self, extraction: Extraction) -> IngestResult:
        merged, outcome = merge(extraction, self.store)
        if outcome.status == "already present":
            return IngestResult(merged, _NOTHING_TO_CHECK, committed=False, merge=outcome)
        try:
            written = commit(self.guard, merged)
        except ValidationFailed as error:
            return IngestResult(merged, error.report, committed=False, merge=outcome)
        return IngestResult(merged, written.report or _NOTHING_TO_CHECK, committed=True, merge=outcome)


#: The report of a write that needed no validation (it changed nothing).
_NOTHING_TO_CHECK = ValidationReport(results=[], graph=Graph())
