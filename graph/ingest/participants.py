"""Who took part, on which side and in which role; who hosted; which presidency the text names.

An organisation or presidency named in a sentence with a participation cue ("represented by", "led
by", "met") took part; so did a person named by a role phrase ("the Attorney General"), and the host
named by "hosted by". Other mentions are reported as warnings, not asserted. "The US is represented by
the relevant departments ..." with no organisation named gives a participation described in the text's
words. The side of an organisation comes from the reference data (``dct:spatial``), never from the text.
"""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef

from graph.ingest.composition import (
    adjective_alone,
    customary_sentences,
    listed_after_colon,
    sent_staff,
    without_welcomes,
)
from graph.ingest.forums import forums as forum_iris
from graph.ingest.forums import report_subjects
from graph.ingest.hosting import hosting_unrealised, hosts_something_else, named_host, without_hosted_for
from graph.ingest.lexicon import Lexicon, Presidency
from graph.ingest.model import STATED, MeetingReading, ParticipantReading, Read
from graph.ingest.owners import acting_through_unit, country_of_place, owner_of_next, parent_of_previous
from graph.ingest.phrases import AGENT_CATEGORIES, Mention, occurrences, phrase_forms
from graph.ingest.reading import Sentence, pick_presidency
from graph.ingest.schedule import PLANNED
from graph.ingest.statements import of_member_state
from graph.ingest.tables import GenreTables
from graph.ingest.titles import named_by_office
from graph.namespaces import mint

DELEGATION = mint("participation-role/delegation")
HOST = mint("participation-role/host")
PRESIDENCY = mint("participation-role/presidency")
INCOMING = mint("participation-role/incoming-presidency")
CUSTOMARY = mint("participation-basis/customary")
INFERRED = mint("participation-basis/inferred")
#: When one agent is named several times, the firmest basis wins: said of this meeting, deduced from
#: its hosting it, then the usual composition ("Traditionally, the EU is represented by ...").
BASIS_RANK = (STATED, INFERRED, CUSTOMARY)
#: When one agent is named several times, the most telling role wins.
ROLE_RANK = (PRESIDENCY, INCOMING, HOST, DELEGATION)
#: "on behalf of the Presidency", "im Namen des Ratsvorsitzes": at most an article between.
ACTING_FOR_GAP = 1
#: An "incoming" cue applies to a presidency named at most this many tokens after it.
INCOMING_WINDOW = 3


