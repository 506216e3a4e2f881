"""Hosts the cues next to an agent miss, and hosting verbs that are about something else.

"The host of the expert meeting was Europol", "Gastheer van de EU-VS-deskundigenbijeenkomst was Europol":
a host noun, the words that name the meeting, a copula, then the agent. "the International Centre, which
Eurojust hosts": a relative pronoun right before the agent makes it host what the clause is about, unless
that is the meeting ("the meeting, which Europol hosted"). "which the Presidency was to host": a hosting that
did not happen. Words in ``patterns.toml`` ``[hosts]``.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from graph.ingest.phrases import Mention, occurrences, phrase_forms
from graph.ingest.reading import Sentence
from graph.ingest.tables import GenreTables, LanguageRules
from graph.ingest.text import tokenize

#: The host noun is at most this many tokens before the copula ("Gastheer van de EU-VS-deskundigenbijeenkomst
#: was").
HOST_NOUN_WINDOW = 10
#: Words (an article, an adjective) at most between the copula and the agent.
BETWEEN_COPULA_AND_AGENT = 2
#: An article may stand between the copula and the agent ("was the Austrian Presidency").
ARTICLES = frozenset({"the", "de", "het", "la", "le", "l", "les", "die", "der", "das"})


def named_host(sentence: Sentence, mention: Mention, tables: GenreTables) -> bool:
    """True when a host noun and a copula before ``mention`` make it the host ("The host ... was X")."""
    tokens = sentence.tokens
    at = mention.first - 1
    # an article and an adjective may stand between: "Gastgeber war das amerikanische Justizministerium"
    nouns = _words(tables.host_nouns, _rules(tables))
    copulas = _words(tables.host_copulas, _rules(tables))
    for _ in range(BETWEEN_COPULA_AND_AGENT):
        if (
            at > 0
            and tokens[at].norm not in copulas
            and (tokens[at].norm in ARTICLES or tokens[at].raw[:1].islower())
        ):
            at -= 1
    # "Europol was gastheer van de bijeenkomst": the agent, the copula, the host noun
    after = [t.norm for t in tokens[mention.last : mention.last + 3] if t.norm not in ARTICLES]
    if len(after) > 1 and after[0] in copulas and after[1] in nouns:
        return True
    if at < 1 or tokens[at].norm not in copulas:
        return False
    return any(t.norm in nouns for t in tokens[max(0, at - HOST_NOUN_WINDOW) : at])


def hosts_something_else(sentence: Sentence, mention: Mention, tables: GenreTables) -> bool:
    """True when a relative pronoun before ``mention`` makes its clause about another thing.

    A pronoun that is also an article ("das", "die", "den") is one only after a comma: "Gastgeber war das
    amerikanische Außenministerium" names the host.
    """
    at = mention.first - 1
    if at < 0 or sentence.tokens[at].norm not in _words(tables.host_relatives, _rules(tables)):
        return False
    if at > 0 and sentence.tokens[at - 1].norm in _words(tables.host_copulas, _rules(tables)):
        return False  # "Gastgeber war das Justizministerium": after a copula, "das" is an article
    if sentence.tokens[at].norm in ARTICLES | {"den"} and (
        at == 0 or sentence.tokens[at].start - sentence.tokens[at - 1].end < 2
    ):
        return False  # no comma before it: an article
    meeting_words = _words(tables.generic_meeting, _rules(tables))
    antecedent = [t for t in sentence.tokens[max(0, at - 2) : at] if t.norm in meeting_words]
    kinds = [m for m in sentence.mentions if m.category in ("kind", "series") and at - 3 <= m.last <= at]
    return not (antecedent or kinds)


def hosting_unrealised(sentence: Sentence, mention: Mention, tables: GenreTables) -> bool:
    """True when a hosting verb after ``mention`` says the hosting did not happen ("X was to host").

    "The meeting, which the Spanish Presidency was to host in Madrid, took place by videoconference
    instead": the Presidency is no host.
    """
    window = tables.cue_window
    hosts = [c.first for c in sentence.cues if c.has("host_before") and 0 <= c.first - mention.last <= window]
    if not hosts:
        return False
    between = sentence.tokens[mention.last : min(hosts)]
    forms = phrase_forms(tables.host_unrealised, tables.languages.values())
    return bool(occurrences(between, forms))


def _rules(tables: GenreTables) -> tuple[LanguageRules, ...]:
    return tuple(tables.languages.values())


@lru_cache(maxsize=16)
def _words(words: tuple[str, ...], languages: tuple[LanguageRules, ...]) -> frozenset[str]:
    """The normalised tokens of a table's words under each language's spelling rules.

    "Gastgeber" is "gastgeb" in a German text; tokenised once per table, not for every agent mention.
    """
    return frozenset(t.norm for w in words for r in (None, *languages) for t in tokenize(w, r))


def without_hosted_for(sentence: Sentence, tables: GenreTables) -> Sentence:
    """The sentence without the participation cues that only say for whom a host hosted.

    "hosted by the Czech Ministry of the Interior on behalf of the Presidency": an ``acting_for`` phrase after
    a ``host_after`` cue makes the Presidency host (its part inferred), not a participant stated by the text.
    """
    hosts = [c.last for c in sentence.cues if c.has("host_after")]
    forms = phrase_forms(tables.acting_for, tables.languages.values())
    hosted_for = [
        c
        for c in sentence.cues
        if hosts
        and min(hosts) <= c.first
        and c.has("participation")
        and tuple(t.norm for t in sentence.tokens[c.first : c.last]) in forms
    ]
    if not hosted_for:
        return sentence
    return dataclasses.replace(sentence, cues=[c for c in sentence.cues if c not in hosted_for])
