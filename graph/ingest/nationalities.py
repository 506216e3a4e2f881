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

from graph.ingest.phrases import Mention
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
        if state is None:
            continue
        names = {fold(str(n)) for n in labels.get(state, ())}  # "Cyprus Presidency": the name, no adjective
        for label in labels.get(presidency, ()):
            parts = str(label).split()
            others = [p for p in parts if fold(p) not in words]
            if len(parts) == 2 and len(others) == 1 and fold(others[0]) not in names:
                found.setdefault(
                    (state, fold(others[0]), label.language), Literal(others[0], lang=label.language)
                )
    return [(state, adjective) for (state, _, _), adjective in found.items()]


def without_presidency_adjectives(mentions: list[Mention]) -> list[Mention]:
    """The mentions without a state's adjective right beside "the Presidency".

    "die polnische Ratspräsidentschaft", "het Cypriotische voorzitterschap": the presidency word names it.
    """
    generic = [m for m in mentions if m.category == "generic-presidency"]
    return [
        m
        for m in mentions
        if not (
            m.category == "member-state"
            and any(e.role for e in m.entries)
            and any(g.first == m.last or g.last == m.first for g in generic)
        )
    ]
