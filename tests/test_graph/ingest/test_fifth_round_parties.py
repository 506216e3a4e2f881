"""Participants, mentions, topics, statements and attendance the blind texts h37-h56 (now corpus 87-106)
showed missing (issue 11, fifth round).

Each test writes its own short release in the phrase class, not a corpus sentence, and asserts on what
``extract`` really gives.
"""

from __future__ import annotations

import pytest
from ingest_helpers import press_release, read

from graph.ingest import Lexicon

#: Slovenia holds the Presidency on the meeting's date, France is next (press_release: December 2021).
MEETING = "EU and US senior officials met in Vienna on 14 December 2021."
NOW_IN_OFFICE, NEXT = "presidency/2021-h2", "presidency/2022-h1"


def _local(iri: object) -> str:
    return "/".join(str(iri).rsplit("/", 2)[-2:])


def _meeting(lexicon: Lexicon, body: str) -> dict:
    [meeting] = read(press_release(f"{MEETING}\n\n{body}"), lexicon).summary["meetings"]
    return meeting


def _parties(meeting: dict) -> dict[str, tuple[str, str]]:
    return {_local(p["id"]): (p["role"], p["basis"]) for p in meeting["participants"]}


def _statements(meeting: dict) -> list[tuple[str, str, list[str]]]:
    return [(s["kind"], s["quote"], sorted(_local(h) for h in s["holders"])) for s in meeting["statements"]]


# ---- participants ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "agent"),
    [
        ("Also taking part were Europol and the FBI.", "org/fbi"),
        ("The FBI sent two analysts to the talks.", "org/fbi"),
        ("On the US side, the FBI was present.", "org/fbi"),
        ("Across the table were the FBI and the State Department.", "org/fbi"),
        ("Special agents of the Drug Enforcement Administration briefed the others.", "org/dea"),
        ("The FBI led the talks on ransomware.", "org/fbi"),
        ("Europol and the FBI were also present.", "org/fbi"),
    ],
)
def test_participation_cues_in_any_tense_and_staff_of_an_organisation(
    lexicon: Lexicon, body: str, agent: str
) -> None:
    assert _parties(_meeting(lexicon, body))[agent] == ("delegation", "stated")


def test_lines_listed_after_a_participation_sentence_ending_with_a_colon(lexicon: Lexicon) -> None:
    body = (
        "The EU side was made up of the following delegations:\n- Europol\n- Frontex\n\nThey discussed drugs."
    )
    parties = _parties(_meeting(lexicon, body))
    assert {"org/europol", "org/frontex"} <= set(parties)


@pytest.mark.parametrize(
    "body",
    [
        "The FBI took part. Eurojust, which was not part of the delegation, will share its findings.",
        "The FBI took part. Eurojust was invited but could not send anyone.",
        "The FBI took part. Eurojust did not send a representative.",
        "The FBI took part. Eurojust was not at the meeting.",
        "The FBI and all EU agencies except Eurojust took part.",
    ],
)
def test_an_organisation_said_not_to_take_part_is_a_mention_and_holds_no_statement(
    lexicon: Lexicon, body: str
) -> None:
    meeting = _meeting(lexicon, body)
    assert "org/eurojust" not in _parties(meeting)
    assert [_local(m) for m in meeting["mentions"]] == ["org/eurojust"]
    assert _statements(meeting) == []


def test_taking_part_in_another_meeting_is_not_taking_part_in_this_one(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "The FBI took part. Eurojust will take part in the next meeting.")
    assert set(_parties(meeting)) == {"org/fbi"}
    assert [_local(m) for m in meeting["mentions"]] == ["org/eurojust"]


def test_a_member_states_department_is_its_own_not_the_us_one(lexicon: Lexicon) -> None:
    body = "Slovenia's Department of Justice chaired the meeting on behalf of the Presidency."
    parties = _parties(_meeting(lexicon, body))
    assert "org/us-department-of-justice" not in parties
    assert parties[NOW_IN_OFFICE][0] == "presidency"


def test_the_helm_of_the_council_is_the_presidency(lexicon: Lexicon) -> None:
    body = "Officials from France, which succeeds Slovenia at the helm of the Council in January, also took part."
    parties = _parties(_meeting(lexicon, body))
    assert parties[NEXT] == ("incoming-presidency", "stated")
    assert "org/council-of-the-eu" not in parties


