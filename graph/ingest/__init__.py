"""Ingest press releases about EU-US meetings: text in, validated and traceable facts out.

Typical use: into a store, through its write guard, merged with what the store knows::

    from graph.ingest.service import StoreIngest
    from graph.write.guard import WriteGuard

    for result in StoreIngest(WriteGuard(store)).ingest([("press-release.txt", text)], write=True):
        print(result.summary())

or, without a store, :func:`graph.ingest.pipeline.ingest` (extract and validate many documents).
Recognition is driven by the labels of the
model and reference data and by the genre tables ``patterns.toml`` and ``labels.ttl``; ``README.md``
describes the RDF produced, the provenance of facts and the limits.
"""

from graph.ingest.extract import Extraction, extract
from graph.ingest.lexicon import Lexicon, load_lexicon, model_and_reference

__all__ = ["Extraction", "Lexicon", "extract", "load_lexicon", "model_and_reference"]
