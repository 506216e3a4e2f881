"""The participation-basis filter where dashboards count participations: organisations, timeline, network.

Each answer is checked against SPARQL over the same store: the shipped data (whose only participations, the
Sofia SOM's, are all customary) and the shipped data plus a test meeting that mixes every basis. A
participation that sources give on several bases counts under its firmest one (stated, then customary,
then inferred), as in ``/api/meetings``.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from fastapi.testclient import TestClient

from tests.test_api.conftest import AUTH, ClientFactory, problem
from tests.test_api.dashboard import ID, everything, sparql

BASES = ("stated", "customary", "inferred")
EUROPOL = ID + "org/europol"
#: Every route that counts participations and takes ``basis``.
#: A meeting with every basis: two bodies stated, one inferred, and two participations given on two bases.
MIXED = ID + "meeting/2019-05-20-test-mixed-bases"
MIXED_PARTICIPATIONS = {
    "europol": ("org/europol", ["stated"]),
    "eurojust": ("org/eurojust", ["inferred"]),
    "commission": ("org/european-commission", ["customary", "stated"]),
    "presidency": ("presidency/2019-h1", ["inferred", "customary"]),
    "eeas": ("org/eeas", ["stated"]),
}
CLIENTS = ("shipped_client", "mixed_client")
FILTERED_PATHS = (
    "/api/meetings",
    "/api/organisations",
    "/api/organisations/{id}",
    "/api/stats/timeline",
    "/api/stats/network",
)


@pytest.fixture(scope="module")
def mixed_client(make_client: ClientFactory) -> TestClient:
    """The shipped data plus :data:`MIXED`, written through ``/sparql`` into a graph of its own."""
    client = make_client(load_shipped_data=True, validate_writes=False)
    triples = [f'<{MIXED}> a euus:Meeting ; schema:startDate "2019-05-20"^^xsd:date .']
    for name, (who, bases) in MIXED_PARTICIPATIONS.items():
        p = f"<{MIXED}/participation/{name}>"
        triples.append(
            f"<{MIXED}> cv:hasParticipation {p} . {p} cv:hasParticipant <{ID}{who}> ; euus:side <{ID}side/eu> ."
        )
        triples += [f"{p} euus:participationBasis <{ID}participation-basis/{b}> ." for b in bases]
    prefixes = (
        "PREFIX euus: <https://w3id.org/euus-kg/ontology#> PREFIX schema: <https://schema.org/> "
        "PREFIX cv: <http://data.europa.eu/m8g/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
    )
    update = prefixes + f"INSERT DATA {{ GRAPH <{ID}graph/test-mixed-bases> {{ {' '.join(triples)} }} }}"
    written = client.post(
        "/sparql", content=update, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert written.status_code == 204, written.text
    return client


@pytest.fixture(params=CLIENTS)
def client(request: pytest.FixtureRequest) -> TestClient:
    """Each of the two stores in turn."""
    found: TestClient = request.getfixturevalue(request.param)
    return found


def firmest(basis: str, participation: str = "?p") -> str:
    """SPARQL: ``participation`` rests on ``basis`` and on no firmer one."""
    pattern = f"{participation} euus:participationBasis <{ID}participation-basis/{basis}> ."
    firmer = " ".join(f"<{ID}participation-basis/{b}>" for b in BASES[: BASES.index(basis)])
    if firmer:
        pattern += f" FILTER NOT EXISTS {{ {participation} euus:participationBasis ?firmer . VALUES ?firmer {{ {firmer} }} }}"
    return pattern


def present(client: TestClient, basis: str | None) -> dict[str, set[str]]:
    """Meeting -> who took part on ``basis`` (any basis when ``None``), by SPARQL."""
    on_basis = firmest(basis) if basis else ""
    found: dict[str, set[str]] = {}
    for row in sparql(client, f"""SELECT DISTINCT ?m ?who WHERE {{ ?m a euus:Meeting ; cv:hasParticipation ?p .
            ?p cv:hasParticipant ?who . {on_basis} }}"""):  # fmt: skip
        found.setdefault(row["m"], set()).add(row["who"])
    return found


def counts(meetings: dict[str, set[str]]) -> Counter[str]:
    return Counter(who for attending in meetings.values() for who in attending)


@pytest.mark.parametrize("basis", BASES)
def test_organisations_count_only_participations_of_the_basis(client: TestClient, basis: str) -> None:
    expected = counts(present(client, basis))
    found = {o["id"]: o["meetings"] for o in everything(client, "/api/organisations", basis=basis)}
    assert {k: n for k, n in found.items() if n} == dict(expected)
    unfiltered = {o["id"]: o["meetings"] for o in everything(client, "/api/organisations")}
    assert all(n <= unfiltered[k] for k, n in found.items())


def test_the_shipped_data_tells_stated_from_customary(shipped_client: TestClient) -> None:
    """The filter is not idle: the Sofia SOM's customary composition drops out of the stated counts."""
    stated = {
        o["id"]: o["meetings"] for o in everything(shipped_client, "/api/organisations", basis="stated")
    }
    customary = everything(shipped_client, "/api/organisations", basis="customary")
    unfiltered = {o["id"]: o["meetings"] for o in everything(shipped_client, "/api/organisations")}
    assert any(o["meetings"] for o in customary)
    assert sum(stated.values()) < sum(unfiltered.values())


