"""Names that share their last words with the next one: "A and B of the United States".

"het ministerie van Justitie en het ministerie van Binnenlandse Veiligheid van de Verenigde Staten" names
two departments, but only the second is written out in full: the first shares "van de Verenigde Staten"
with it. When a name (B + shared words) follows a conjunction and the words before the conjunction (A) plus
some of B's last words make a label of another organisation or presidency, A is read as a mention of it.
The same holds for "the Belgian and the Hungarian Presidency" (A "Belgian", shared "Presidency").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from graph.ingest.phrases import Entry, Mention, PhraseIndex
from graph.ingest.tables import GenreTables, LanguageRules
from graph.ingest.text import Token, tokenize

#: Categories of the names read this way: what takes part in a meeting.
COORDINATED = ("org", "presidency")
#: Stopwords (articles) allowed between the conjunction and the second name: "en het ministerie ...".
MAX_ARTICLES = 1


def elided_mentions(
    tokens: Sequence[Token],
    mentions: list[Mention],
    index: PhraseIndex,
    tables: GenreTables,
    rules: LanguageRules | None,
) -> list[Mention]:
    """Mentions of names whose last words a coordinated name after them carries."""
    norms = [t.norm for t in tokens]
    taken = {i for m in mentions for i in range(m.first, m.last)}
    conjunctions = [tuple(t.norm for t in tokenize(c, rules)) for c in tables.conjunctions]
    found: list[Mention] = []
    for second in mentions:
        if second.category not in COORDINATED:
            continue
        end = _first_name_end(norms, second.first, conjunctions, rules)
        if end is None:
            continue
        mention = _first_name(tokens, norms, end, second, index, taken, tables.coordination_max_words)
        if mention is not None:
            found.append(mention)
            taken.update(range(mention.first, mention.last))
    return found


def _first_name_end(
    norms: list[str], second: int, conjunctions: list[tuple[str, ...]], rules: LanguageRules | None
) -> int | None:
    """Where the first name ends: a conjunction, at most MAX_ARTICLES stopwords, then ``second``."""
    stopwords = rules.stopwords if rules is not None else frozenset()
    for gap in range(MAX_ARTICLES + 1):
        end = second - gap
        if any(w not in stopwords for w in norms[end:second]):
            break
        for words in conjunctions:
            start = end - len(words)
            if start > 0 and tuple(norms[start:end]) == words:
                return start
    return None


def _first_name(
    tokens: Sequence[Token],
    norms: list[str],
    end: int,
    second: Mention,
    index: PhraseIndex,
    taken: set[int],
    max_words: int,
) -> Mention | None:
    """The longest run of words before ``end`` that, with some of ``second``'s last words, is a label."""
    for start in range(max(0, end - max_words), end):
        if any(i in taken for i in range(start, end)):
            continue
        for split in range(second.first + 1, second.last):
            entries = index.phrases.get(tuple(norms[start:end] + norms[split : second.last]), [])
            usable = tuple(e for e in entries if e.category == second.category and e.iri not in second.iris)
            if usable:
                return Mention(start, end, tokens[start].start, tokens[end - 1].end, second.category, usable)
    return None


def shared_head_mentions(
    tokens: Sequence[Token],
    mentions: list[Mention],
    index: PhraseIndex,
    tables: GenreTables,
    rules: LanguageRules | None,
) -> list[Mention]:
    """Names after a plural head: "the Departments of Homeland Security and State" names two departments.

    Each part between the head and the conjunctions (or commas: "the Departments of Justice, Homeland
    Security and State" names three) is read with the singular head; the longest run of its
    first words that makes a label of an organisation is a mention (unless something is found there).
    """
    norms = [t.norm for t in tokens]
    taken = {i for m in mentions if m.category in COORDINATED for i in range(m.first, m.last)}
    conjunctions = {t.norm for c in tables.conjunctions for t in tokenize(c, rules)}
    found: list[Mention] = []
    for plural, singular in tables.plural_heads:
        head = [t.norm for t in tokenize(plural, rules)]
        one = [t.norm for t in tokenize(singular, rules)]
        for i in range(len(norms) - len(head)):
            if norms[i : i + len(head)] != head:
                continue
            start = i + len(head)
            while start < len(norms):
                # "de la migration et des affaires intérieures": the words the label adds to the head
                words = tables.coordination_max_words + len(one)
                mention = _longest_label(tokens, norms, start, one, index, words)
                if mention is None:
                    break
                if start == i + len(head):  # the first name's span holds the head: "Directors-General ..."
                    mention = replace(mention, first=i, start=tokens[i].start)
                if not any(j in taken for j in range(mention.first, mention.last)):
                    found.append(mention)
                start = mention.last
                if start >= len(norms):
                    break
                if norms[start] in conjunctions:
                    start += 1
                elif not _listed(tokens, start):
                    break
    return found


