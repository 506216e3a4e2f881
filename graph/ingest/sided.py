"""US departments named without their country, on the side the sentence names.

"Côté américain, la délégation réunissait des représentants du ministère de la Justice", "Die amerikanische
Delegation setzte sich aus Beamten des Justizministeriums zusammen": the ministry's name alone would name any
country's; after a word that names the US side (``[sides.named_by]``: "américain", "amerikanische", "US",
"Verenigde Staten") it is the US department. The bare names come from the labels: a label "... des
États-Unis" without that end (``[sides.country_adjective]``), "US-Justizministerium" without its prefix
(``[sides.country_prefixes]``). Without such a word before it, nearer than a word of the other side or a
Member State, the bare name names nothing.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.ingest.phrases import Entry, Mention, is_acronym, phrase_forms
from graph.ingest.tables import GenreTables, LanguageRules
from graph.ingest.text import Token

#: The category of a bare name in the lexicon, until a side word makes it an organisation.
BARE = "bare-org"


def bare_forms(label: str, language: str | None, tables: GenreTables) -> list[str]:
    """The label without its country at the end or start: "ministère de la Justice", "Justizministerium"."""
    ends = [end for end, _ in tables.country_adjective.get(language or "", ())]
    forms = [label[: -len(end)] for end in ends if label.endswith(end)]
    forms += [label[len(p) :] for p in tables.country_prefixes if label.startswith(p) and len(label) > len(p)]
    return [f.strip() for f in forms if f.strip()]


def sided_mentions(
    tokens: list[Token], mentions: list[Mention], tables: GenreTables, known: set[URIRef]
) -> list[Mention]:
    """The mentions, each bare name made the US organisation after a US side word, or left out.

    ``known`` holds the departments a bare name named earlier in the text: the same name later names them
    again ("Das Heimatschutzministerium sagte zu ..." after "die amerikanische Delegation ... des
    Heimatschutzministeriums"); it is updated.
    """
    if not any(m.category == BARE for m in mentions):
        return mentions
    sides = _side_words(tokens, mentions, tables)
    found = []
    for mention in mentions:
        if mention.category != BARE:
            found.append(mention)
            continue
        before = [side for position, side in sides if position < mention.first]
        if (before and before[-1] == "us") or (len(mention.iris) == 1 and mention.iris[0] in known):
            known.update(mention.iris)
            entries = tuple(Entry("org", e.iri, e.label, e.acronym, e.role) for e in mention.entries)
            found.append(Mention(mention.first, mention.last, mention.start, mention.end, "org", entries))
    return found


def _side_words(tokens: list[Token], mentions: list[Mention], tables: GenreTables) -> list[tuple[int, str]]:
    """Token positions of the words naming a side ("us", "eu") or a Member State ("state"), in order."""
    rules: list[LanguageRules] = list(tables.languages.values())
    found = [(m.first, "state") for m in mentions if m.category == "member-state"]
    for side, words in tables.side_named_by.items():
        for word in words:
            for form in phrase_forms([word], rules):
                for i in range(len(tokens) - len(form) + 1):
                    window = tokens[i : i + len(form)]
                    if tuple(t.norm for t in window) == form and (
                        not is_acronym(word) or all(t.upper for t in window)
                    ):
                        found.append((i, side))
    return sorted(found)
