"""Topics and statements, as the blind texts h117-h161 (now corpus 167-211) showed them missing or wrong.

Issue 11, eighth round: Dutch and German labels inflect and head compounds, a title in lower case names
an office, a frame may hold the topics inside its words, concepts are found in more phrasings, a quote's
speaker named after it holds it, and an interview's speaker label is no part of a quote. Each test writes
its own short release (no corpus sentence) and asserts on what ``extract`` gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon

HEADER = "Europol | Newsroom | 9 May 2022"
OPENING = {
    "en": "EU and US experts met in Lisbon on 3 May 2022. Europol took part.",
    "nl": "Deskundigen van de EU en de VS kwamen op 3 mei 2022 in Lissabon bijeen. Europol nam deel.",
    "fr": "Des experts de l'UE et des États-Unis se sont réunis à Lisbonne le 3 mai 2022. Europol y a participé.",
    "de": "Fachleute der EU und der USA trafen sich am 3. Mai 2022 in Lissabon. Europol nahm daran teil.",
}


def _meeting(lexicon: Lexicon, language: str, sentence: str) -> dict:
    body = f"{OPENING[language]} {sentence}"
    [meeting] = read(press_release(body, attribution=HEADER), lexicon).summary["meetings"]
    return meeting


def _topics(meeting: dict) -> set[str]:
    return {str(t["id"]).rsplit("/", 1)[-1] for t in meeting["topics"]}


# ---- Dutch and German labels inflected and at the head of a compound -----------------------------------


@pytest.mark.parametrize(
    ("language", "sentence", "topic"),
    [
        ("de", "Sie sprachen über die Überwachung der Landgrenze im Osten.", "border-management"),
        ("de", "Sie sprachen über gewaltbereiten Rechtsextremismus im Netz.", "violent-extremism"),
        ("nl", "Zij bespraken hoe snel minderjarigen via sociale media radicaliseren.", "radicalisation"),
    ],
)
def test_a_dutch_or_german_label_is_found_inflected_and_at_a_compounds_head(
    lexicon: Lexicon, language: str, sentence: str, topic: str
) -> None:
    assert topic in _topics(_meeting(lexicon, language, sentence))


def test_an_english_label_is_not_inflected(lexicon: Lexicon) -> None:
    # "information exchange" is a label; "the information exchanged" says how they discussed something
    topics = _topics(_meeting(lexicon, "en", "They compared the information exchanged on the case."))
    assert "information-sharing" not in topics


# ---- offices in lower case; topics a frame holds --------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "De minister voor Migratie opende de bijeenkomst."),
        ("en", "The European Commissioners for Migration and for Justice opened the meeting."),
    ],
)
def test_a_topic_in_an_office_title_in_any_case_is_no_topic(
    lexicon: Lexicon, language: str, sentence: str
) -> None:
    assert "migration" not in _topics(_meeting(lexicon, language, sentence))


@pytest.mark.parametrize(
    ("language", "sentence", "held"),
    [
        ("en", "They discussed how the databases for borders, visas and police will be connected.", "visas"),
        ("de", "Sie sprachen über die Verknüpfung der Informationssysteme für Visa und Polizei.", "visas"),
    ],
)
def test_the_fields_of_connected_databases_are_no_topics(
    lexicon: Lexicon, language: str, sentence: str, held: str
) -> None:
    topics = _topics(_meeting(lexicon, language, sentence))
    assert "interoperability-of-information-systems" in topics
    assert held not in topics


# ---- concepts in more phrasings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sentence", "topic"),
    [
        (
            "en",
            "They discussed the fake documents that gangs sell to travellers.",
            "security-of-travel-documents",
        ),
        ("de", "Sie sprachen darüber, wie Erlöse aus Betrug gewaschen werden.", "money-laundering"),
        (
            "fr",
            "Ils ont évoqué l'accès des enquêteurs aux données des opérateurs.",
            "law-enforcement-access-to-data",
        ),
        (
            "en",
            "They discussed the financial support that some charities give, often unknowingly, to terrorist groups.",
            "terrorism-financing",
        ),
        ("en", "They discussed the crews that lock the computers of schools.", "ransomware"),
        ("en", "They discussed Europeans who joined terrorist groups abroad.", "foreign-terrorist-fighters"),
        ("fr", "Ils ont évoqué des États hostiles qui recrutent des délinquants.", "hybrid-threats"),
        ("de", "Sie sprachen über die Schlepperei auf der Balkanroute.", "migrant-smuggling"),
        ("de", "Sie sprachen über Frauen in den Händen von Menschenhändlern.", "trafficking-in-human-beings"),
    ],
)
def test_a_concept_is_found_in_other_phrasings(
    lexicon: Lexicon, language: str, sentence: str, topic: str
) -> None:
    assert topic in _topics(_meeting(lexicon, language, sentence))


# ---- statements: the speaker of a quote, a speaker's label, more verb forms ---------------------------


def test_the_speaker_named_after_a_quote_holds_it(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "en", '"No border stops the data," said the Director of Eurojust.')
    [statement] = meeting["statements"]
    assert {str(h).rsplit("/", 1)[-1] for h in statement["holders"]} == {"eurojust"}


def test_a_speakers_label_is_no_part_of_the_quote(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "de", "Minister: Wir haben vereinbart, eine Arbeitsgruppe einzurichten.")
    [statement] = meeting["statements"]
    assert statement["quote"] == "Wir haben vereinbart, eine Arbeitsgruppe einzurichten."


@pytest.mark.parametrize(
    ("language", "sentence", "kind"),
    [
        ("de", "Europol hat zugesagt, eine Analyse vorzulegen.", "commitment"),
        ("de", "Der Direktor hob hervor, dass die Lage ernst sei.", "position"),
        ("fr", "Nous sommes convenus de créer un réseau de points de contact.", "agreement"),
        ("fr", "J'ai souligné que la confiance reste essentielle.", "position"),
    ],
)
def test_a_statement_verb_in_the_perfect_separable_or_first_person(
    lexicon: Lexicon, language: str, sentence: str, kind: str
) -> None:
    [statement] = _meeting(lexicon, language, sentence)["statements"]
    assert str(statement["kind"]).endswith(kind)
