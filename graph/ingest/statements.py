"""What a meeting agreed, which positions were stressed, who undertook what: statements of the meeting.

A sentence with a statement verb of ``patterns.toml`` ("agreed" → agreement; "stressed", "underlined",
"reaffirmed" → position; "undertook to", "committed to" → commitment) is a statement of the reported
meeting. Its quote is the sentence, word for word; its holders are the organisations or presidencies
named just before the verb ("ICANN, which has undertaken to ..."). A subject that names no body
("Participants stressed ...", "They agreed ...", "The US side underlined ...") gives no holder, nor does
one the reference data does not know. Its topics are those the sentence names.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from graph.ingest.lexicon import GAPPED_HEAD, GAPPED_TAIL, Lexicon
from graph.ingest.model import MeetingReading, Read, StatementReading
from graph.ingest.phrases import AGENT_CATEGORIES, Mention, possessive_after
from graph.ingest.reading import Sentence, pick_presidency
from graph.ingest.schedule import PLANNED
from graph.ingest.speakers import speaker_holders, title_holder
from graph.ingest.tables import GenreTables
from graph.namespaces import mint, slugify

#: The cue table of each kind of statement, most binding first (a sentence gets the first kind it has).
STATEMENT_KINDS = (
    ("agreement", mint("statement-kind/agreement")),
    ("commitment", mint("statement-kind/commitment")),
    ("position", mint("statement-kind/position")),
)
#: The words after the verb that name the statement (its slug), at most this many.
SLUG_WORDS = 6
POSITION = mint("statement-kind/position")
#: People welcomed are named at most this many tokens after the verb ("welcomed the EU delegation"); an
#: organisation welcomed right after it, or after an article ("welcomed the FBI").
GREETED_WITHIN = 3
_QUOTE = re.compile('["“”«»]')
#: A speaker's label of at most three words and a colon before a capital ("Staatssekretär: Wir", "Q: ...").
_SPEAKER_LABEL = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?: [\w'’.-]+){0,2}: +(?=[\"“«]?[A-ZÀ-ÖØ-Þ])")
#: A paragraph's number ("3.", "(iv)", "b)") or a list item's bullet ("•", "-", "–", "*") before a sentence.
_PARAGRAPH_NUMBER = re.compile(r"(?:\(?(?:\d{1,2}|[ivx]{1,4}|[a-h])[.)]|[•·▪◦‣*\-–—])\s+(?=\S)")


def read_statements(text: str, sentences: list[Sentence], meeting: MeetingReading, lexicon: Lexicon) -> None:
    """Fill in ``meeting.statements`` from the body sentences (the title states nothing)."""
    slugs: set[str] = set()
    for sentence in sentences:
        if sentence.title:
            continue
        found = _first_cue(text, sentence, lexicon.tables)
        if found is None or sentence.has_cue("introduces"):
            continue  # "the participants adopted the following joint statement": the statements come after
        kind, cue = found
        if any(c.has("absent") and c.last <= cue.first for c in sentence.cues):
            continue  # "The DEA, which was not part of the delegation, will share ...": not at the meeting
        if (
            meeting.status == PLANNED
            and cue.has("speech")
            and not any(cue.has(t) for t, _ in STATEMENT_KINDS)
        ):
            continue  # '"...," said the Attorney General' ahead of a meeting: said to the press, not there
        slug = _slug(text, sentence, kind, cue, slugs)
        slugs.add(slug)
        meeting.statements.append(
            StatementReading(
                kind=kind,
                span=_without_stray_quote(
                    text, _after_paragraph_number(text, sentence.start, sentence.end), sentence.end
                ),
                cue=(cue.start, cue.end),
                holders=_quoted_speaker(text, sentence, cue, sentences, meeting, lexicon)
                or _holders(text, sentence, cue, meeting, lexicon)
                or _holder_by_short_title(sentence, cue, sentences),
                topics=_topics(sentence),
                slug=slug,
            )
        )


def _quoted_speaker(
    text: str,
    sentence: Sentence,
    cue: Mention,
    sentences: list[Sentence],
    meeting: MeetingReading,
    lexicon: Lexicon,
) -> list[Read]:
    """The speaker of a quote named after it ('"...," said the President of Eurojust'): speakers.py."""
    if not cue.has("speech") or any(cue.has(t) for t, _ in STATEMENT_KINDS):
        return []
    return speaker_holders(text, sentence, cue, sentences, lambda m: _agent(m, meeting, lexicon))


def _after_paragraph_number(text: str, start: int, end: int) -> int:
    """Where the sentence starts after the number or bullet of its paragraph ("3. The EU and ...", "• ...").

    A joint statement numbers its paragraphs or lists them; an interview or a transcript puts the speaker's
    name before what was said ("Q:", "Staatssekretär:"): neither is part of what was said.
    """
    number = _PARAGRAPH_NUMBER.match(text, start, end)
    start = number.end() if number is not None else start
    # an interview's or transcript's speaker label: "Staatssekretär: Wir haben vereinbart, ..."
    speaker = _SPEAKER_LABEL.match(text, start, end)
    return speaker.end() if speaker is not None else start


def _without_stray_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without a quotation mark that opens or closes a quote beyond it.

    A joint statement quoted over several sentences opens its quote before the first and closes it after
    the last: the mark is not part of either sentence.
    """
    quoted = text[start:end]
    if quoted.count('"') % 2 == 1:
        if quoted.startswith('"'):
            return start + 1, end
        if quoted.endswith('"'):
            return start, end - 1
    if quoted.startswith("“") and "”" not in quoted:
        return start + 1, end
    if quoted.endswith("”") and "“" not in quoted:
        return start, end - 1
    return start, end


