"""Issue 11: statements, participation basis, attendance mode, and the genres of release the ingest reads."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from ingest_helpers import CORPUS, MINISTERIAL, SDO, SOM, XSD, press_release, read, union
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph.ingest import Lexicon
from graph.ingest.dates import DateFinder
from graph.ingest.pipeline import IngestResult
from graph.ingest.scoring import FACT_FIELDS, TARGET_FIELDS, Comparison, compare, totals
from graph.ingest.tables import load_tables
from graph.namespaces import EUUS, ID, is_minted_iri

SEED_MINISTERIAL_CLAUSE = "EU-US JHA Ministerial Meeting, which will be held in May 2018 in Sofia"
WHOIS = (
    "Participants stressed the need to preserve the functionality of WHOIS and access to its information "
    "while complying with data protection rules."
)
BASIS = "https://w3id.org/euus-kg/id/participation-basis/"


# ---- the seed ----------------------------------------------------------------------------------------------


def test_the_seed_ministerial_has_its_own_description_and_the_meeting_both_days(
    lexicon: Lexicon, seed: str
) -> None:
    extraction = read(seed, lexicon)
    graph = union(extraction)
    assert str(graph.value(MINISTERIAL, DCTERMS.description)) == SEED_MINISTERIAL_CLAUSE
    assert "26-27 February 2018" in str(graph.value(SOM, DCTERMS.title))
    assert extraction.summary["meetings"][0]["label"].endswith("Sofia, 26-27 February 2018")


def test_the_seed_statements_quote_their_sentence_at_its_span(lexicon: Lexicon, seed: str) -> None:
    extraction = read(seed, lexicon)
    graph = extraction.graph
    statements = set(graph.subjects(RDF.type, EUUS.Statement))
    kinds = {str(graph.value(s, EUUS.statementKind)).rsplit("/", 1)[-1] for s in statements}
    assert kinds == {"position", "commitment"}
    for statement in statements:
        assert graph.value(statement, EUUS.madeAt) == SOM and is_minted_iri(str(statement))
        start, end = map(int, str(graph.value(statement, EUUS.textSpan)).split("-"))
        assert str(graph.value(statement, EUUS.quote)) == seed[start:end]
        assert graph.value(statement, PROV.wasDerivedFrom) == URIRef(extraction.summary["source"]["id"])
    whois = next(s for s in statements if str(graph.value(s, EUUS.quote)) == WHOIS)
    assert str(graph.value(whois, EUUS.statementKind)).endswith("/position")
    assert {ID["topic/whois"], ID["topic/data-protection"]} <= set(graph.objects(whois, DCTERMS.subject))
    assert set(graph.objects(whois, EUUS.heldBy)) == set()  # "Participants" names no body


def test_traditionally_gives_customary_participations_and_took_part_stated(
    lexicon: Lexicon, seed: str
) -> None:
    participants = read(seed, lexicon).summary["meetings"][0]["participants"]
    assert participants and {p["basis"] for p in participants} == {"customary"}
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. Europol took part.\n\n"
        "As a rule, the US is represented by the Department of Justice."
    )
    extraction = read(press_release(body), lexicon)
    bases = {
        p["id"].rsplit("/", 1)[-1]: p["basis"] for p in extraction.summary["meetings"][0]["participants"]
    }
    assert bases == {"europol": "stated", "us-department-of-justice": "customary"}
    graph = extraction.graph
    found = {str(o) for o in graph.objects(None, EUUS.participationBasis)}
    assert found == {BASIS + "stated", BASIS + "customary"}


# ---- attendance mode ----------------------------------------------------------------------------------------


def test_a_videoconference_is_a_meeting_online_without_a_city(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting was held by videoconference on 15 December 2021. "
        "The Commission and Europol took part."
    )
    extraction = read(press_release(body), lexicon)
    [meeting] = extraction.summary["meetings"]
    assert (meeting["attendance"], meeting["place"]) == ("online", None)
    iri = URIRef(meeting["id"])
    assert str(iri).endswith("2021-12-15-eu-us-jha-senior-officials")
    graph = union(extraction)
    assert graph.value(iri, SDO.eventAttendanceMode) == SDO.OnlineEventAttendanceMode
    assert graph.value(iri, SDO.location) is None


@pytest.mark.parametrize(
    ("words", "mode"),
    [
        ("in a hybrid format in Ljubljana", "mixed"),
        ("in Ljubljana, where they discussed hybrid threats,", "offline"),
    ],
)
def test_hybrid_is_a_format_but_hybrid_threats_a_topic(lexicon: Lexicon, words: str, mode: str) -> None:
    body = f"The EU-US senior officials meeting took place {words} on 15 December 2021. Europol took part."
    assert read(press_release(body), lexicon).summary["meetings"][0]["attendance"] == mode


# ---- dates, attribution lines, meetings a text lacks facts for ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "begin", "finish"),
    [
        ("on 7 and 8 March 2022", "2022-03-07", "2022-03-08"),
        ("on Thursday 12 and Friday 13 May 2022", "2022-05-12", "2022-05-13"),
        ("from 10 to 11 December", "2019-12-10", "2019-12-11"),
    ],
)
def test_more_date_ranges(text: str, begin: str, finish: str) -> None:
    found = DateFinder(load_tables()).parse(text, reference=dt.date(2019, 12, 12))
    assert found is not None and found.finish is not None, text
    assert (found.begin.iso, found.finish.iso) == (begin, finish)


@pytest.mark.parametrize(
    ("line", "publisher", "published"),
    [
        (
            "Council of the EU – Press release 489/22 – 14 May 2022 10:30",
            "org/council-of-the-eu",
            "2022-05-14",
        ),
        (
            "Published by the European Commission on 15 September 2022.",
            "org/european-commission",
            "2022-09-15",
        ),
        ("European Commission | Monday, April 3, 2023", "org/european-commission", "2023-04-03"),
    ],
)
def test_english_and_council_attribution_lines(
    lexicon: Lexicon, line: str, publisher: str, published: str
) -> None:
    source = read(press_release("Nothing else.", attribution=line), lexicon).summary["source"]
    assert (source["publisher"], source["published"]) == (str(ID[publisher]), published)


def test_a_half_year_is_not_a_date_and_the_summary_says_the_month_is_missing(lexicon: Lexicon) -> None:
    body = (
        "The next EU-US Justice and Home Affairs Ministerial Meeting will be held in the second half of 2022."
    )
    summary = read(press_release(body), lexicon).summary
    assert summary["meetings"] == []
    assert summary["not_asserted"] == [{"kind": "ministerial", "start": None, "lacks": ["month"]}]


def test_a_release_about_two_meetings_yields_both(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. Eurojust took part.\n\n"
        "On 16 December 2021, an EU-US expert meeting on ransomware was held in Ljubljana with experts from "
        "Europol and the FBI. The experts discussed cybercrime."
    )
    meetings = read(press_release(body), lexicon).summary["meetings"]
    assert [(m["kind"], m["start"]) for m in meetings] == [
        ("senior-officials", "2021-12-15"),
        ("expert", "2021-12-16"),
    ]
    assert [p["id"].rsplit("/", 1)[-1] for p in meetings[1]["participants"]] == ["europol", "fbi"]
    assert {t["id"].rsplit("/", 1)[-1] for t in meetings[1]["topics"]} == {"ransomware", "cybercrime"}
    assert meetings[0]["topics"] == []


def test_an_organisation_only_mentioned_is_schema_mentions(lexicon: Lexicon) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. Eurojust took part. "
        "The United States undertook to share more information with Europol."
    )
    extraction = read(press_release(body), lexicon)
    meeting = URIRef(extraction.summary["meetings"][0]["id"])
    assert set(extraction.graph.objects(meeting, SDO.mentions)) == {ID["org/europol"]}
    [statement] = extraction.summary["meetings"][0]["statements"]
    assert (statement["kind"], statement["holders"]) == ("commitment", [])


@pytest.mark.parametrize(
    ("phrase", "topic"),
    [
        (
            "the protection of children against sexual exploitation on the internet",
            "child-sexual-abuse-online",
        ),
        ("the collection of evidence of war crimes", "accountability-for-war-crimes"),
        ("the fight against terrorism financing", "terrorism-financing"),
        ("the trafficking of fentanyl", "synthetic-drugs"),
        # phrase classes found by the tuning texts (second round)
        ("the protection of children online", "child-sexual-abuse-online"),
        ("the cooperation between Europol and US law enforcement", "police-cooperation"),
        ("how to share information on seizures of firearms", "information-sharing"),
        ("their plans to exchange information on seizures", "information-sharing"),
        # found by the tuning texts 46 and 49
        ("the sale of counterfeit medicines online", "intellectual-property-rights"),
        ("the smuggling of cocaine through European ports", "drug-trafficking"),
        ("heroin trafficking on the Balkan route", "drug-trafficking"),
        ("the proceeds that criminals launder through cryptocurrencies", "money-laundering"),
        ("how law enforcement can access encrypted communications", "law-enforcement-access-to-data"),
        # the blind rounds' texts, once moved to the tuning part (third and fourth rounds)
        (
            "European citizens travelling to Syria and Iraq to fight alongside ISIL",
            "foreign-terrorist-fighters",
        ),
        ("nationals returning from the battlefields in Syria and Iraq", "foreign-terrorist-fighters"),
        ("the use of the internet by terrorist groups to spread propaganda", "terrorist-content-online"),
        ("requests for evidence stored by internet service providers", "e-evidence"),
        ("the accuracy of the registration data of domain names", "whois"),
        (
            "systematic checks against databases of lost and stolen travel documents",
            "security-of-travel-documents",
        ),
        ("enhanced security measures for all flights to the United States", "aviation-security"),
        ("the security of cargo arriving by air", "aviation-security"),
        ("firearms produced with 3D printers", "firearms-trafficking"),
        ("rifles reactivated after being sold as deactivated weapons", "firearms-trafficking"),
        ("the diversion of weapons from the battlefield to criminal groups", "firearms-trafficking"),
        (
            "accountability for the crimes committed in the course of Russia's war against Ukraine",
            "accountability-for-war-crimes",
        ),
        ("phishing campaigns exploiting fear of the virus", "cybercrime"),
        ("the number of migrants arriving in Europe", "migration"),
        ("the protection of stadiums against terrorist attacks", "counter-terrorism"),
        ("how to hold the perpetrators accountable for genocide", "accountability-for-war-crimes"),
        (
            "how to bring to justice those responsible for the killings of civilians",
            "accountability-for-war-crimes",
        ),
        ("safeguards for personal information held by the police", "data-protection"),
        ("the exploitation by traffickers of women fleeing the conflict", "trafficking-in-human-beings"),
        ("how to track the money flows of terrorist organisations", "terrorism-financing"),
        ("attempts to manipulate public opinion before elections", "disinformation"),
        ("the sabotage of undersea cables", "critical-infrastructure-protection"),
        ("the interconnection of large-scale databases", "interoperability-of-information-systems"),
        ("passports with fingerprints stored on a chip", "security-of-travel-documents"),
        ("how terrorists hide explosives in devices carried on board aircraft", "aviation-security"),
        ("the networks that smuggle migrants", "migrant-smuggling"),
        ("the airline booking data of travellers", "passenger-name-records"),
        ("the resettlement of refugees", "asylum"),
        ("the bribery of public officials", "corruption"),
        ("so-called ghost guns", "firearms-trafficking"),
        ("machine gun conversion devices", "firearms-trafficking"),
        ("citizens who travel to Syria to fight", "foreign-terrorist-fighters"),
        (
            "young people travelling to Yemen and Somalia to join militant groups",
            "foreign-terrorist-fighters",
        ),
        ("the children of jihadists still held in camps in north-east Syria", "foreign-terrorist-fighters"),
        ("the return of people who have no right to stay", "return-and-readmission"),
        ("attacks in which criminals encrypt the data of hospitals and demand payment", "ransomware"),
        ("requests for stored e-mails held by providers", "e-evidence"),
        ("the record quantities of cocaine shipped to Europe", "drug-trafficking"),
    ],
)
def test_topics_phrased_around_the_concept(lexicon: Lexicon, phrase: str, topic: str) -> None:
    body = (
        "The EU-US senior officials meeting took place in Ljubljana on 15 December 2021. Europol took part. "
        f"Officials discussed {phrase}."
    )
    [meeting] = read(press_release(body), lexicon).summary["meetings"]
    assert {t["id"] for t in meeting["topics"]} == {str(ID["topic/" + topic])}


# ---- the corpus --------------------------------------------------------------------------------------------


def test_the_tuning_part_reaches_the_targets(tuning_part: list[IngestResult]) -> None:
    tuning: list[Comparison] = []
    for result in tuning_part:
        path = CORPUS / result.extraction.summary["file"]
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        tuning.append(compare(path.stem, expected, result.extraction.summary))
    held_out = len(list(CORPUS.glob("h*.txt")))
    assert len(tuning) + held_out >= 40
    # between rounds the held-out part is empty: its texts were scored and moved to the tuning part, and
    # the next round's are written apart (tests/data/ingest/corpus/README.md); once there, they are a fifth
    assert not held_out or held_out >= (len(tuning) + held_out) / 5
    # The tuning part is the regression gate. The held-out part is written blind and scored once per round
    # by benchmarks/ingest_quality.py (its precision, recall and the releases it leaves unread, recorded in
    # benchmarks/RESULTS.md): a gate on it would gate on texts nobody may tune for.
    scores = totals(tuning)
    low = {
        f: (round(scores[f].precision, 3), round(scores[f].recall, 3))
        for f in (*TARGET_FIELDS, *FACT_FIELDS, "statements", "bases", "attendance")
        if min(scores[f].precision, scores[f].recall) < (0.97 if f in FACT_FIELDS else 0.95)
    }
    assert not low, low


def test_the_extraction_date_is_not_a_fact_of_the_text(lexicon: Lexicon, seed: str) -> None:
    graph = union(read(seed, lexicon))
    assert graph.value(SOM, SDO.startDate) == Literal("2018-02-26", datatype=XSD.date)
    assert graph.value(SOM, SDO.eventAttendanceMode) == SDO.OfflineEventAttendanceMode
