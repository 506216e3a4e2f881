"""Find known phrases (labels, cues) in a token sequence: leftmost, longest, none overlapping."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import URIRef

from graph.ingest.tables import LanguageRules
from graph.ingest.text import Token, tokenize

#: Definite articles before a title or a name ("The Secretary", "De Assistant Secretary", "l'agence").
ARTICLES = frozenset({"the", "de", "het", "le", "la", "l", "der", "die", "das"})
#: Mention categories that name an agent: an organisation, a presidency by name, "the Presidency".
AGENT_CATEGORIES = ("org", "presidency", "generic-presidency")


def possessive_after(text: str, end: int) -> bool:
    """True when the name ending at ``end`` is followed by a possessive ("Ireland's", "Europol’s")."""
    return text[end : end + 2] in ("'s", "’s")


#: When one phrase is the label of things of several categories, the first category here wins
#: ("EU" names the EU side before the organisation European Union).
CATEGORY_PRIORITY = (
    "side",
    "presidency",
    "generic-presidency",
    "org",
    "place",
    "series",
    "kind",
    "topic",
    "member-state",
)


@dataclass(frozen=True)
class Entry:
    """What a phrase stands for: a resource (``iri``) of a category, or a cue (``iri`` None)."""

    category: str
    iri: URIRef | None
    label: str
    acronym: bool = False
    #: True for a role phrase ("the Attorney General"): it names a person of the organisation, who took part.
    role: bool = False


@dataclass(frozen=True)
class Mention:
    """A phrase found in a text: its token range ``[first, last)``, character span and meanings."""

    first: int
    last: int
    start: int
    end: int
    category: str
    entries: tuple[Entry, ...]

    def has(self, category: str) -> bool:
        """True when one of the phrase's meanings is of ``category`` (for cues: of that cue table)."""
        return any(e.category == category for e in self.entries)

    @property
    def iris(self) -> list[URIRef]:
        """The distinct resources the phrase may stand for, in label order."""
        seen: dict[URIRef, None] = {}
        for entry in self.entries:
            if entry.iri is not None:
                seen.setdefault(entry.iri)
        return list(seen)


@dataclass
class PhraseIndex:
    """Phrases as tuples of normalised tokens, and the entries each stands for."""

    #: True: a phrase found stands for the entries of its highest-priority category only (resources);
    #: False: for all its entries (cues, where one phrase may be in several tables).
    exclusive: bool = True
    phrases: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    _lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, tokens: tuple[str, ...], entry: Entry) -> None:
        """Index ``entry`` under the phrase ``tokens`` (ignored when empty)."""
        if not tokens:
            return
        entries = self.phrases.setdefault(tokens, [])
        if entry not in entries:
            entries.append(entry)
        lengths = self._lengths.setdefault(tokens[0], [])
        if len(tokens) not in lengths:
            lengths.append(len(tokens))
            lengths.sort(reverse=True)

    def find(self, tokens: Sequence[Token]) -> list[Mention]:
        """Mentions of indexed phrases in ``tokens``: at each position the longest phrase, then move past it.

        An acronym label (written without lower-case letters, such as "US" or "CT") only matches text
        written in capitals, so "us" and "ct" in running text are not taken for it.
        """
        found = []
        i = 0
        while i < len(tokens):
            mention = self._longest_at(tokens, i)
            if mention is None or self._topic_overlapped(tokens, mention):
                i += 1
                continue
            found.append(mention)
            i = mention.last
        return found

    def _topic_overlapped(self, tokens: Sequence[Token], mention: Mention) -> bool:
        """True when a topic phrase starting inside this topic phrase reaches further.

        "the fight against terrorism financing" is about terrorism financing, not "fight against terrorism".
        """
        if mention.category != "topic":
            return False
        for j in range(mention.first + 1, mention.last):
            later = self._longest_at(tokens, j)
            if later is not None and later.category == "topic" and later.last > mention.last:
                return True
        return False

    def _longest_at(self, tokens: Sequence[Token], i: int) -> Mention | None:
        for length in self._lengths.get(tokens[i].norm, ()):
            if i + length > len(tokens):
                continue
            window = tokens[i : i + length]
            entries = self.phrases.get(tuple(t.norm for t in window))
            if not entries:
                continue
            upper = all(t.upper for t in window)
            usable = [e for e in entries if upper or not e.acronym]
            if not usable:
                continue
            category = min((e.category for e in usable), key=_priority)
            chosen = tuple(e for e in usable if e.category == category or not self.exclusive)
            return Mention(i, i + length, window[0].start, window[-1].end, category, chosen)
        return None


def nouns_as_written(
    cues: list[Mention], tokens: Sequence[Token], rules: LanguageRules | None
) -> list[Mention]:
    """The cues, without an ``office`` meaning where the language capitalises nouns and the text does not.

    German "Die Kommission berät" or "war ... vertreten" stems like "Berater" and "Vertreter": a verb, no
    office.
    """
    if rules is None or not rules.capitalised_nouns:
        return cues
    found = []
    for cue in cues:
        if cue.has("office") and tokens[cue.first].raw[:1].islower():
            entries = tuple(e for e in cue.entries if e.category != "office")
            if not entries:
                continue
            cue = Mention(cue.first, cue.last, cue.start, cue.end, cue.category, entries)
        found.append(cue)
    return found


def _priority(category: str) -> int:
    return CATEGORY_PRIORITY.index(category) if category in CATEGORY_PRIORITY else len(CATEGORY_PRIORITY)


def is_acronym(label: str) -> bool:
    """True when ``label`` is written without lower-case letters, as acronyms are ("US", "EU CTC").

    >>> is_acronym("PNR"), is_acronym("eu-LISA"), is_acronym("Europol")
    (True, False, False)
    """
    return any(c.isalpha() for c in label) and not any(c.islower() for c in label)


def phrase_forms(phrases: Iterable[str], languages: Iterable[LanguageRules]) -> set[tuple[str, ...]]:
    """Each phrase as normalised tokens under the spelling rules of each language (the text's is one)."""
    rules = list(languages)
    return {tuple(t.norm for t in tokenize(p.strip(), r)) for p in phrases for r in rules} - {()}


def occurrences(tokens: Sequence[Token], forms: set[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Token ranges ``[first, last)`` where one of ``forms`` occurs, overlapping ones included."""
    norms = [t.norm for t in tokens]
    return [(i, i + len(f)) for f in forms for i in range(len(norms)) if tuple(norms[i : i + len(f)]) == f]
