"""Which sentences say who took part, besides those with a participation cue, and on what basis.

A welcome of a development is no participation cue; staff sent ("The FBI sent two analysts") and the lines
listed after "... as follows:" are; a customary cue ("Traditionally, ...") makes its sentence and the rest
of its paragraph the usual composition of such meetings.
"""

from __future__ import annotations

import dataclasses

from graph.ingest.phrases import Mention
from graph.ingest.reading import Sentence
from graph.ingest.statements import greets
from graph.ingest.tables import GenreTables
from graph.ingest.text import fold

#: A state's own bodies: "hosted by the Czech Ministry of the Interior" names the state (its presidency).
_STATE_BODIES = (
    "ministry",
    "ministerie",
    "ministere",
    "ministerium",
    "government",
    "regering",
    "gouvernement",
    "regierung",
)
#: An office noun at least this long ends a compound that names an office ("Abteilungsleiter": "leiter").
COMPOUND_HEAD_MIN = 5


def without_welcomes(text: str, sentence: Sentence, window: int) -> Sentence:
    """The sentence without its ``welcome`` cues that welcome a development, not people.

    "The Presidency welcomed the US offer to second an expert to Europol" is a position: it says nothing of
    who took part or hosted. Nor do the offices in the development welcomed ("welcomed the secondment of a
    DEA liaison officer to Eurojust": no participant of Eurojust's): their ``office`` cues go too.
    """
    welcomes = [c for c in sentence.cues if c.has("welcome") and not greets(text, sentence, c, window)]
    if not welcomes:
        return sentence
    first = min(c.first for c in welcomes)
    welcomed = [c for c in sentence.cues if c.has("office") and c.first >= first]
    return dataclasses.replace(sentence, cues=[c for c in sentence.cues if c not in (*welcomes, *welcomed)])


def sent_staff(sentence: Sentence, tables: GenreTables) -> bool:
    """True when a ``dispatch`` verb is followed by an ``office`` noun: "The FBI sent two analysts".

    Also by a compound that ends with one: "entsandte einen Abteilungsleiter" (a head of unit).
    """
    window = tables.cue_window
    heads = tuple(o for o in tables.cues.get("office", ()) if len(o) >= COMPOUND_HEAD_MIN and " " not in o)
    for cue in (c for c in sentence.cues if c.has("dispatch")):
        if sentence.cues_after(cue.last, "office", window):
            return True
        after = sentence.tokens[cue.last : cue.last + window]
        if any(len(t.raw) > len(h) and fold(t.raw).endswith(fold(h)) for t in after for h in heads):
            return True
    return False


def listed_after_colon(text: str, sentences: list[Sentence]) -> dict[int, int]:
    """Starts of the lines listed after a participation sentence ending with a colon, to that sentence's.

    "The EU delegation was composed as follows:" then "- Europol", "- Eurojust" on lines of their own, up to
    the end of the paragraph: each line names a participant the cue introduced. A sentence that begins with
    a side and a colon ("EU: ...") lists that side's delegation itself.
    """
    found: dict[int, int] = {}
    opener, paragraph_end = -1, -1
    for sentence in sentences:
        if _side_heads(text, sentence):  # "EU: the Minister of ..., for the Presidency; the Commissioner"
            found[sentence.start] = sentence.start
        if sentence.start < paragraph_end:
            found[sentence.start] = opener
        elif sentence.has_cue("participation") and text[sentence.start : sentence.end].rstrip().endswith(":"):
            blank = text.find("\n\n", sentence.start)
            opener, paragraph_end = sentence.start, len(text) if blank < 0 else blank
    return found


def _side_heads(text: str, sentence: Sentence) -> bool:
    """True when the sentence begins with a side and a colon: "EU: ...", "Côté américain : ...".

    Agendas and fact sheets list each side's delegation so: the names after it took part.
    """
    first = next(iter(sentence.mentions), None)
    return (
        first is not None
        and first.category == "side"
        and not text[sentence.start : first.start].strip(" -–•*")
        and text[first.end : first.end + 2].strip().startswith(":")
    )


def customary_sentences(text: str, sentences: list[Sentence]) -> set[int]:
    """Starts of the sentences that describe the usual composition, not this meeting's.

    A customary cue ("Traditionally", "As a rule") holds for its sentence and the rest of its paragraph.
    """
    found: set[int] = set()
    paragraph_end = -1
    for sentence in sentences:
        if sentence.start < paragraph_end:
            found.add(sentence.start)
        elif any(c.has("customary") for c in sentence.cues):
            found.add(sentence.start)
            blank = text.find("\n\n", sentence.start)
            paragraph_end = len(text) if blank < 0 else blank
    return found


def adjective_alone(sentence: Sentence, mention: Mention, tables: GenreTables) -> bool:
    """True for a Member State named by its adjective (nationalities.py) with no office noun beside it.

    "the Slovenian Minister", "le ministre slovène", "die slowenische Innenministerin" (a compound that ends
    with one) name the state's official; "the efforts of Slovenian authorities" names nobody who took part.
    """
    if mention.category != "member-state" or not any(e.role for e in mention.entries):
        return False
    if sentence.cues_after(mention.last, "office", 0) or sentence.cues_before(mention.first, "office", 0):
        return False
    heads = tuple(
        fold(o) for o in tables.cues.get("office", ()) if len(o) >= COMPOUND_HEAD_MIN and " " not in o
    )
    after = sentence.tokens[mention.last : mention.last + 1]
    if any(len(t.raw) > len(h) and fold(t.raw).endswith(h) for t in after for h in heads):
        return False
    beside = sentence.tokens[
        max(0, mention.first - 1) : mention.last + 1
    ]  # "the Czech Ministry", "ministère tchèque"
    return not any(fold(t.raw).endswith(_STATE_BODIES) for t in beside)
