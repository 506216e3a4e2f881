"""Topics as concepts of one hierarchy (``skos:broader`` of the topic scheme): the narrower one is named.

"the networks that smuggle migrants across the sea" names migrant smuggling; the word "migrants" in it
(a label of migration) is the matter the narrower topic is about, not a second topic. A topic frame may
use the words of a broader topic's label (graph/ingest/frames.py), and a topic named by words a mention
of one of its narrower topics (at any depth) spans or shares is no topic of its own: "terrorist attacks"
in "the money flows that pay for terrorist attacks", "migrants" in "smugglers who take migrants across
the sea for payment". A broader topic named beside the narrower one ("migration and migrant smuggling")
stays a topic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import URIRef

from graph.ingest.phrases import Mention


def narrowest_topics(mentions: Sequence[Mention], broader: Mapping[URIRef, URIRef]) -> list[Mention]:
    """``mentions`` without the topics named by words of a narrower topic's mention."""
    topics = [m for m in mentions if m.category == "topic" and len(m.iris) == 1]

    def inside_narrower(m: Mention) -> bool:
        shared = [n for n in topics if n is not m and n.first < m.last and m.first < n.last]
        return any(m.iris[0] in broader_of(n.iris[0], broader) for n in shared)

    return [m for m in mentions if m not in topics or not inside_narrower(m)]


def broader_of(topic: URIRef, broader: Mapping[URIRef, URIRef]) -> frozenset[URIRef]:
    """The topics broader than ``topic``, at any depth."""
    found: list[URIRef] = []
    up = broader.get(topic)
    while up is not None and up not in found:
        found.append(up)
        up = broader.get(up)
    return frozenset(found)
