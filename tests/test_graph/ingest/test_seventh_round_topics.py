"""Topics and statements, as the blind texts h85-h116 (now corpus 135-166) showed them missing.

Issue 11, seventh round: a topic is the narrowest concept a sentence names (``skos:broader``), a body's
name holds no topic, a topic frame's words inflect in every language and head Dutch and German compounds,
and a statement verb is found in any number and person. Each test writes its own short release (no corpus
sentence) and asserts on what ``extract`` gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon
from graph.ingest.verb_forms import verb_forms

HEADER = "Europol | Newsroom | 9 May 2022"
MET = "EU and US experts met in Lisbon on 3 May 2022. Europol took part."


def _meeting(lexicon: Lexicon, body: str, header: str = HEADER) -> dict:
    [meeting] = read(press_release(body, attribution=header), lexicon).summary["meetings"]
    return meeting


def _topics(meeting: dict) -> set[str]:
    return {str(t["id"]).rsplit("/", 1)[-1] for t in meeting["topics"]}


# ---- the narrower concept -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "narrower", "broader"),
    [
        (
            "They discussed the gangs that charge migrants large sums for a seat in a boat.",
            "migrant-smuggling",
            "migration",
        ),
        (
            "They looked at the money flows that pay for terrorist attacks in Europe.",
            "terrorism-financing",
            "counter-terrorism",
        ),
    ],
)
def test_a_frame_uses_the_words_of_a_broader_topic_and_names_only_the_narrower(
    lexicon: Lexicon, sentence: str, narrower: str, broader: str
) -> None:
    topics = _topics(_meeting(lexicon, f"{MET} {sentence}"))
    assert narrower in topics
    assert broader not in topics


def test_a_broader_topic_named_beside_the_narrower_stays(lexicon: Lexicon) -> None:
    body = f"{MET} They discussed migration. They also discussed the gangs that charge migrants for a boat."
    assert {"migration", "migrant-smuggling"} <= _topics(_meeting(lexicon, body))


def test_a_broader_topic_only_in_a_bodys_name_is_none_beside_a_narrower(lexicon: Lexicon) -> None:
    body = (
        f"{MET} Analysts of the European Cybercrime Centre presented their work. "
        "The experts discussed child sexual abuse online."
    )
    topics = _topics(_meeting(lexicon, body))
    assert "child-sexual-abuse-online" in topics
    assert "cybercrime" not in topics


def test_a_topic_only_in_a_bodys_name_stays_without_a_narrower_one(lexicon: Lexicon) -> None:
    body = f"{MET} Analysts of the European Cybercrime Centre presented their work."
    assert "cybercrime" in _topics(_meeting(lexicon, body))


def test_a_frame_finds_its_topic_beside_a_label_inside_a_name(lexicon: Lexicon) -> None:
    body = (
        f"{MET} The European Cybercrime Centre described a botnet that stole passwords. "
        "The experts discussed child sexual abuse online."
    )
    assert {"cybercrime", "child-sexual-abuse-online"} <= _topics(_meeting(lexicon, body))


# ---- frame words in any inflection and compound -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "topic"),
    [
        # "encrypt" is a form of the frame's "encryption"
        (
            f"{MET} They discussed how police reach chats once apps encrypt them end to end.",
            "law-enforcement-access-to-data",
        ),
        # Dutch past participle of "bekostigen"
        (
            "Deskundigen van de EU en de VS kwamen op 3 mei 2022 in Lissabon bijeen. Europol nam deel. "
            "Zij bespraken hoe terroristische cellen worden bekostigd met kleine leningen.",
            "terrorism-financing",
        ),
        # a Dutch compound whose last part is the frame's word ("havens")
        (
            "Deskundigen van de EU en de VS kwamen op 3 mei 2022 in Lissabon bijeen. Europol nam deel. "
            "Zij bespraken de heroïne die via zeehavens binnenkomt.",
            "drug-trafficking",
        ),
    ],
)
def test_frame_words_inflect_and_head_compounds(lexicon: Lexicon, body: str, topic: str) -> None:
    assert topic in _topics(_meeting(lexicon, body))


def test_an_agent_noun_of_a_frame_is_not_its_verb(lexicon: Lexicon) -> None:
    body = f"{MET} They agreed that evidence kept by witnesses is useful, provided it is reliable."
    assert "e-evidence" not in _topics(_meeting(lexicon, body))


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("They discussed workers forced into domestic servitude.", "trafficking-in-human-beings"),
        ("They discussed profits hidden in shell companies.", "money-laundering"),
        ("They discussed passport checks at the border.", "border-management"),
        ("They discussed the arrivals of refugees by sea.", "migration"),
        (
            "They discussed what airlines learn from a booking about their travellers.",
            "passenger-name-records",
        ),
    ],
)
def test_concept_words_name_a_topic(lexicon: Lexicon, sentence: str, topic: str) -> None:
    assert topic in _topics(_meeting(lexicon, f"{MET} {sentence}"))


# ---- statement verbs in any number and person -------------------------------------------------------------


def test_verb_forms_give_singular_plural_and_agreement() -> None:
    assert "benadrukte" in verb_forms("benadrukten")
    assert "a souligné" in verb_forms("ont souligné")
    assert "s'est engagée" in verb_forms("se sont engagés")


@pytest.mark.parametrize(
    ("body", "kind", "holder"),
    [
        (
            "Deskundigen van de EU en de VS kwamen op 3 mei 2022 in Lissabon bijeen. Europol nam deel. "
            "Europol benadrukte dat snelle meldingen levens redden.",
            "position",
            "org/europol",
        ),
        (
            "Des experts de l'UE et des États-Unis se sont réunis à Lisbonne le 3 mai 2022. Europol y a participé. "
            "Europol s'est engagée à publier un guide.",
            "commitment",
            "org/europol",
        ),
        (
            "Deskundigen van de EU en de VS kwamen op 3 mei 2022 in Lissabon bijeen. Europol nam deel. "
            "De deskundigen spraken af een handboek op te stellen.",
            "agreement",
            None,
        ),
    ],
)
def test_a_statement_verb_in_another_number_or_person(
    lexicon: Lexicon, body: str, kind: str, holder: str | None
) -> None:
    [statement] = _meeting(lexicon, body)["statements"]
    assert statement["kind"] == kind
    assert [h.rsplit("/", 2)[-2] + "/" + h.rsplit("/", 1)[-1] for h in statement["holders"]] == (
        [holder] if holder else []
    )


def test_a_bullet_is_not_part_of_the_quote(lexicon: Lexicon) -> None:
    body = f"{MET}\n• Both sides agreed to meet again in the autumn.\n"
    [statement] = _meeting(lexicon, body)["statements"]
    assert statement["quote"] == "Both sides agreed to meet again in the autumn."


def test_a_german_ministry_name_linked_by_fur_names_no_topic(lexicon: Lexicon) -> None:
    body = (
        "Fachleute der EU und der USA trafen sich am 3. Mai 2022 in Berlin. Europol nahm teil. "
        "Die Gastgeber waren im Bundesministerium der Justiz und für Verbraucherschutz."
    )
    assert "consumer-protection" not in _topics(_meeting(lexicon, body))


def test_migrants_moved_for_money_are_smuggled(lexicon: Lexicon) -> None:
    topics = _topics(_meeting(lexicon, f"{MET} They discussed networks that move migrants by sea for money."))
    assert "migrant-smuggling" in topics
    assert "migration" not in topics


def test_a_visa_compound_names_visas(lexicon: Lexicon) -> None:
    body = (
        "Fachleute der EU und der USA trafen sich am 3. Mai 2022 in Berlin. Europol nahm teil. "
        "Sie sprachen über visumfreies Reisen."
    )
    assert "visas" in _topics(_meeting(lexicon, body))
