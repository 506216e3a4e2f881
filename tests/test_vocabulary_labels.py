"""The nl/fr/de labels of the concepts with a EuroVoc match were checked against EuroVoc, and the vocabularies say so.

Every topic with a EuroVoc match carries, per language and match, a skos:editorialNote "EuroVoc label check,
<lang>, <id> (<match>): <outcome>."; concepts of meeting-vocabularies.ttl compared with a EuroVoc concept of the
same English term (no match link) say ``(term)``. These tests hold each note to the labels it describes, using
EuroVoc's own labels from tests/data/eurovoc/labels.ttl (an excerpt of the EuroVoc XML release, cited there).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from graph.resources import ONTOLOGY_DIR

EUROVOC = "http://eurovoc.europa.eu/"
CHECKED_LANGUAGES = ("nl", "fr", "de")
MATCHES = {
    p.fragment: p
    for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)
}
NOTE = re.compile(
    r"^EuroVoc label check, (?P<lang>nl|fr|de), (?P<id>\S+) \((?P<match>\w+)\): "
    r"(?P<outcome>same as EuroVoc|adopted EuroVoc's term|EuroVoc's term is an altLabel"
    r"|kept ours because (?P<reason>.{20,})|not adopted, (?P<why>.{20,}))\.$"
)
EXCERPT = Path(__file__).parent / "data" / "eurovoc" / "labels.ttl"


def normalised(label: str) -> str:
    """EuroVoc's labels carry stray no-break spaces; case is not part of the term."""
    return " ".join(label.replace("\u00a0", " ").split()).casefold()


@pytest.fixture(scope="module")
def topics() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "vocab" / "topics.ttl")


@pytest.fixture(scope="module")
def vocabularies(topics: Graph) -> Graph:
    """The topic scheme and the meeting vocabularies together."""
    both = Graph()
    for triple in topics:
        both.add(triple)
    return both.parse(ONTOLOGY_DIR / "vocab" / "meeting-vocabularies.ttl")


@pytest.fixture(scope="module")
def eurovoc() -> Graph:
    return Graph().parse(EXCERPT)


def label(graph: Graph, subject: URIRef, lang: str, predicate: URIRef = SKOS.prefLabel) -> set[str]:
    return {
        normalised(str(o))
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    }


def eurovoc_matches(topics: Graph) -> set[tuple[URIRef, str, str]]:
    """(concept, match kind, EuroVoc id) for every EuroVoc link of the topic scheme."""
    return {
        (concept, kind, str(target).removeprefix(EUROVOC))
        for kind, predicate in MATCHES.items()
        for concept, target in topics.subject_objects(predicate)
        if isinstance(concept, URIRef) and str(target).startswith(EUROVOC)
    }


def checks(topics: Graph) -> dict[tuple[URIRef, str, str, str], re.Match[str]]:
    """The parsed label-check notes, by (concept, match kind, EuroVoc id, language)."""
    found: dict[tuple[URIRef, str, str, str], re.Match[str]] = {}
    for concept, note in topics.subject_objects(SKOS.editorialNote):
        if not str(note).startswith("EuroVoc label check") or not isinstance(concept, URIRef):
            continue
        parsed = NOTE.match(str(note))
        assert parsed, f"{concept}: label-check note not in the documented form: {note!r}"
        key = (concept, parsed["match"], parsed["id"], parsed["lang"])
        assert key not in found, f"{concept}: two label checks for {key[1:]}"
        found[key] = parsed
    return found


def test_every_exact_match_label_has_a_recorded_check(topics: Graph) -> None:
    exact = {(c, i) for c, kind, i in eurovoc_matches(topics) if kind == "exactMatch"}
    assert len(exact) >= 10, "the topic scheme has lost its EuroVoc exactMatch links"
    recorded = checks(topics)
    missing = [
        (str(c), i, lang)
        for c, i in sorted(exact)
        for lang in CHECKED_LANGUAGES
        if label(topics, c, lang) and (c, "exactMatch", i, lang) not in recorded
    ]
    assert not missing, (
        f"nl/fr/de prefLabels of exactMatch concepts without a recorded EuroVoc check: {missing}"
    )


def test_every_eurovoc_match_is_checked_in_each_language(topics: Graph) -> None:
    recorded = {key for key in checks(topics) if key[1] != "term"}
    expected = {(c, kind, i, lang) for c, kind, i in eurovoc_matches(topics) for lang in CHECKED_LANGUAGES}
    assert recorded == expected, {
        "unchecked": sorted(map(str, expected - recorded)),
        "stale (no such match)": sorted(map(str, recorded - expected)),
    }


def test_meeting_vocabularies_compared_by_term_have_no_match_link(vocabularies: Graph) -> None:
    by_term = {(c, i) for (c, kind, i, _) in checks(vocabularies) if kind == "term"}
    assert by_term, "no concept of the meeting vocabularies records a comparison with EuroVoc"
    linked = {(c, i) for c, _, i in eurovoc_matches(vocabularies)}
    assert not by_term & linked, "a concept with a match link records a (term) check: name the match instead"


def test_each_recorded_outcome_holds_against_eurovoc(vocabularies: Graph, eurovoc: Graph) -> None:
    for (concept, kind, eurovoc_id, lang), note in checks(vocabularies).items():
        theirs = label(eurovoc, URIRef(EUROVOC + eurovoc_id), lang)
        assert len(theirs) == 1, (
            f"tests/data/eurovoc/labels.ttl lacks the {lang} label of EuroVoc {eurovoc_id}"
        )
        ours = label(vocabularies, concept, lang)
        alternatives = label(vocabularies, concept, lang, SKOS.altLabel)
        where = f"{concept} {lang} vs EuroVoc {eurovoc_id} ({kind}): {note.group(0)}"
        if note["outcome"] in ("same as EuroVoc", "adopted EuroVoc's term"):
            assert ours == theirs, where
        elif note["outcome"] == "EuroVoc's term is an altLabel":
            assert theirs <= alternatives and ours != theirs, where
        else:  # kept ours / not adopted: the labels really differ, with a reason
            assert ours != theirs, where
            assert kind != "exactMatch" or note["reason"], (
                f"an exactMatch label may only be kept with a reason: {where}"
            )
            if "EuroVoc's term is an altLabel" in note.group(0):
                assert theirs <= alternatives, where


def test_an_adopted_term_keeps_the_former_label_as_an_alternative(topics: Graph) -> None:
    """Adopting EuroVoc's term must not lose a phrasing the ingest recognised: e.g. "drugshandel" stays."""
    assert "drugshandel" in label(
        topics, URIRef("https://w3id.org/euus-kg/id/topic/drug-trafficking"), "nl", SKOS.altLabel
    )
    privacy = URIRef("https://w3id.org/euus-kg/id/topic/privacy")
    assert "bescherming van de persoonlijke levenssfeer" in label(topics, privacy, "nl", SKOS.altLabel)


def test_a_missing_check_is_reported(topics: Graph) -> None:
    """The check above can fail: drop one note and it names the concept."""
    broken = Graph()
    for triple in topics:
        broken.add(triple)
    concept = URIRef("https://w3id.org/euus-kg/id/topic/privacy")
    note = next(n for n in broken.objects(concept, SKOS.editorialNote) if ", nl, 2828 (exactMatch)" in str(n))
    broken.remove((concept, SKOS.editorialNote, note))
    with pytest.raises(AssertionError, match="topic/privacy"):
        test_every_exact_match_label_has_a_recorded_check(broken)