def read_participants(
    text: str, sentences: list[Sentence], meeting: MeetingReading, lexicon: Lexicon, warnings: list[str]
) -> None:
    """Fill in the participants, host, named presidency and incoming presidency of ``meeting``."""
    day = meeting.begin.first_day()
    rota = lexicon.presidency_on(day)
    by_agent: dict[URIRef, ParticipantReading] = {}
    named: dict[URIRef, Read] = {}
    customary = customary_sentences(text, sentences)
    listed = listed_after_colon(text, sentences)
    forums, subjects = forum_iris(lexicon.tables), report_subjects(sentences, lexicon.tables)
    for sentence in sentences:
        sentence = without_hosted_for(
            without_welcomes(text, sentence, lexicon.tables.cue_window), lexicon.tables
        )
        takes_part = (
            sentence.has_cue("participation")
            or sent_staff(sentence, lexicon.tables)
            or sentence.start in listed
        ) and not _about_another_meeting(sentence, meeting, lexicon)
        said = CUSTOMARY if listed.get(sentence.start, sentence.start) in customary else STATED
        for mention in (m for m in sentence.mentions if m.category in (*AGENT_CATEGORIES, "member-state")):
            if (
                owner_of_next(text, sentence, mention)
                or of_member_state(text, sentence, mention)
                or parent_of_previous(sentence, mention, lexicon)
                or acting_through_unit(sentence, mention, lexicon)
                or country_of_place(text, sentence, mention)
                or adjective_alone(sentence, mention, lexicon.tables)
            ):
                continue
            name = text[mention.start : mention.end]
            agent, incoming = _resolve(mention, sentence, lexicon, day, rota)
            if mention.category == "member-state" and agent is None:
                continue  # a country named for itself ("migration towards Cyprus"), not as the presidency
            if agent is None:
                warnings.append(
                    f"{name!r} names no single known organisation or presidency here: not asserted"
                )
                continue
            _note_presidency(meeting, agent, incoming, mention, rota)
            hosting = _host_cue(sentence, mention, lexicon.tables)
            if hosting is not None and meeting.host is None:
                meeting.host = Read(agent, (mention.start, mention.end))
            role_phrase = any(e.role for e in mention.entries) or named_by_office(
                sentence, mention, lexicon.tables
            )
            # "The Attorney General hosted the meeting": a host named by its office is still only the host
            stated = (
                agent not in forums
                and not _absent(sentence, mention, lexicon.tables)
                and (
                    (role_phrase and hosting is None)
                    or (
                        takes_part
                        and _not_discussed(sentence, mention)
                        and (hosting is None or _takes_part_beyond_hosting(sentence, mention))
                    )
                )
            )
            if not (stated or hosting == "participating"):
                if hosting is None and agent not in by_agent:
                    warnings.append(
                        f"{name!r} is named, but not as taking part: not asserted as a participant"
                    )
                if mention.category == "org" and agent not in subjects:
                    named.setdefault(agent, Read(agent, (mention.start, mention.end)))
                continue
            side = lexicon.sides.get(agent)
            if side is None:
                warnings.append(f"the side (EU or US) of {name!r} is not in the reference data: not asserted")
                continue
            role = _role(agent, incoming, hosting, rota)
            basis = said if stated else INFERRED
            known = by_agent.get(agent)
            if known is None:
                by_agent[agent] = ParticipantReading(
                    side, role, (mention.start, mention.end), participant=agent, basis=basis
                )
                meeting.participants.append(by_agent[agent])
                continue
            if ROLE_RANK.index(role) < ROLE_RANK.index(known.role):
                known.role = role
            if BASIS_RANK.index(basis) < BASIS_RANK.index(known.basis or CUSTOMARY):
                known.basis, known.span = basis, (mention.start, mention.end)
        _read_unnamed(text, sentence, meeting, lexicon, said)
    # an organisation that took part through its unit ("the Commission's Directorate-General ...") is
    # not only mentioned
    through_units = {lexicon.parents.get(agent) for agent in by_agent}
    meeting.mentioned = [
        read for agent, read in named.items() if agent not in by_agent and agent not in through_units
    ]


def holders_take_part(meeting: MeetingReading, lexicon: Lexicon) -> None:
    """A statement's holder spoke at the meeting, so it took part: "The Commission underlined that ...".

    Run after the statements are read; an organisation the text says was absent holds none (statements.py).
    """
    known = {p.participant for p in meeting.participants}
    forums = forum_iris(lexicon.tables)
    rota = lexicon.presidency_on(meeting.begin.first_day())
    following = _next_presidency(lexicon, rota)
    for statement in meeting.statements:
        for holder in statement.holders:
            side = lexicon.sides.get(holder.value)
            if holder.value in known | forums or side is None or holder.span is None:
                continue
            role = _role(holder.value, following is not None and holder.value == following.iri, None, rota)
            meeting.participants.append(ParticipantReading(side, role, holder.span, participant=holder.value))
            known.add(holder.value)
    meeting.mentioned = [m for m in meeting.mentioned if m.value not in known]


#: Cue tables that point to another meeting than the reported one ("the next meeting", "the previous one").
_OTHER_MEETING = ("planned", "previous", "meet_again", "prepares")


def _about_another_meeting(sentence: Sentence, meeting: MeetingReading, lexicon: Lexicon) -> bool:
    """True when the sentence points to another meeting ("the next meeting") and does not name this one.

    "Eurojust will take part in the next meeting" says nothing of who took part in the reported one;
    "Malta, next to hold the Presidency, was represented" points to no meeting.
    """
    if meeting.status == PLANNED or (
        meeting.span is not None and sentence.start <= meeting.span[0] < sentence.end
    ):
        return False  # an announced meeting is itself "the next meeting"
    window = lexicon.tables.cue_window
    meetings = [m.first for m in sentence.mentions if m.category in ("kind", "series")]
    meetings += [i for i, t in enumerate(sentence.tokens) if t.norm in lexicon.tables.generic_meeting]
    return any(
        c.last <= first <= c.last + window
        for c in sentence.cues
        if any(c.has(t) for t in _OTHER_MEETING)
        for first in meetings
    )


