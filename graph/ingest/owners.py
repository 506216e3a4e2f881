"""Organisations named only as part of another's name: neither participants nor mentions of their own.

"the European Commission's Directorate-General for Migration and Home Affairs", "The Commission was
represented by its Directorate-General for Justice and Consumers", "la direction générale de la migration
et des affaires intérieures de la Commission européenne": the Directorate-General is named, not the
Commission.
"""

from __future__ import annotations

import re

from graph.ingest.lexicon import Lexicon
from graph.ingest.model import MeetingReading
from graph.ingest.phrases import AGENT_CATEGORIES, Mention, possessive_after
from graph.ingest.reading import Sentence

_REPRESENTED_BY_ITS = re.compile(r"\s+(?:was|were|is|are|will be)\s+represented\s+by\s+(?:its|their)\s+")


def owner_of_next(text: str, sentence: Sentence, mention: Mention) -> bool:
    """True when ``mention`` is only part of the name of the agent after it.

    "the European Commission's Directorate-General for Migration and Home Affairs": the
    Directorate-General is named; the Commission is neither a participant nor a mention of its own. The
    same for "The Commission was represented by its Directorate-General for Justice and Consumers".
    """
    by_its = _REPRESENTED_BY_ITS.match(text, mention.end)
    if by_its is not None:
        return any(m.start == by_its.end() and m.category in AGENT_CATEGORIES for m in sentence.mentions)
    if not possessive_after(text, mention.end):
        return False
    owned = mention.last + 1  # the token after the "s" of the possessive
    return any(m.first == owned and m.category in AGENT_CATEGORIES for m in sentence.mentions)


def parent_of_previous(sentence: Sentence, mention: Mention, lexicon: Lexicon) -> bool:
    """True when ``mention`` ends the name of its unit named right before it.

    "la direction générale de la migration et des affaires intérieures de la Commission européenne": the
    Directorate-General is named; the Commission is part of its name (as with the possessive).
    """
    links = lexicon.tables.office_links
    for unit in (m for m in sentence.mentions if m.category == "org" and m.last <= mention.first):
        between = sentence.tokens[unit.last : mention.first]
        close = len(between) <= lexicon.tables.office_max_links and all(t.norm in links for t in between)
        if close and any(lexicon.parents.get(iri) in mention.iris for iri in unit.iris):
            return True
    return False


def acting_through_unit(sentence: Sentence, mention: Mention, lexicon: Lexicon) -> bool:
    """True when ``mention`` takes part through its unit named in the same sentence.

    "The Commission sent a head of unit of its Directorate-General for Migration and Home Affairs", "Für die
    Europäische Kommission nahmen Vertreter der Generaldirektion Justiz teil": the Directorate-General took
    part; the Commission is named for it. Not so for a person named by a role phrase ("the Commissioner"), nor
    for a department and its agency ("the Department of Justice and the FBI": both take part).
    """
    if mention.category != "org" or any(e.role for e in mention.entries):
        return False
    units = [m for m in sentence.mentions if m.category == "org" and m is not mention]
    return any(lexicon.units.get(iri) in mention.iris for unit in units for iri in unit.iris)


def through_participating_units(meeting: MeetingReading, sentences: list[Sentence], lexicon: Lexicon) -> None:
    """Drop an organisation that took part through its unit and is named in the text only by its name.

    "The representatives of the Presidency and of the Commission were on site. For the EU, the Commission's
    Directorate-General for Migration and Home Affairs also took part": the Directorate-General took part,
    the Commission is named for it, here or in another sentence, or as a statement's holder ("The Commission
    reaffirmed ..."). Not so for a person named by a role phrase ("the Commissioner for Home Affairs"), who
    took part for the organisation itself; nor for one on another basis than its unit's ("Traditionally, the
    General Secretariat also takes part": the usual composition, which this meeting's unit does not change).
    Run after the statements' holders have joined.
    """
    units = [p for p in meeting.participants if p.participant in lexicon.units]
    owners = {(lexicon.units[p.participant], p.basis) for p in units if p.participant is not None}
    by_role = {iri for s in sentences for m in s.mentions if any(e.role for e in m.entries) for iri in m.iris}
    meeting.participants = [
        p for p in meeting.participants if (p.participant, p.basis) not in owners or p.participant in by_role
    ]


def country_of_place(text: str, sentence: Sentence, mention: Mention) -> bool:
    """True when a Member State is named only as the country of the place right before it.

    "will travel to Copenhagen, Denmark, to lead the delegation": Denmark says where Copenhagen is, not that
    the Danish Presidency took part.
    """
    if mention.category != "member-state":
        return False
    places = [m for m in sentence.mentions if m.category == "place" and m.end <= mention.start]
    return bool(places) and text[places[-1].end : mention.start].strip() == ","
