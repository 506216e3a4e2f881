"""Organisations that are a forum, not a delegation: the Council of the EU (``[forums]`` of patterns.toml).

The Council also names its own meetings ("the JHA Council", "de formele Raad"). At an EU-US meeting it is
represented by the Presidency and its General Secretariat, never itself, so it is no participant, nor a
statement's holder. Named in the meeting's sentences it is a mention ("the European Parliament and the
Council are still negotiating the rules"), unless the title names it as the text's own subject ("Outcome of
the Council meeting", "Verslag formele JBZ-Raad": the EU-US meeting is one item of that report). A title
that names it as the occasion ("en marge du Conseil JAI", cue table ``margins``) still mentions it.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.ingest.reading import Sentence
from graph.ingest.tables import GenreTables
from graph.namespaces import mint


def forums(tables: GenreTables) -> frozenset[URIRef]:
    """The organisations of ``[forums]``: never a delegation."""
    return frozenset(mint(f) for f in tables.forums)


def report_subjects(sentences: list[Sentence], tables: GenreTables) -> frozenset[URIRef]:
    """The forums the title names as the text's subject (not after a ``margins`` cue): no mentions."""
    return forums(tables) & {
        iri
        for sentence in sentences
        if sentence.title
        for mention in sentence.mentions
        if not sentence.cues_before(mention.first, "margins", 1)
        for iri in mention.iris
    }