@pytest.mark.parametrize(
    "sentence",
    [
        "France, which holds the Presidency from January, sent an observer.",
        "France, which will chair the Council from 1 January, was also represented.",
        "France, the next country to hold the Presidency, attended.",
    ],
)
def test_the_state_of_the_next_presidency_however_phrased(lexicon: Lexicon, sentence: str) -> None:
    parties = _parties(_meeting(lexicon, f"The FBI took part. {sentence}"))
    assert parties[NEXT] == ("incoming-presidency", "stated")
    assert NOW_IN_OFFICE not in parties
    assert "org/council-of-the-eu" not in parties


def test_a_plural_head_over_a_comma_list(lexicon: Lexicon) -> None:
    body = "The US was represented by officials of the Departments of Justice, Homeland Security and State."
    assert {
        "org/us-department-of-justice",
        "org/us-department-of-homeland-security",
        "org/us-department-of-state",
    } <= set(_parties(_meeting(lexicon, body)))


def test_a_us_department_by_the_countrys_adjective_and_a_sides_expected_participants(
    lexicon: Lexicon,
) -> None:
    body = (
        "De Europese Unie en de Verenigde Staten houden in januari 2022 in Wenen hun dialoog over drugs. "
        "Aan Amerikaanse zijde worden de DEA en het Amerikaanse ministerie van Buitenlandse Zaken verwacht."
    )
    [meeting] = read(press_release(body, title="Drugsdialoog EU-VS in Wenen"), lexicon).summary["meetings"]
    assert {"org/dea", "org/us-department-of-state"} <= set(_parties(meeting))


def test_an_organisation_after_a_discussion_verb_was_discussed(lexicon: Lexicon) -> None:
    body = "Europol took part. Participants discussed the strategy presented by the FBI in November."
    meeting = _meeting(lexicon, body)
    assert "org/fbi" not in _parties(meeting)
    assert [_local(m) for m in meeting["mentions"]] == ["org/fbi"]


def test_an_organisation_taking_part_through_its_unit_is_not_a_mention(lexicon: Lexicon) -> None:
    body = (
        "The European Commission's Directorate-General for Migration and Home Affairs took part. "
        "Participants discussed the pact proposed by the Commission."
    )
    meeting = _meeting(lexicon, body)
    assert "org/european-commission" not in _parties(meeting)
    assert meeting["mentions"] == []


def test_a_directorate_general_of_the_commission_by_its_french_name(lexicon: Lexicon) -> None:
    body = (
        "Les hauts fonctionnaires de l'UE et des États-Unis se sont réunis à Vienne le 14 décembre 2021. Y ont "
        "participé la direction générale de la migration et des affaires intérieures de la Commission européenne "
        "et le FBI."
    )
    [meeting] = read(press_release(body, title="Réunion UE-États-Unis à Vienne"), lexicon).summary["meetings"]
    parties = _parties(meeting)
    assert {"org/dg-migration-and-home-affairs", "org/fbi"} <= set(parties)
    assert "org/european-commission" not in parties


def test_ordinarily_gives_the_customary_composition(lexicon: Lexicon) -> None:
    body = "Europol took part.\n\nOrdinarily, Eurojust also sends representatives to these meetings."
    assert _parties(_meeting(lexicon, body))["org/eurojust"][1] == "customary"


# ---- statements -----------------------------------------------------------------------------------------


def test_welcoming_a_development_is_a_position_welcoming_people_is_not(lexicon: Lexicon) -> None:
    body = (
        "The Department of Justice welcomed the delegations. "
        "The Presidency welcomed the offer of Europol to train investigators."
    )
    meeting = _meeting(lexicon, body)
    assert _statements(meeting) == [
        ("position", "The Presidency welcomed the offer of Europol to train investigators.", [NOW_IN_OFFICE])
    ]
    parties = _parties(meeting)
    assert "org/europol" not in parties
    assert parties["org/us-department-of-justice"][1] == "stated"


def test_a_quote_with_a_verb_of_saying_is_a_position_of_the_speaker(lexicon: Lexicon) -> None:
    quote = '"Criminals will find no hiding place," the Director of the FBI said.'
    assert _statements(_meeting(lexicon, f"The FBI took part. {quote}")) == [("position", quote, ["org/fbi"])]


