"""Names of offices and departments, whose words are not topics of the meeting; names of instruments.

"the Commissioner for Justice, Fundamental Rights and Citizenship", "the Minister for Justice, Home Affairs
and Migration", "the State Department's Bureau of Counterterrorism", "de minister voor Migratie": a head
of ``patterns.toml`` (``[office_names]``, in either case) and the capitalised words, commas and linking
words after it name an office. A topic label inside that name says what the office is for, not what the
meeting discussed. Likewise a city in the name of a convention, treaty or process ("the Budapest
Convention", "the Treaty of Lisbon", "der Vertrag von Lissabon") is not where anything took place
(``[places]`` of ``patterns.toml``).
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.ingest.phrases import Mention
from graph.ingest.tables import GenreTables, LanguageRules
from graph.ingest.text import Token, tokenize


def outside_office_names(
    text: str,
    tokens: Sequence[Token],
    mentions: list[Mention],
    tables: GenreTables,
    rules: LanguageRules | None,
) -> list[Mention]:
    """``mentions`` without the topics that lie inside the name of an office or name a body.

    A topic label right before a body's noun ("the EU cybersecurity agency", "the Computer Crime and
    Intellectual Property Section"), or right after it and a link ("la section des droits de l'homme"),
    says what the body does, not what the meeting discussed.
    """
    # normalised like the tokens they are compared with: "für" is "fur"
    links = frozenset(t.norm for link in tables.office_name_links for t in tokenize(link, rules))
    names = office_names(text, tokens, tables, rules, links)
    bodies = {t.norm for b in tables.body_nouns for t in tokenize(b, rules)}
    links -= {t.norm for c in tables.conjunctions for t in tokenize(c, rules)}  # "Program and the return"

    def after_a_body(
        m: Mention,
    ) -> bool:  # "la section des droits de l'homme", "die Abteilung für Menschenrechte"
        i = m.first - 1
        while i >= 0 and m.first - i <= 2 and tokens[i].norm in links:
            i -= 1
        return 0 <= i < m.first - 1 and tokens[i].norm in bodies

    return [
        m
        for m in mentions
        if m.category != "topic"
        or not (
            any(start <= m.start and m.end <= end for start, end in names)
            or (m.last < len(tokens) and tokens[m.last].norm in bodies)
            or after_a_body(m)
        )
    ]


def office_names(
    text: str,
    tokens: Sequence[Token],
    tables: GenreTables,
    rules: LanguageRules | None,
    links: frozenset[str],
) -> list[tuple[int, int]]:
    """Character spans of what follows each office head in ``tokens``: the office's field.

    ``links``: the normalised words that may join an office name's capitalised words ("of", "für").
    """
    heads = [tuple(t.norm for t in tokenize(h, rules)) for h in tables.office_heads]
    norms = [t.norm for t in tokens]
    spans = []
    for i in range(len(tokens)):
        # Dutch, French and German write a title in lower case: "de minister voor Migratie"
        head = next((h for h in heads if h and tuple(norms[i : i + len(h)]) == h), None)
        if head is None or i + len(head) >= len(tokens):
            continue
        first = last = i + len(head)
        j = first
        while j < len(tokens):
            gap = text[tokens[j - 1].end : tokens[j].start].strip()
            if gap not in ("", ",", "'", "’"):
                break
            if tokens[j].raw[:1].isupper():
                last = j + 1
            elif tokens[j].norm not in links:
                break
            j += 1
        if last > first:
            spans.append((tokens[first].start, tokens[last - 1].end))
    return spans


def outside_instrument_names(
    text: str,
    tokens: Sequence[Token],
    mentions: list[Mention],
    tables: GenreTables,
    rules: LanguageRules | None,
) -> list[Mention]:
    """``mentions`` without the places in the name of an instrument ("the Budapest Convention")."""
    heads = {tuple(t.norm for t in tokenize(h, rules)) for h in tables.instrument_heads} - {()}
    links = frozenset(tables.instrument_links)
    norms = [t.norm for t in tokens]

    def named_after(m: Mention) -> bool:  # "Budapest Convention", "Dublin-Verordnung"
        if m.last >= len(tokens):
            return False
        if text[tokens[m.last - 1].end : tokens[m.last].start].strip() not in ("", "-"):
            return False
        return any(tuple(norms[m.last : m.last + len(h)]) == h for h in heads)

    def named_before(m: Mention) -> bool:  # "Treaty of Lisbon", "convention de Budapest"
        if m.first < 2 or norms[m.first - 1] not in links:
            return False
        return any(tuple(norms[m.first - 1 - len(h) : m.first - 1]) == h for h in heads)

    return [m for m in mentions if m.category != "place" or not (named_after(m) or named_before(m))]
