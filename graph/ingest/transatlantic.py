"""Which sentences speak of both sides: where an EU-US meeting is, rather than another body's.

A Council report's title ("Outcome of the Council meeting ..., 13-14 October 2016"), a parliament letter's
agenda of the Council ("de formele Raad ... die op 13 en 14 juni in Luxemburg plaatsvindt") or another
forum of the Presidency's report ("The EU-Western Balkans Ministerial Forum met in Tirana on ...") give
dates and meetings that name one side at most; the sentence that names the European Union and the United
States (by their names or by agents of each side: "the Commission ... the Department of Justice") is the
one about the EU-US meeting.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.ingest.lexicon import Lexicon
from graph.ingest.phrases import AGENT_CATEGORIES
from graph.ingest.reading import Sentence
from graph.namespaces import mint

SIDES = frozenset({mint("side/eu"), mint("side/us")})


def names_both_sides(sentence: Sentence, lexicon: Lexicon) -> bool:
    """True when the sentence names the EU side and the US side (side words or agents of each side)."""
    named: set[URIRef] = set()
    for mention in sentence.mentions:
        if mention.category == "side":
            named.update(i for i in mention.iris if i in SIDES)
        elif mention.category in AGENT_CATEGORIES:
            named.update(side for i in mention.iris if (side := lexicon.sides.get(i)) is not None)
    return named >= SIDES