def _first_cue(text: str, sentence: Sentence, tables: GenreTables) -> tuple[URIRef, Mention] | None:
    window = tables.cue_window
    for table, kind in STATEMENT_KINDS:
        cue = next(
            (
                c
                for c in sentence.cues
                if c.has(table)
                and not sentence.cues_before(c.first, "not_yet", 0)
                and not (c.has("welcome") and greets(text, sentence, c, window))
                and not _in_discussed_clause(sentence, c, tables)
            ),
            None,
        )
        if cue is None:  # a separable verb, head first: "Der Direktor hob hervor, dass ..."
            cue = _separable(sentence, table, window)
        if cue is not None:
            return kind, cue
    speech = next((c for c in sentence.cues if c.has("speech")), None)
    if speech is not None and _QUOTE.search(text, sentence.start, sentence.end):
        return POSITION, speech
    return None


def _separable(sentence: Sentence, table: str, window: int) -> Mention | None:
    """The head of a separable statement verb whose particle follows within ``window`` tokens."""
    tails = [c.first for c in sentence.cues if c.has(table + GAPPED_TAIL)]
    return next(
        (
            c
            for c in sentence.cues
            if c.has(table + GAPPED_HEAD) and any(c.last <= t <= c.last + window for t in tails)
        ),
        None,
    )


def _in_discussed_clause(sentence: Sentence, cue: Mention, tables: GenreTables) -> bool:
    """True when the verb is in a relative clause about what was discussed, not said by the meeting.

    "Ministers discussed the threat from young people who adopted extremist views": a discussion verb before,
    a relative pronoun right before the statement verb (``[statements] relative_pronouns``), no body before
    it.
    """
    if cue.first == 0 or sentence.tokens[cue.first - 1].norm not in tables.relative_pronouns:
        return False
    # "discussed the developments in ICANN, which has undertaken to ...": a body's own statement
    if any(m.category in AGENT_CATEGORIES and cue.first - 3 <= m.last < cue.first for m in sentence.mentions):
        return False
    return any(d.has("discussion") and d.last <= cue.first for d in sentence.cues)


def greets(text: str, sentence: Sentence, cue: Mention, window: int) -> bool:
    """True when a ``welcome`` cue is followed by people or an agent: it welcomes them, not a development.

    "The Attorney General welcomed the participants", "Europol welcomed the US delegation": a host's act.
    "Both sides welcomed the entry into force of ...", "welcomed the US offer": a position.
    """
    people = sentence.cues_after(cue.last, "greeted", window)
    agents = [
        m
        for m in sentence.mentions
        if m.category in (*AGENT_CATEGORIES, "member-state") and cue.last <= m.first <= cue.last + 1
    ]
    return bool(
        [p for p in people if p.first <= cue.last + GREETED_WITHIN]
        or [a for a in agents if not possessive_after(text, a.end)]
        or _welcomes_meeting(sentence, cue, window)
    )


def _welcomes_meeting(sentence: Sentence, cue: Mention, window: int) -> bool:
    """True when the meeting itself is welcomed: "Budapest welcomed on 23 and 24 October the EU-US dialogue".

    Only dates (in words too: "a accueilli jeudi 3 et vendredi 4 mars la réunion"), short words and
    names lie between the verb and the meeting kind: "welcomed the outcome of the expert meeting" welcomes a
    development.
    """
    dated = [(d.start, d.end) for d in sentence.dates]
    for meeting in (m for m in sentence.mentions if m.category in ("kind", "series")):
        between = sentence.tokens[cue.last : meeting.first]
        words = [t for t in between if not any(start <= t.start < end for start, end in dated)]
        if (
            meeting.first >= cue.last
            and len(words) <= window
            and all(len(t.raw) <= 3 or not t.raw.isalpha() or t.raw[:1].isupper() for t in words)
        ):
            return True
    return False


