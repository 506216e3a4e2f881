"""An organisation's name written at the start of a longer name is not that organisation.

"special agents of ICE's Homeland Security Investigations": "Homeland Security" (a label of the Department of
Homeland Security) begins the name of another body, so the Department is not named, and ICE owns the body
named after it. A name of several words, written out, right before a capitalised word that continues the
name is such a start, unless that word begins a unit's or an office's name ("the Department of Justice
Office of International Affairs", "the Department of Homeland Security Secretary"): the table
``[office_names] unit_name_starts``, the ``body_nouns`` and the ``office`` cues. Likewise a role phrase
that goes on with "for" and a capitalised word ("the Secretary of State for Security") is another title.
"""

from __future__ import annotations

from graph.ingest.phrases import ARTICLES, Mention
from graph.ingest.tables import GenreTables, LanguageRules
from graph.ingest.text import Token, tokenize


def outside_longer_names(
    tokens: list[Token], mentions: list[Mention], tables: GenreTables, rules: LanguageRules | None
) -> list[Mention]:
    """The mentions without the organisations whose name only begins a longer name."""
    heads = {
        t.norm
        for phrase in (*tables.unit_name_starts, *tables.body_nouns, *tables.cues.get("office", ()))
        for t in tokenize(phrase, rules)[:1]
    }
    return [
        m
        for m in mentions
        if not _begins_longer_name(tokens, m, heads) and not _begins_longer_title(tokens, m)
    ]


#: Words that carry a title on to its field: "the Secretary of State for Security" (a Spanish office) is not
#: the Secretary of State.
_TITLE_FIELD = frozenset({"for", "voor", "pour", "für"})
#: A title that names its field already ("Secretary of State") holds one of these.
_FIELD_LINKS = _TITLE_FIELD | {"of", "van", "de", "du", "der", "des"}


def _begins_longer_title(tokens: list[Token], mention: Mention) -> bool:
    """True when a role phrase naming its field goes on with "for" and a capitalised word: another title."""
    if not any(e.role for e in mention.entries) or mention.last + 1 >= len(tokens):
        return False
    link, field = tokens[mention.last], tokens[mention.last + 1]
    named_field = any(t.norm in _FIELD_LINKS for t in tokens[mention.first : mention.last])
    rank = tokens[mention.first - 1] if mention.first > 0 else None
    if rank is not None and rank.raw[:1].isupper() and rank.norm not in ARTICLES:
        return False  # "the Assistant Secretary of State for International Narcotics ...": a rank of it
    return (
        named_field  # "the European Commissioner for Home Affairs" only says which Commissioner
        and link.norm in _TITLE_FIELD
        and field.raw[:1].isupper()
        and link.start == tokens[mention.last - 1].end + 1
    )


def _begins_longer_name(tokens: list[Token], mention: Mention, heads: set[str]) -> bool:
    if mention.category != "org" or mention.last - mention.first < 2 or mention.last >= len(tokens):
        return False
    written = tokens[mention.first : mention.last]
    after = tokens[mention.last]
    return (
        not all(t.upper for t in written)
        and after.start == written[-1].end + 1  # one space: no comma, bracket or possessive between
        and after.raw[:1].isupper()
        and after.raw.isalpha()
        and not after.upper
        and after.norm not in heads
    )
