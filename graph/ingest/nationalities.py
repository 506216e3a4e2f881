"""Member States named by their adjective: "the Slovenian Minister of the Interior", "le ministre danois".

A Member State's official is there for the Presidency when that state holds it (participants.py reads a
Member State so: "Ireland will host ..."), and a Member State's word before a bare ministry name keeps it
from being the US department (sided.py: "das polnische Justizministerium"). The adjectives come from the
short names of the state's presidencies in the reference data ("Slovenian Presidency", "Sloveens
voorzitterschap", "présidence slovène", "slowenischer Ratsvorsitz"): the word beside the presidency word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef

from graph.ingest.text import fold


def nationality_labels(
    holders: Iterable[tuple[URIRef, URIRef | None]],
    labels: Mapping[URIRef, list[Literal]],
    presidency_words: Iterable[str],
) -> list[tuple[URIRef, Literal]]:
    """(state, adjective) for each two-word presidency label "<adjective> <presidency word>" or the reverse.

    ``holders`` pairs each presidency with the state that holds it; ``presidency_words`` are the one-word
    names of "the Presidency" (``[presidency] generic``).
    """
    words = {fold(w) for w in presidency_words if " " not in w}
    found: dict[tuple[URIRef, str, str | None], Literal] = {}
    for presidency, state in holders:
        for label in labels.get(presidency, ()) if state is not None else ():
            parts = str(label).split()
            others = [p for p in parts if fold(p) not in words]
            if len(parts) == 2 and len(others) == 1 and state is not None:
                found.setdefault(
                    (state, fold(others[0]), label.language), Literal(others[0], lang=label.language)
                )
    return [(state, adjective) for (state, _, _), adjective in found.items()]