def _resolve(
    mention: Mention, sentence: Sentence, lexicon: Lexicon, day: dt.date, rota: Presidency | None
) -> tuple[URIRef | None, bool]:
    """The agent a mention names, and whether it is the incoming presidency."""
    if mention.category == "org":
        return (mention.iris[0] if len(mention.iris) == 1 else None), False
    following = _next_presidency(lexicon, rota)
    if mention.category == "member-state":  # "Ireland will host ...": the presidency it holds then
        if rota is not None and rota.state in mention.iris:
            return rota.iri, False
        if following is not None and following.state in mention.iris and _speaks_of_presidency(sentence):
            return following.iri, True  # "France, which holds the Presidency from January, sent ..."
        return None, False
    incoming = bool(
        sentence.cues_before(mention.first, "incoming", INCOMING_WINDOW)
        or sentence.cues_after(mention.last, "incoming_after", 1)
    )
    if mention.category == "generic-presidency":
        if incoming or _of_next_state(sentence, mention, following, lexicon.tables.cue_window):
            return (following.iri if following else None), True
        return (rota.iri if rota else None), False
    if incoming and following is not None and following.iri in mention.iris:
        return following.iri, True
    agent = pick_presidency(mention.iris, lexicon, day)
    return agent, following is not None and agent == following.iri


def _speaks_of_presidency(sentence: Sentence) -> bool:
    """True when the sentence names the Presidency or an incoming cue ("takes over", "next in line")."""
    return any(m.category == "generic-presidency" for m in sentence.mentions) or any(
        c.has("incoming") or c.has("incoming_after") for c in sentence.cues
    )


def _of_next_state(sentence: Sentence, mention: Mention, following: Presidency | None, window: int) -> bool:
    """True when "the Presidency" follows the state that holds the next one.

    "France, which holds the Presidency from January": the nearest state named before it within ``window``
    tokens.
    """
    if following is None:
        return False
    states = [
        m
        for m in sentence.mentions
        if m.category == "member-state" and m.last <= mention.first <= m.last + window
    ]
    return bool(states) and following.state in states[-1].iris


def _next_presidency(lexicon: Lexicon, rota: Presidency | None) -> Presidency | None:
    if rota is None:
        return None
    return next((p for p in lexicon.presidencies if p.start > rota.end), None)


def _note_presidency(
    meeting: MeetingReading, agent: URIRef, incoming: bool, mention: Mention, rota: Presidency | None
) -> None:
    """Keep where the text names the presidency in office (or the incoming one)."""
    span = (mention.start, mention.end)
    if (
        rota is not None
        and agent == rota.iri
        and meeting.presidency is not None
        and meeting.presidency.span is None
    ):
        meeting.presidency = Read(agent, span)
    elif incoming and meeting.incoming_presidency is None:
        meeting.incoming_presidency = Read(agent, span)


def _host_cue(sentence: Sentence, mention: Mention, tables: GenreTables) -> str | None:
    """How the sentence makes ``mention`` the host, if it does.

    "participating" for "hosted by X" and "X hosted", "calendar" for "as part of the calendar of X". A host
    the reference data does not know, acting for the Presidency ("Gastgeber war das Bundesministerium für
    Inneres, das das Treffen im Namen des Ratsvorsitzes leitete"), makes the Presidency the host.
    """
    window = tables.cue_window
    agents = [m for m in sentence.mentions if m.category in (*AGENT_CATEGORIES, "member-state")]
    if hosts_something_else(sentence, mention, tables) or hosting_unrealised(sentence, mention, tables):
        return None
    if named_host(sentence, mention, tables):
        return "participating"
    for cue in sentence.cues:
        after = [a for a in agents if cue.last <= a.first <= cue.last + window]
        before = [a for a in agents if a.last <= cue.first <= a.last + window]
        if cue.has("host_after") and after and after[0] is mention:
            return "participating"
        if cue.has("host_after") and not after and acting_for_presidency(sentence, cue, mention, tables):
            return "participating"
        if cue.has("host_calendar") and after and after[0] is mention:
            return "calendar"
        if cue.has("host_before") and before and before[-1] is mention:
            return "participating"  # "the Centre, which Eurojust hosts" was refused above
    return None


def acting_for_presidency(sentence: Sentence, cue: Mention, mention: Mention, tables: GenreTables) -> bool:
    """True when ``mention``, after ``cue``, is a presidency acted for ("on behalf of the Presidency")."""
    if mention.category not in ("presidency", "generic-presidency") or mention.first < cue.last:
        return False
    forms = phrase_forms(tables.acting_for, tables.languages.values())
    ends = [last for _, last in occurrences(sentence.tokens[cue.last : mention.first], forms)]
    return any(mention.first - cue.last - end <= ACTING_FOR_GAP for end in ends)


