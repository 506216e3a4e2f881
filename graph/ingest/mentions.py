"""Where a press release names meetings: kind mentions, their relations, and a second reported meeting.

Each mention of a meeting kind gets the relation its cues give; a release about two meetings reports a
meeting of another kind beside the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rdflib import URIRef

from graph.ingest.dates import DateExpression
from graph.ingest.lexicon import GAPPED_HEAD, GAPPED_TAIL, Lexicon
from graph.ingest.phrases import AGENT_CATEGORIES, Entry, Mention
from graph.ingest.reading import Sentence
from graph.ingest.text import tokenize

#: Cues before a kind mention, in the order they are tried, and the relation each gives.
RELATION_CUES = (
    ("prepared_by", "prepared_by"),
    ("prepares", "prepares"),
    ("previous", "previous"),
    ("planned", "next"),
    ("meet_again", "next"),  # "will meet again at ministerial level in Washington"
)
#: What a meeting hands on goes to a meeting named at most this many tokens after the cue.
HANDED_ON_WINDOW = 20
#: The head of a separable cue is at most this many tokens before the meeting's name ("bereidden de").
SEPARABLE_GAP = 2
#: A cue applies to a meeting named without its kind at most this many tokens after it ("their previous").
GENERIC_CUE_WINDOW = 2


@dataclass(frozen=True)
class KindMention:
    """A meeting kind (or series) named in a sentence, and the relation its cues give (None: reported)."""

    sentence: Sentence
    mention: Mention
    kind: URIRef
    relation: str | None


def kind_mentions(sentences: list[Sentence], lexicon: Lexicon) -> list[KindMention]:
    """Every mention of a meeting kind or series, with the relation its cues give."""
    found: list[KindMention] = []
    window = lexicon.tables.cue_window
    after_window = lexicon.tables.planned_after_window
    names = {
        t.norm
        for r in lexicon.tables.languages.values()
        for w in lexicon.tables.meeting_name_words
        for t in tokenize(w, r)
    }
    for sentence in sentences:
        for mention in sentence.mentions:
            if mention.category == "kind":
                kinds = mention.iris
            elif mention.category == "series":
                kinds = [lexicon.kind_of_series[i] for i in mention.iris if i in lexicon.kind_of_series]
            else:
                continue
            if len(kinds) != 1:
                continue
            name = _name_start(sentence, mention.first, names)
            relation = next(
                (
                    rel
                    for table, rel in RELATION_CUES
                    if sentence.cues_before(name, table, window)
                    or _around(sentence, name, mention.last, table)
                ),
                None,
            )
            # "the ministerial meeting planned in Riga in June 2015": announced by what follows it
            if relation is None and sentence.cues_after(mention.last, "planned_after", after_window):
                relation = "next"
            if relation is None and _handed_on(sentence, name):
                relation = "prepares"
            # "Das Treffen diente der Vorbereitung des Ministertreffens ... bis zum Ministertreffen": a kind
            # named again after the text said that meeting is prepared is that meeting
            if relation is None and any(k.kind == kinds[0] and k.relation == "prepares" for k in found):
                relation = "prepares"
            found.append(KindMention(sentence, mention, kinds[0], relation))
    return found


def _handed_on(sentence: Sentence, name: int) -> bool:
    """True when a ``prepares`` cue inside the sentence hands on to the meeting named further on.

    "Les conclusions seront transmises aux ministres, qui se retrouveront cet automne à Washington pour la
    réunion ministérielle": no other meeting kind between. Not from the sentence's first words: "In
    preparation for its June meeting, the senior officials ..." prepares what follows the cue.
    """
    kinds = [m.first for m in sentence.mentions if m.category in ("kind", "series")]
    return any(
        c.has("prepares")
        and c.first > 0
        and name - HANDED_ON_WINDOW <= c.last <= name
        and not any(c.last <= k < name for k in kinds)
        for c in sentence.cues
    )


def _around(sentence: Sentence, first: int, last: int, table: str) -> bool:
    """True when a separable cue's head ends right before token ``first`` and its tail comes after ``last``.

    "Zij bereidden de EU-VS-ministeriële bijeenkomst ... voor", "bereitet das Ministertreffen vor": the
    meeting between the two parts of the verb is the one prepared.
    """
    heads = [
        c for c in sentence.cues if c.has(table + GAPPED_HEAD) and first - SEPARABLE_GAP <= c.last <= first
    ]
    return bool(heads) and any(c.has(table + GAPPED_TAIL) and c.first >= last for c in sentence.cues)


def _name_start(sentence: Sentence, first: int, names: set[str]) -> int:
    """Where the name of a meeting whose kind is named at token ``first`` begins.

    "the EU-US Justice and Home Affairs Ministerial Meeting": a cue's window counts from "EU", not from
    "Ministerial" (the sides and the words of the field are part of the name).
    """
    sides = {i for m in sentence.mentions if m.category == "side" for i in range(m.first, m.last)}
    while first > 0 and (first - 1 in sides or sentence.tokens[first - 1].norm in names):
        first -= 1
    return first


def title_announces(mentions: list[KindMention], main: KindMention) -> list[KindMention]:
    """Mentions with "next ..." of the title's meeting are that meeting when the body reports no other.

    "EU and US to hold ministerial meeting in June" / "The next EU-US JHA Ministerial Meeting will take
    place in Stockholm in June 2023": the body's "next" meeting is the one the title announces.
    """
    if not main.sentence.title:
        return mentions
    # a title that announces its meeting (``announced_by_title``): no body sentence reports one on its day
    if main.relation != "next" and any(_reports_own(k, main.kind) for k in mentions):
        return mentions
    return [
        replace(k, relation=None) if k.relation == "next" and k.kind == main.kind else k for k in mentions
    ]


def announced_by_title(mentions: list[KindMention]) -> KindMention | None:
    """The title's announced meeting, when no body sentence reports one of its kind on a day of its own.

    "Upcoming: EU-US Senior Officials Meeting" over "Next week, on 12 and 13 March, senior officials will
    meet" and "The EU side will be led by ..., represented by senior officials": the body names the title's
    meeting again, announced or not; it reports no other.
    """
    title = next((k for k in mentions if k.sentence.title and k.relation == "next"), None)
    if title is None or any(_reports_own(k, title.kind) and _has_day(k) for k in mentions):
        return None
    return title


def _reports_own(km: KindMention, kind: URIRef) -> bool:
    """A body mention of ``kind`` that reports a meeting (no cue relates it to another)."""
    return km.relation is None and not km.sentence.title and km.kind == kind and not _prepared(km)


def _has_day(km: KindMention) -> bool:
    return any(d.begin.day is not None for d in km.sentence.dates)


def _prepared(km: KindMention) -> bool:
    """True when the mention is followed by "was prepared by": it names the meeting prepared, not another.

    "The ministerial meeting was prepared by senior officials" in a release announcing the ministerial
    refers back to the announced meeting.
    """
    return bool(km.sentence.cues_after(km.mention.last, "prepared_by", 1))


@dataclass(frozen=True)
class OtherMeeting:
    """A meeting of another kind the text also reports: its mention, date and the sentences about it."""

    mention: KindMention
    date: DateExpression
    sentences: list[Sentence]


def other_reported(
    text: str, sentences: list[Sentence], mentions: list[KindMention], main: KindMention
) -> list[OtherMeeting]:
    """Meetings of another kind than the reported one's, each named without a cue in a dated sentence.

    The sentence names no other meeting kind, unless it says this meeting prepared that one ("The
    ministerial was prepared by senior officials, who met in Copenhagen on 9-10 December 2025"); the
    meeting owns the sentence and the rest of its paragraph.
    """
    found: list[OtherMeeting] = []
    kinds: set[URIRef] = {main.kind}
    for km in mentions:
        sentence = km.sentence
        preparing = km.relation == "prepared_by"
        if (km.relation is not None and not preparing) or sentence.title or km.kind in kinds:
            continue
        if main.sentence is sentence:
            continue
        if not preparing and any(k.sentence is sentence and k.kind != km.kind for k in mentions):
            continue
        dated = [d for d in sentence.dates if d.begin.day is not None]
        if not dated:
            continue
        paragraph_end = _paragraph_end(text, sentence.start)
        places = {
            i
            for m in sentence.mentions
            if m.category == "place" and m.start > km.mention.start
            for i in m.iris
        }
        # a paragraph that opens with the place of this meeting ("In Copenhagen, the officials ...") goes on
        # about it
        while (opening := _paragraph_after(sentences, paragraph_end)) is not None and _opens_with(
            opening, places
        ):
            paragraph_end = _paragraph_end(text, opening.start)
        owned = [s for s in sentences if s is sentence or sentence.start < s.start < paragraph_end]
        date = min(dated, key=lambda d: abs(d.start - km.mention.start))
        kinds.add(km.kind)
        found.append(OtherMeeting(km, date, owned))
    return found


def _paragraph_end(text: str, start: int) -> int:
    blank = text.find("\n\n", start)
    return len(text) if blank < 0 else blank


def _paragraph_after(sentences: list[Sentence], end: int) -> Sentence | None:
    return next((s for s in sentences if s.start > end), None)


#: A paragraph "opens with" a place named within its first tokens ("In Copenhagen, ...").
OPENING_TOKENS = 2


def _opens_with(sentence: Sentence, places: set[URIRef]) -> bool:
    first = next((m for m in sentence.mentions if m.category == "place"), None)
    return first is not None and first.first < OPENING_TOKENS and bool(places & set(first.iris))


def _of_another_body(sentence: Sentence, index: int, lexicon: Lexicon) -> bool:
    """True when the meeting word at ``index`` is followed by the name of a body ("of the Genocide Network").

    "the next meeting of the Genocide Network" is that body's meeting, not one of the reported meeting's
    series; "the next meeting of EU and US officials", "of Justice and Home Affairs ministers" are.
    """
    tables = lexicon.tables
    names = {
        t.norm for r in tables.languages.values() for w in tables.meeting_name_words for t in tokenize(w, r)
    }
    tokens = sentence.tokens
    after = index + 1
    if after >= len(tokens) or tokens[after].norm not in tables.office_links:
        return False
    while after < len(tokens) and tokens[after].norm in tables.office_links:
        after += 1  # "of the", "van de", "de la", "der"
    if after >= len(tokens) or tokens[after].norm in names:
        return False
    ours = any(
        m.first <= after < m.last for m in sentence.mentions if m.category in ("side", "kind", "series")
    )
    return not ours and tokens[after].raw[:1].isupper()


def unnamed_kind_mentions(
    sentences: list[Sentence], mentions: list[KindMention], main: KindMention, lexicon: Lexicon
) -> list[KindMention]:
    """A meeting named without its kind ("their previous meeting"): of the reported one's kind, by its cue.

    Only in a body sentence that names no meeting kind (where one is named, it is the meeting meant).
    """
    tables = lexicon.tables
    words = {
        t.norm for r in tables.languages.values() for w in tables.generic_meeting for t in tokenize(w, r)
    }
    named = {id(k.sentence) for k in mentions}
    found = []
    for sentence in sentences:
        if sentence.title or id(sentence) in named:
            continue
        for index, token in enumerate(sentence.tokens):
            if token.norm not in words:
                continue
            relation = next(
                (
                    rel
                    for table, rel in RELATION_CUES
                    if sentence.cues_before(index, table, GENERIC_CUE_WINDOW)
                ),
                None,
            )
            if relation is None or _of_another_body(sentence, index, lexicon):
                continue
            entry = Entry("kind", main.kind, token.raw)
            mention = Mention(index, index + 1, token.start, token.end, "kind", (entry,))
            found.append(KindMention(sentence, mention, main.kind, relation))
            break
        else:  # "They agreed to meet again in December": the next meeting of the kind
            again = next((c for c in sentence.cues if c.has("meet_again")), None)
            if again is not None and not _body_meets(sentence, again.first):
                entry = Entry("kind", main.kind, "meeting")
                mention = Mention(again.first, again.last, again.start, again.end, "kind", (entry,))
                found.append(KindMention(sentence, mention, main.kind, "next"))
    return found


#: The subject of "will meet again" is named at most this many tokens before it.
SUBJECT_TOKENS = 3


def _body_meets(sentence: Sentence, first: int) -> bool:
    """True when a body's proper name is the subject of "will meet again" ("The Schengen Forum").

    A capitalised word right before the cue, not the sentence's first and in no name of a side, a kind, a
    series, an agent or a place: another body's meeting, not the next of the series ("They", "Ministers",
    "The EU and the US" are ours).
    """
    named = {
        i
        for m in sentence.mentions
        if m.category in ("side", "kind", "series", "place", *AGENT_CATEGORIES)
        for i in range(m.first, m.last)
    }
    return any(
        sentence.tokens[i].raw[:1].isupper() and i not in named
        for i in range(max(1, first - SUBJECT_TOKENS), first)
    )


def time_from(km: KindMention) -> int:
    """Where the time of a related meeting may be named: after its mention, or for one prepared before it.

    From the sentence's previous meeting kind: "seront transmises aux ministres, qui se retrouveront cet
    automne ... pour la réunion ministérielle".
    """
    if km.relation != "prepares":
        return km.mention.end
    kinds = [
        m.end for m in km.sentence.mentions if m.category in ("kind", "series") and m.end <= km.mention.start
    ]
    return max(kinds, default=km.sentence.start)
