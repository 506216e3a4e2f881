"""Topics named around their concept: "the protection of children against sexual abuse online".

A topic frame of ``patterns.toml`` lists groups of words; a sentence that has a word (or phrase) of every
group, all within ``window`` tokens and none inside the label of another topic found there (a broader
topic's label aside: concepts.py), names the frame's topic, also beside a label of it (one inside a
body's name names no topic: named_fields.py). Labels find "child sexual abuse online"; a frame also finds
the same concept written around it ("children ... sexual exploitation", "accountability ... war crimes",
"trafficking of firearms").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import URIRef

from graph.ingest.concepts import broader_of
from graph.ingest.phrases import Entry, Mention
from graph.ingest.tables import GenreTables, LanguageRules, TopicFrame
from graph.ingest.text import Token, tokenize
from graph.namespaces import mint


def frame_mentions(
    tokens: Sequence[Token],
    mentions: list[Mention],
    frames: Sequence[TopicFrame],
    rules: LanguageRules | None,
    broader: Mapping[URIRef, URIRef] | None = None,
) -> list[Mention]:
    """Topic mentions the frames find in a sentence's ``tokens`` that its ``mentions`` do not have yet.

    A frame may use the words of a broader topic's label ("migrants" for migrant smuggling): concepts.py.
    """
    norms = [t.norm for t in tokens]
    found: list[Mention] = []
    for frame in frames:
        iri = mint(f"topic/{frame.topic}")
        if any(m.category == "topic" and iri in m.iris for m in found):
            continue
        wider = broader_of(iri, broader or {})
        taken = [(m.first, m.last) for m in mentions if m.category == "topic" and not set(m.iris) <= wider]
        # words of a topic already named are taken: "judicial cooperation and law enforcement access to
        # data" is not about police cooperation
        hits = [
            [
                o
                for o in _occurrences(norms, group, rules, frame.exact)
                if not any(o[0] < e and s < o[1] for s, e in taken)
            ]
            for group in frame.groups
        ]
        if not all(hits):
            continue
        for first, last in hits[0]:
            span = _within(first, last, hits[1:], frame.window)
            if span is not None:
                entry = Entry("topic", iri, frame.topic)
                start, end = tokens[span[0]].start, tokens[span[1] - 1].end
                found.append(Mention(span[0], span[1], start, end, "topic", (entry,)))
                break
    return found


def without_held_topics(
    tokens: Sequence[Token], mentions: list[Mention], tables: GenreTables, rules: LanguageRules | None
) -> list[Mention]:
    """``mentions`` without the topics inside the words of a frame that ``holds`` them, or listed after them.

    "the EU's databases for borders, visas and security will be connected", "die Verknüpfung der
    Informationssysteme für Grenzen und Sicherheit": the systems' fields, inside the words that name the
    interoperability of information systems or joined to them by a link word ("for", "für": the links of
    office names), are no topics
    of their own.
    """
    frames = tables.topic_frames
    links = frozenset(t.norm for link in tables.office_name_links for t in tokenize(link, rules))
    holding = {f.topic for f in frames if f.holds}
    # a frame's mention carries the frame's slug as its label; a label of the topic holds nothing
    spans = [
        (m.first, _listed_after(tokens, mentions, m.last, links))
        for m in mentions
        if m.category == "topic" and m.entries[0].label in holding
    ]

    own = {mint(f"topic/{slug}") for slug in holding}

    def held(m: Mention) -> bool:
        inside = any(f <= m.first and m.last <= t for f, t in spans)
        return inside and m.entries[0].label not in holding and not own & set(m.iris)

    return [m for m in mentions if m.category != "topic" or not held(m)]


def _listed_after(tokens: Sequence[Token], mentions: list[Mention], end: int, links: frozenset[str]) -> int:
    """Where the labels listed after token ``end`` and a link word ("for borders and visas") end."""
    if end >= len(tokens) or tokens[end].norm not in links:
        return end
    named = {i for m in mentions if m.category == "topic" for i in range(m.first, m.last)}
    last, i = end, end
    while i < len(tokens) and (tokens[i].norm in links or i in named):
        i += 1
        if i - 1 in named:
            last = i
    return last


def _occurrences(
    norms: list[str], group: tuple[str, ...], rules: LanguageRules | None, exact: bool = False
) -> list[tuple[int, int]]:
    """Token ranges ``[first, last)`` where a phrase of ``group`` occurs, its last word in any inflection."""
    found = []
    for phrase in group:
        words = [t.norm for t in tokenize(phrase, rules)]
        n = len(words)
        compounds = rules is not None and rules.code in COMPOUNDING
        found += [
            (i, i + n)
            for i in range(len(norms) - n + 1)
            if norms[i : i + n - 1] == words[:-1] and inflects(norms[i + n - 1], words[-1], exact, compounds)
        ]
    return found


#: Endings of a word's inflected and derived forms (en, nl, fr, de; diacritics normalised away): a frame's
#: word and a token with the same stem and any two of these endings are one word: "smuggle" also finds
#: "smuggling", "smugglers", "smuggled"; "encryption" "encrypt"; "bekostigen" "bekostigd"; "finance"
#: "financement"; "finanzieren" "Finanzierung". Only for words this long, with a stem of at least STEM_MIN.
INFLECTIONS = frozenset(
    (
        *("", "e", "s", "es", "ed", "d", "ing", "er", "ers", "en", "n", "ion", "ions", "ation", "ations"),
        *("t", "te", "ten", "de", "den", "ingen"),  # nl
        *("ee", "ees", "ent", "ant", "ement", "ements"),  # fr
        *("et", "ung", "ungen", "ieren", "iert", "ierte", "ierten", "ierung"),  # de
    )
)
INFLECTED_MIN = 5
STEM_MIN = 4
#: In Dutch and German a compound's last part is its head: "containerhavens" names "havens".
COMPOUNDING = frozenset(("nl", "de"))
#: A frame's agent noun finds only agent nouns: "providers" is not "provided".
AGENT_ENDINGS = frozenset(("er", "ers"))


def inflects(token: str, word: str, exact: bool, compounds: bool = False) -> bool:
    """True when ``token`` is ``word`` in another inflection (``compounds``: or a compound it heads)."""
    if token == word:
        return True
    if exact or len(word) < INFLECTED_MIN:
        return False
    if compounds and " " not in word and token.endswith(word):
        return True
    for cut in range(len(word), STEM_MIN - 1, -1):
        stem = word[:cut]
        ending, inflected = word[cut:], token[cut:]
        if ending in INFLECTIONS and token.startswith(stem) and inflected in INFLECTIONS:
            return ending not in AGENT_ENDINGS or inflected in AGENT_ENDINGS
    return False


def _within(
    first: int, last: int, others: list[list[tuple[int, int]]], window: int
) -> tuple[int, int] | None:
    """The token range covering ``[first, last)`` and one occurrence of each other group, if it fits."""
    low, high = first, last
    for occurrences in others:
        near = [o for o in occurrences if max(high, o[1]) - min(low, o[0]) <= window]
        if not near:
            return None
        best = min(near, key=lambda o: max(high, o[1]) - min(low, o[0]))
        low, high = min(low, best[0]), max(high, best[1])
    return low, high