def _holders(
    text: str, sentence: Sentence, cue: Mention, meeting: MeetingReading, lexicon: Lexicon
) -> list[Read]:
    """The agents named as the subject of the verb ("ICANN, which has undertaken ...").

    A subject that names no body ("Participants", "They", "The EU and the US", "The US side") gives no
    holder, and neither does an agent named further back than such a subject; but a side with a single
    named participant is that participant.
    """
    window = lexicon.tables.cue_window
    agents = [
        m
        for m in sentence.mentions
        if m.category in AGENT_CATEGORIES
        and m.last <= cue.first
        and cue.first - m.last <= window
        and not of_member_state(text, sentence, m)
    ]
    sides = [m for m in sentence.mentions if m.category == "side" and m.last <= cue.first]
    nobody = [m.last for m in sides]
    nobody += [c.last for c in sentence.cues if c.has("all_participants") and c.last <= cue.first]
    if not agents or (nobody and max(nobody) >= agents[-1].last):
        return _lone_member(sides, nobody, cue, meeting, window)
    holders: list[Read] = []
    for mention in agents:
        agent = _agent(mention, meeting, lexicon)
        if agent is not None and all(h.value != agent for h in holders):
            holders.append(Read(agent, (mention.start, mention.end)))
    return holders


def _lone_member(
    sides: list[Mention], nobody: list[int], cue: Mention, meeting: MeetingReading, window: int
) -> list[Read]:
    """The one participant of a side that is the subject of the verb.

    "The US delegation undertook ..." with only the Department of Justice on the US side holds it; a side
    of several participants, or both sides, holds nothing.
    """
    if len(sides) != 1 or len(sides[0].iris) != 1 or max(nobody) != sides[0].last:
        return []
    side = sides[0]
    if cue.first - side.last > window:
        return []
    members = {p.participant for p in meeting.participants if p.side == side.iris[0] and p.participant}
    if len(members) != 1:
        return []
    return [Read(members.pop(), (side.start, side.end))]


#: Words of a short title before a statement verb ("The Acting Secretary emphasized"), at most.
SHORT_TITLE_WORDS = 3


def _holder_by_short_title(sentence: Sentence, cue: Mention, sentences: list[Sentence]) -> list[Read]:
    """The organisation of a role phrase named earlier whose head the subject repeats.

    "The Acting Secretary of Homeland Security ... met ..." then "The Acting Secretary emphasized ...": the
    subject is a title of at most three words that begins an earlier role phrase of a single organisation.
    Several organisations with such a role phrase: none.
    """
    subject = [t for t in sentence.tokens[: cue.first] if t.norm != "the"]
    if not subject or len(subject) > SHORT_TITLE_WORDS or any(m.last <= cue.first for m in sentence.mentions):
        return []
    words = [t.norm for t in subject]
    return title_holder(words, (subject[0].start, subject[-1].end), sentence, sentences, inside=False)


def of_member_state(text: str, sentence: Sentence, mention: Mention) -> bool:
    """True when a Member State's possessive comes right before ``mention``: it is that state's body.

    "Ireland's Department of Justice" is an Irish ministry, not the United States Department of Justice;
    the Member State (and so the presidency it holds) is what the text names.
    """
    return mention.category == "org" and any(
        m.category == "member-state" and m.last + 1 == mention.first and possessive_after(text, m.end)
        for m in sentence.mentions
    )


def _agent(mention: Mention, meeting: MeetingReading, lexicon: Lexicon) -> URIRef | None:
    if mention.category == "org":
        return mention.iris[0] if len(mention.iris) == 1 else None
    if mention.category == "generic-presidency":
        return meeting.presidency.value if meeting.presidency is not None else None
    return pick_presidency(mention.iris, lexicon, meeting.begin.first_day())


def _topics(sentence: Sentence) -> list[Read]:
    topics: list[Read] = []
    for mention in sentence.mentions:
        new = mention.category == "topic" and len(mention.iris) == 1
        if new and all(t.value != mention.iris[0] for t in topics):
            topics.append(Read(mention.iris[0], (mention.start, mention.end)))
    return topics


def _slug(text: str, sentence: Sentence, kind: URIRef, cue: Mention, taken: set[str]) -> str:
    """``{kind}-{first words after the verb}``: the same sentence gives the same IRI in any document."""
    words = [t.norm for t in sentence.tokens if t.start >= cue.end][:SLUG_WORDS]
    base = slugify(f"{str(kind).rsplit('/', 1)[-1]} {' '.join(words)}")[:80].rstrip("-")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
