"""A broader topic named only inside a body's proper name frames the narrower topic a meeting discussed.

"analysts of Europol's European Cybercrime Centre" at a meeting on the abuse of children online: the
centre's field (cybercrime, broader than child sexual abuse online) is no topic of that meeting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import URIRef

from graph.ingest.concepts import broader_of
from graph.ingest.model import Read
from graph.ingest.phrases import Mention
from graph.ingest.reading import Sentence


def without_named_fields(
    topics: list[Read], sentences: Sequence[Sentence], broader: Mapping[URIRef, URIRef]
) -> list[Read]:
    """``topics`` without a broader one the sentences name only inside a proper name, beside a narrower.

    "Analysts of Europol's European Cybercrime Centre" at a meeting on the abuse of children online: the
    centre's field (cybercrime) frames the narrower topic the meeting discussed, it is not one of its own.
    A topic named once in running text (or in the title, written in capitals there) stays.
    """
    named = {t.value for t in topics}
    wider = {up for topic in named for up in broader_of(topic, broader)}
    in_text = {
        m.iris[0]
        for s in sentences
        for m in s.mentions
        if m.category == "topic" and len(m.iris) == 1 and not _inside_name(s, m)
    }
    return [t for t in topics if t.value not in wider or t.value in in_text]


def _inside_name(sentence: Sentence, mention: Mention) -> bool:
    """Capitalised words inside a run of capitalised words, not at the start of a sentence or title."""
    tokens = sentence.tokens

    def capital(i: int) -> bool:
        raw = tokens[i].raw
        return raw[:1].isupper() and not raw.isupper()

    if sentence.title or mention.first == 0:
        return False
    if not all(capital(i) for i in range(mention.first, mention.last)):
        return False
    before = mention.first - 1
    return capital(before) or (mention.last < len(tokens) and capital(mention.last))