def _absent(sentence: Sentence, mention: Mention, tables: GenreTables) -> bool:
    """True when the text says ``mention`` did not take part, or only where they met.

    "Eurojust, which was not represented" (an ``absent`` cue after it); "experts from the EU and the US meet
    at Europol" (a ``venue`` cue right before it: the participation cue is about others).
    """
    return bool(
        sentence.cues_after(mention.last, "absent", tables.cue_window)
        or sentence.cues_after(_past_relative_clause(sentence, mention, tables), "absent", 0)
        or sentence.cues_before(mention.first, "absent_before", 2)
        or sentence.cues_before(mention.first, "venue", 0)
    )


def _past_relative_clause(sentence: Sentence, mention: Mention, tables: GenreTables) -> int:
    """The token after a relative clause set off by commas right after ``mention``, else its end.

    "CISA, which leads the work with victims, did not send a representative": the verb after the clause is
    the organisation's. A comma shows as more than one character between two tokens.
    """
    tokens = sentence.tokens
    at = mention.last
    if (
        at >= len(tokens)
        or tokens[at].norm not in tables.relative_pronouns
        or tokens[at].start - tokens[at - 1].end < 2
    ):
        return mention.last
    return next(
        (j for j in range(at + 1, len(tokens)) if tokens[j].start - tokens[j - 1].end > 1), mention.last
    )


def _not_discussed(sentence: Sentence, mention: Mention) -> bool:
    """False when every participation cue before ``mention`` is cut off from it by a discussion verb.

    "Participants discussed the New Pact presented by the Commission": what they discussed, not who took
    part. A cue after the mention, or a separable one, still counts.
    """
    plain = [c for c in sentence.cues if c.has("participation")]
    if not plain or any(c.first > mention.first for c in plain):
        return True
    talks = [d for d in sentence.cues if d.has("discussion") and d.last <= mention.first]
    return any(not any(c.last <= d.first for d in talks) for c in plain)


def _takes_part_beyond_hosting(sentence: Sentence, mention: Mention) -> bool:
    """True when a participation cue reaches a host's mention without its host cue between them.

    "Senior officials from the EU and the US gathered ..., hosted by the Italian Presidency": "officials
    from" is about the EU and the US; the Presidency is only the host (taking part is inferred). "The
    Slovenian Ministers, on behalf of the Presidency, welcomed ...": "on behalf of" is about it.
    """
    hosts = [c for c in sentence.cues if _is_host_cue(c) and not c.has("participation")]
    for cue in sentence.cues:
        if not any(c.category.startswith("participation") for c in cue.entries):
            continue
        low, high = sorted((cue.first, mention.first))
        if not any(low <= h.first < high for h in hosts):
            return True
    return False


def _is_host_cue(cue: Mention) -> bool:
    return cue.has("host_after") or cue.has("host_before")


def _role(agent: URIRef, incoming: bool, hosting: str | None, rota: Presidency | None) -> URIRef:
    if incoming:
        return INCOMING
    if rota is not None and agent == rota.iri:
        return PRESIDENCY
    return HOST if hosting == "participating" else DELEGATION


def _read_unnamed(
    text: str, sentence: Sentence, meeting: MeetingReading, lexicon: Lexicon, basis: URIRef
) -> None:
    """A participation in the text's words: "The US is represented by <words>", no organisation named."""
    for cue in (c for c in sentence.cues if c.has("unnamed")):
        if any(m.category in AGENT_CATEGORIES and m.start >= cue.end for m in sentence.mentions):
            continue
        sides = [m for m in sentence.mentions if m.category == "side" and m.end <= cue.start]
        if not sides or len(sides[-1].iris) != 1:
            continue
        words = [t for t in sentence.tokens if t.start >= cue.end][: lexicon.tables.unnamed_max_words]
        if not words:
            continue
        span = (words[0].start, words[-1].end)
        side = sides[-1].iris[0]
        if any(p.participant is None and p.side == side for p in meeting.participants):
            continue
        meeting.participants.append(
            ParticipantReading(side, DELEGATION, span, description=text[span[0] : span[1]], basis=basis)
        )