def test_a_verb_after_be_is_not_done(lexicon: Lexicon) -> None:
    sentence = "The Commissioner for Home Affairs stressed that the new rules must be adopted this year."
    assert _statements(_meeting(lexicon, sentence)) == [("position", sentence, ["org/european-commission"])]


def test_quotation_marks_around_a_joint_statement_are_not_quoted(lexicon: Lexicon) -> None:
    body = (
        'The FBI took part. The participants issued the following statement:\n\n"We remain concerned by '
        'the growth of ransomware.\n\nWe decided to set up a joint task force."'
    )
    assert [(kind, quote) for kind, quote, _ in _statements(_meeting(lexicon, body))] == [
        ("position", "We remain concerned by the growth of ransomware."),
        ("agreement", "We decided to set up a joint task force."),
    ]


def test_what_one_side_will_provide_is_its_commitment_and_it_took_part(lexicon: Lexicon) -> None:
    meeting = _meeting(lexicon, "The FBI took part. Eurojust will provide training to prosecutors.")
    assert _statements(meeting) == [
        ("commitment", "Eurojust will provide training to prosecutors.", ["org/eurojust"])
    ]
    assert _parties(meeting)["org/eurojust"] == ("delegation", "stated")
    assert meeting["mentions"] == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The FBI urged faster replies to requests for evidence.", "position"),
        ("The FBI recalled that the agreement entered into force in 2010.", "position"),
        ("The FBI offered to second an analyst to Europol.", "commitment"),
        ("The FBI and Europol decided to exchange liaison officers.", "agreement"),
    ],
)
def test_statement_verbs_of_each_family(lexicon: Lexicon, sentence: str, kind: str) -> None:
    assert _statements(_meeting(lexicon, f"Europol took part. {sentence}"))[0][:2] == (kind, sentence)


def test_a_side_of_one_participant_holds_what_it_says(lexicon: Lexicon) -> None:
    lone = _meeting(lexicon, "Europol and the FBI took part. The US delegation undertook to train analysts.")
    assert _statements(lone)[0][2] == ["org/fbi"]
    two = "Europol, the FBI and the DEA took part. The US delegation undertook to train analysts."
    assert _statements(_meeting(lexicon, two))[0][2] == []


# ---- attendance -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "mode"),
    [
        ("The meeting combined physical and virtual attendance. The FBI took part.", "mixed"),
        ("Some delegates joined by video link, the others were in the room. The FBI took part.", "mixed"),
        ("The session took place entirely online. The FBI took part.", "online"),
        (
            "The talks were held by videoconference. The FBI took part. They agreed to meet in person next year.",
            "online",
        ),
    ],
)
def test_an_online_and_an_in_person_cue_in_one_sentence_make_a_hybrid_meeting(
    lexicon: Lexicon, body: str, mode: str
) -> None:
    assert _meeting(lexicon, body)["attendance"] == mode


# ---- topics ---------------------------------------------------------------------------------------------


def _topics(meeting: dict) -> set[str]:
    return {_local(t["id"]) for t in meeting["topics"]}


def test_frame_words_match_in_any_inflection(lexicon: Lexicon) -> None:
    body = (
        "The FBI took part. They discussed how investigators are hindered when suspects use encrypted phones."
    )
    assert "topic/law-enforcement-access-to-data" in _topics(_meeting(lexicon, body))


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("ENISA, the EU cybersecurity agency, also took part. The FBI took part.", "topic/cyber-security"),
        ("The FBI took part. Extremists increasingly connect across borders.", "topic/border-management"),
    ],
)
def test_a_body_named_by_its_field_and_an_idiom_name_no_topic(
    lexicon: Lexicon, body: str, absent: str
) -> None:
    assert absent not in _topics(_meeting(lexicon, body))


def test_a_data_transfer_framework_is_data_protection(lexicon: Lexicon) -> None:
    body = "The FBI took part. Both sides reviewed the Privacy Shield."
    assert {"topic/data-protection"} <= _topics(_meeting(lexicon, body)) - {"topic/privacy"}
    assert "topic/privacy" not in _topics(_meeting(lexicon, body))