def inside_any(mention: Mention, names: list[Mention]) -> bool:
    """True when ``mention`` lies inside one of ``names`` and is not itself one of them.

    "the Directors-General for Migration and Home Affairs and for Justice": "Migration" is part of a name
    read after the plural head, as the longest match hides it inside a name written out.
    """
    return any(n is not mention and n.first <= mention.first and mention.last <= n.last for n in names)


def _listed(tokens: Sequence[Token], at: int) -> bool:
    """True when a comma (punctuation, not a token) separates token ``at`` from the one before it.

    "the Departments of Justice, Homeland Security and State": a list of three names after the head.
    """
    return tokens[at].start - tokens[at - 1].end > 1


def _longest_label(  # "Homeland Security" after "department of": the longest label first
    tokens: Sequence[Token], norms: list[str], start: int, head: list[str], index: PhraseIndex, max_words: int
) -> Mention | None:
    for end in range(min(len(norms), start + max_words), start, -1):
        entries = tuple(
            e for e in index.phrases.get(tuple(head + norms[start:end]), []) if e.category == "org"
        )
        if entries:
            return Mention(start, end, tokens[start].start, tokens[end - 1].end, "org", entries)
    return None


#: Words of the first term and of the shared tail in "Border and Transport Security" (topics).
TOPIC_PART_WORDS = 2


def elided_topics(
    tokens: Sequence[Token],
    mentions: list[Mention],
    index: PhraseIndex,
    tables: GenreTables,
    rules: LanguageRules | None,
) -> list[Mention]:
    """Topics whose last words the coordinated term after them carries: "Border and Transport Security".

    The first term (A) plus the last words of the term after the conjunction (B + shared words) make a
    topic label ("Border Security"); A is read as a mention of that topic.
    """
    norms = [t.norm for t in tokens]
    taken = {i for m in mentions if m.category == "topic" for i in range(m.first, m.last)}
    conjunctions = [tuple(t.norm for t in tokenize(c, rules)) for c in tables.conjunctions]
    found: list[Mention] = []
    for at in range(1, len(norms)):
        words = next((c for c in conjunctions if tuple(norms[at : at + len(c)]) == c), None)
        if words is None:
            continue
        after = at + len(words)
        for size in range(1, TOPIC_PART_WORDS + 1):
            start = at - size
            if start < 0 or any(i in taken for i in range(start, at)):
                continue
            entries = _shared_tail_entries(norms, norms[start:at], after, index)
            if entries:
                found.append(Mention(start, at, tokens[start].start, tokens[at - 1].end, "topic", entries))
                taken.update(range(start, at))
                break
    return found


def _shared_tail_entries(
    norms: list[str], first: list[str], after: int, index: PhraseIndex
) -> tuple[Entry, ...]:
    """Topic entries of ``first`` + the shared tail of the term (at most two words + tail) at ``after``."""
    for own in range(1, TOPIC_PART_WORDS + 1):
        for tail in range(1, TOPIC_PART_WORDS + 1):
            shared = norms[after + own : after + own + tail]
            if len(shared) < tail:
                continue
            entries = tuple(e for e in index.phrases.get(tuple(first + shared), []) if e.category == "topic")
            if entries:
                return entries
    return ()
