"""Who said a quote: the speaker named after the quotation, before or after the verb of saying.

'"Criminal networks do not stop at the Atlantic," said the President of Eurojust', '"...," the Ambassador
said in his opening words', '« ... », a déclaré le secrétaire adjoint': the subject of the verb is not
before the quote (where statements.py looks for the subject of "agreed" or "stressed") but between the
closing quotation mark and the verb, or right after the verb up to a comma. An organisation named there
holds the quote; a short title there ("the Ambassador", "le secrétaire adjoint") holds it for the one
organisation an earlier role phrase with that title names ("The U.S. Ambassador to the European Union").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rdflib import URIRef

from graph.ingest.model import Read
from graph.ingest.phrases import AGENT_CATEGORIES, ARTICLES, Mention
from graph.ingest.reading import Sentence
from graph.ingest.text import Token

#: Quotation marks that close a quote.
CLOSING = ('"', "”", "»")
#: Words of the speaker's name after the verb ("said FinCEN's Director, who ..."), at most.
SPEAKER_WORDS = 8


def speaker_holders(
    text: str,
    sentence: Sentence,
    cue: Mention,
    sentences: Sequence[Sentence],
    agent: Callable[[Mention], URIRef | None],
) -> list[Read]:
    """The holder of a quote the sentence attributes with a verb of saying, from the speaker's words."""
    closed = max(text.rfind(mark, sentence.start, cue.start) for mark in CLOSING)
    if closed < 0:
        return []
    before = [t for t in sentence.tokens if closed < t.start and t.end <= cue.start]
    speaker = before or _after_verb(text, sentence, cue)
    if not speaker:
        return []
    first, last = speaker[0].start, speaker[-1].end
    holders: list[Read] = []
    for mention in sentence.mentions:
        if mention.category in AGENT_CATEGORIES and first <= mention.start and mention.end <= last:
            value = agent(mention)
            if value is not None and all(h.value != value for h in holders):
                holders.append(Read(value, (mention.start, mention.end)))
    return holders or _by_title(speaker, sentence, sentences)


def _after_verb(text: str, sentence: Sentence, cue: Mention) -> list[Token]:
    """The words right after the verb up to a comma or the sentence's end ("said the President of X")."""
    words: list[Token] = []
    for token in sentence.tokens[cue.last :]:
        if "," in text[cue.end : token.start] or len(words) == SPEAKER_WORDS:
            break
        words.append(token)
    return words


def _by_title(speaker: list[Token], sentence: Sentence, sentences: Sequence[Sentence]) -> list[Read]:
    """The one organisation of an earlier role phrase whose words hold the speaker's title."""
    words = [t.norm for t in speaker if t.norm not in ARTICLES]
    if not words or len(words) > 3:
        return []
    return title_holder(words, (speaker[0].start, speaker[-1].end), sentence, sentences, inside=True)


def title_holder(
    words: list[str],
    span: tuple[int, int],
    sentence: Sentence,
    sentences: Sequence[Sentence],
    *,
    inside: bool,
) -> list[Read]:
    """The one organisation of an earlier role phrase that begins with ``words`` (``inside``: holds them).

    "The Acting Secretary of Homeland Security ... met ..." then "The Acting Secretary emphasized ...";
    "The U.S. Ambassador to the European Union ..." then "..., the Ambassador said". Several: none.
    """
    found = {
        m.iris[0]
        for s in sentences
        if s.start < sentence.start
        for m in s.mentions
        if m.category == "org"
        and len(m.iris) == 1
        and any(e.role for e in m.entries)
        and (
            _contains([t.norm for t in s.tokens[m.first : m.last]], words)
            if inside
            else [t.norm for t in s.tokens[m.first : m.first + len(words)]] == words
        )
    }
    if len(found) != 1:
        return []
    return [Read(found.pop(), span)]


def _contains(phrase: list[str], words: list[str]) -> bool:
    return any(phrase[i : i + len(words)] == words for i in range(len(phrase) - len(words) + 1))
