"""Ingest press releases about EU-US meetings: text in, validated and traceable facts out.

Typical use (the lexicon and validator are built once and reused for many documents)::

    from graph.ingest import extract, load_lexicon, model_and_reference
    from graph.ingest.commit import IngestValidator, commit

    context = model_and_reference()
    lexicon, validator = load_lexicon(context), IngestValidator(context)
    extraction = extract(text, lexicon=lexicon, file_name="press-release.txt")
    [report] = validator.validate([extraction])
    if report.conforms:
        commit(store, extraction)

or :func:`graph.ingest.pipeline.ingest` for many documents. Recognition is driven by the labels of the
model and reference data and by the genre tables ``patterns.toml`` and ``labels.ttl``; ``README.md``
describes the RDF produced, the provenance of facts and the limits.
"""

from graph.ingest.extract import Extraction, extract
from graph.ingest.lexicon import Lexicon, load_lexicon, model_and_reference

__all__ = ["Extraction", "Lexicon", "extract", "load_lexicon", "model_and_reference"]
