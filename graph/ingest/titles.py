"""Office titles: the organisation an office names, and a title named again alone later in the text.

"the Director of the FBI", "le directeur du FBI", "FBI Director", "Europol's Executive Director": a person
named by an office of an organisation took part for it (cue table ``office``). Once a title is tied to one
organisation ("The Secretary of Homeland Security hosted ...", "Treasury's Under Secretary for Terrorism and
Financial Intelligence", "de Assistant Secretary for Terrorist Financing van het Amerikaanse ministerie van
Financiën"), the same title alone after an article in a later sentence names that organisation again
("The Secretary and the Attorney General met ...", "The Under Secretary underscored ..."): a role phrase.
A title tied to two organisations, one in lower case not read in a role phrase ("the official"; "le
procureur général" after "le procureur général des États-Unis" is one) and a group of people ("Die Experten")
name none.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.ingest.lexicon import Lexicon
from graph.ingest.phrases import ARTICLES, Entry, Mention
from graph.ingest.reading import Sentence
from graph.ingest.tables import GenreTables
from graph.ingest.text import fold

#: Words of an office's own name between its title and its organisation ("Assistant Secretary for Terrorist
#: Financing van het Amerikaanse ministerie van Financiën"): capitalised words and links, at most this many.
OFFICE_NAME_WORDS = 8


def named_by_office(sentence: Sentence, mention: Mention, tables: GenreTables) -> bool:
    """True when ``mention`` is the organisation of an office that names a person.

    "the Director of the FBI", "le directeur du FBI", "FBI Director", "Europol's Executive Director"; an owner
    named on the way is skipped ("a head of unit of the Commission's Directorate-General").
    """
    owners = {
        i
        for m in sentence.mentions
        if m.category == "org" and m is not mention
        for i in range(m.first, m.last)
    }
    for cue in (c for c in sentence.cues if c.has("office")):
        if cue.last <= mention.first:
            span, links = range(cue.last, mention.first), tables.office_links
        elif mention.last <= cue.first:
            span, links = range(mention.last, cue.first), tables.office_links_after
        else:
            continue
        between = [sentence.tokens[i].norm for i in span if i not in owners]
        # past other names: a possessive ("the Commission's Directorate-General"), a list ("investigators
        # from the DEA, Europol and the EUDA")
        past_names = (*links, *tables.office_links_after, *tables.conjunctions)
        allowed = past_names if len(between) < len(span) else links
        if len(between) <= tables.office_max_links + 1 and all(t in allowed for t in between):
            return True
    return False


def recurring_titles(sentences: list[Sentence], lexicon: Lexicon) -> None:
    """Add to each sentence the titles and organisations named again ("the agency"), as mentions."""
    tables = lexicon.tables
    groups = {w for words in tables.gathering_groups.values() for w in words}
    groups |= set(tables.cues.get("all_participants", ()))
    nouns = {fold(n): word for word, forms in tables.referring_nouns.items() for n in forms}
    tied: dict[tuple[str, ...], set[URIRef]] = {}
    persons: set[tuple[str, ...]] = set()  # titles read inside a role phrase: they name one person
    named: list[URIRef] = []  # the organisations named so far, in order
    for sentence in sentences:
        found = _named_again(sentence, nouns, named, lexicon.names)
        for cue in (c for c in sentence.cues if c.has("office")):
            title = tuple(t.norm for t in sentence.tokens[cue.first : cue.last])
            agent = _organisation_of(sentence, [*sentence.mentions, *found], cue, tables)
            if agent is not None:
                tied.setdefault(title, set()).add(agent)
                if any(
                    m.first <= cue.first and cue.last <= m.last and _is_role(m) for m in sentence.mentions
                ):
                    persons.add(title)
                continue
            iris = tied.get(title, set())
            if len(iris) == 1 and _alone(sentence, cue, title in persons) and " ".join(title) not in groups:
                (iri,) = iris
                label = " ".join(t.raw for t in sentence.tokens[cue.first : cue.last])
                entry = Entry("org", iri, label, role=True)
                found.append(Mention(cue.first, cue.last, cue.start, cue.end, "org", (entry,)))
        if found:
            sentence.mentions = sorted([*sentence.mentions, *found], key=lambda m: m.first)
        named += [m.iris[0] for m in sentence.mentions if m.category == "org" and len(m.iris) == 1]


def _named_again(
    sentence: Sentence, nouns: dict[str, str], named: list[URIRef], names: dict[URIRef, str]
) -> list[Mention]:
    """The organisation named again by a word of its name after an article ("the agency").

    The one named last before it whose English name has that word ("European Union Drugs Agency").
    """
    found = []
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        word = nouns.get(token.norm)
        if word is None or i == 0 or tokens[i - 1].norm not in ARTICLES:
            continue
        if any(m.first <= i < m.last for m in sentence.mentions if m.category != "topic"):
            continue
        if i + 1 < len(tokens) and tokens[i + 1].start == token.end + 1 and tokens[i + 1].raw[:1].isupper():
            continue  # "the Agency for Cybersecurity": a longer name
        before = [
            m.iris[0] for m in sentence.mentions if m.category == "org" and len(m.iris) == 1 and m.last <= i
        ]
        referent = next((a for a in reversed([*named, *before]) if word in names.get(a, "").lower()), None)
        if referent is not None:
            entry = Entry("org", referent, token.raw)
            found.append(Mention(i, i + 1, token.start, token.end, "org", (entry,)))
    return found


def _is_role(mention: Mention) -> bool:
    return any(e.role for e in mention.entries)


def _alone(sentence: Sentence, cue: Mention, person: bool) -> bool:
    """True when the title is right after an article and inside no name, and capitalised or a person's.

    French and Dutch write titles in lower case: "le procureur général des États-Unis ... Le procureur
    général a souligné"; a title read in a role phrase names one person, so it may be.
    """
    tokens = sentence.tokens
    inside = any(m.first <= cue.first < m.last for m in sentence.mentions if m.category != "topic")
    return (
        not inside
        and cue.first > 0
        and tokens[cue.first - 1].norm in ARTICLES
        and (person or tokens[cue.first].raw[:1].isupper())
    )


def _organisation_of(
    sentence: Sentence, mentions: list[Mention], cue: Mention, tables: GenreTables
) -> URIRef | None:
    """The one organisation ``cue`` is a title of in its sentence, if any.

    Inside a role phrase ("Secretary of Homeland Security"), right after its possessive ("Treasury's Under
    Secretary"), or before it across the office's own name ("Under Secretary for ... of the Treasury").
    """
    orgs = sorted((m for m in mentions if m.category == "org" and len(m.iris) == 1), key=lambda m: m.first)
    inside = [m for m in orgs if m.first <= cue.first and cue.last <= m.last]
    before = [m for m in orgs if m.last <= cue.first]
    after = [m for m in orgs if m.first >= cue.last]
    if inside:
        return inside[0].iris[0]
    tokens = sentence.tokens
    links_after = tables.office_links_after
    possessive = before and all(t.norm in links_after for t in tokens[before[-1].last : cue.first])
    if possessive and cue.first - before[-1].last <= 1:
        return before[-1].iris[0]
    if not after or len(tokens[cue.last : after[0].first]) > OFFICE_NAME_WORDS:
        return None
    conjunctions = set(tables.conjunctions)
    links = tables.office_links | (set(tables.office_name_links) - conjunctions)

    def in_name(i: int) -> bool:  # "for Terrorism and Financial Intelligence", not "and the Attorney General"
        word, following = tokens[i], tokens[i + 1] if i + 1 < after[0].first else None
        if word.norm in conjunctions:
            return following is not None and following.norm not in links and following.raw[:1].isupper()
        return word.raw[:1].isupper() or word.norm in links

    another = any(c.has("office") and cue.last <= c.first < after[0].first for c in sentence.cues)
    if not another and all(in_name(i) for i in range(cue.last, after[0].first)):
        return after[0].iris[0]
    return None