@pytest.mark.parametrize("basis", ["stated", "customary"])
def test_one_organisation_on_a_basis(client: TestClient, basis: str) -> None:
    meetings = {m: who for m, who in present(client, basis).items() if EUROPOL in who}
    detail = client.get("/api/organisations/europol", params={"basis": basis}).json()
    assert detail["meetings"] == len(meetings)
    partners = counts({m: who - {EUROPOL} for m, who in meetings.items()})
    assert {p["id"]: p["meetings"] for p in detail["meets_most_often"]} == dict(partners.most_common(10))
    starts = {row["m"]: row["d"] for row in sparql(client, "SELECT ?m ?d WHERE { ?m schema:startDate ?d }")}
    years = Counter(starts[m][:4] if m in starts else "unknown" for m in meetings)
    assert {y["period"]: y["meetings"] for y in detail["by_year"]} == dict(years)


@pytest.mark.parametrize(
    ("participant", "basis"), [("europol", "stated"), ("europol", "customary"), (None, "customary")]
)
def test_timeline_on_a_basis(client: TestClient, participant: str | None, basis: str) -> None:
    meetings = present(client, basis)
    if participant:
        meetings = {m: who for m, who in meetings.items() if ID + "org/" + participant in who}
    starts = {row["m"]: row["d"] for row in sparql(client, "SELECT ?m ?d WHERE { ?m schema:startDate ?d }")}
    years = Counter(starts[m][:4] for m in meetings if m in starts)
    params = {"basis": basis, **({"participant": participant} if participant else {})}
    found = everything(client, "/api/stats/timeline", **params)
    assert {t["period"]: t["meetings"] for t in found} == dict(years)
    unfiltered = {t["period"]: t["meetings"] for t in everything(client, "/api/stats/timeline", **{
        k: v for k, v in params.items() if k != "basis"})}  # fmt: skip
    assert all(t["meetings"] <= unfiltered[t["period"]] for t in found)


@pytest.mark.parametrize("basis", ["stated", "customary"])
def test_network_on_a_basis(client: TestClient, basis: str) -> None:
    meetings = present(client, basis)
    pairs = Counter(pair for who in meetings.values() for pair in combinations(sorted(who), 2))
    network = client.get("/api/stats/network", params={"basis": basis}).json()
    assert {(e["source"], e["target"]): e["weight"] for e in network["edges"]} == dict(pairs)
    assert {n["id"]: n["meetings"] for n in network["nodes"]} == dict(counts(meetings))
    everyone = {n["id"]: n["meetings"] for n in client.get("/api/stats/network").json()["nodes"]}
    assert all(n["meetings"] <= everyone[n["id"]] for n in network["nodes"])


@pytest.mark.parametrize("basis", BASES)
def test_a_participation_on_several_bases_counts_under_the_firmest(
    mixed_client: TestClient, basis: str
) -> None:
    """Independent of the SPARQL above: the test meeting's participants on ``basis``, from its definition."""
    expected = {
        ID + who for who, bases in MIXED_PARTICIPATIONS.values() if min(bases, key=BASES.index) == basis
    }
    day = {"from": "2019-05-20", "to": "2019-05-20", "basis": basis}
    network = mixed_client.get("/api/stats/network", params=day).json()
    assert {n["id"] for n in network["nodes"]} == expected


@pytest.mark.parametrize("path", FILTERED_PATHS)
def test_a_bad_basis_is_a_422_naming_the_parameter(shipped_client: TestClient, path: str) -> None:
    answer = shipped_client.get(path.format(id="europol"), params={"basis": "said"})
    problem(answer, 422, "basis")


def test_openapi_declares_the_basis_as_an_enum(shipped_client: TestClient) -> None:
    paths = shipped_client.get("/openapi.json").json()["paths"]
    for path in FILTERED_PATHS:
        operation = paths[path]["get"]
        (parameter,) = [p for p in operation["parameters"] if p["name"] == "basis"]
        schema = parameter["schema"]
        enums = [s["enum"] for s in schema.get("anyOf", [schema]) if "enum" in s]
        assert enums == [list(BASES)], f"{path}: basis is not the enum of the bases: {schema}"
        assert parameter["in"] == "query" and not parameter.get("required")
        assert "422" in operation["responses"], f"{path} does not document its 422"
