"""The dashboard mix of the harness: ``/api`` lookups on ours, the equivalent SPARQL on the others.

Each entry is one dashboard question asked two ways: the JSON API path ``euus serve`` answers, and a
SPARQL query that gives the same facts (the others answer that; ours answers the API). Before timing, the
harness checks both give the same answer, reduced by :func:`comparable` to plain rows. The last entry
repeats the meeting list with ``If-None-Match``: the cached repeat (304) that only our service offers.

Targets (issue 9): p50 < 10 ms and p99 < 50 ms for each lookup, p50 < 2 ms for the cached repeat.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

ID = "https://w3id.org/euus-kg/id/"
PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX euus: <https://w3id.org/euus-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
"""
#: The topics of a meeting (README): its own and its sessions'; with the broader topics for a filter.
TOPICS_PATH = "(dct:subject|schema:subEvent/dct:subject)"


@dataclass(frozen=True)
class DashboardQuery:
    """One dashboard question: its API path, the equivalent SPARQL (None: ours only), and what to compare."""

    name: str
    title: str
    api_path: str
    sparql: str | None
    conditional: bool = False  # send the ETag of a first answer as If-None-Match (expect 304)


def dashboard_mix(
    meeting_iri: str,
    topic: str = "cybercrime",
    day: str = "2018-03-01",
    search: str = "bestrijding",
    date_from: str = "2015",
    date_to: str = "2018",
) -> list[DashboardQuery]:
    """The six lookups and the cached repeat, over a meeting the generator made and a topic it uses."""
    list_path = "/api/meetings?" + urllib.parse.urlencode(
        {"topic": topic, "from": date_from, "to": date_to, "limit": 20}
    )
    key = meeting_iri.rsplit("/", 1)[-1]
    return [
        DashboardQuery(
            "dash-list", "meeting list: topic + date range, 20 of them", list_path,
            PREFIXES + f"""SELECT ?m ?start ?title WHERE {{
  {{ SELECT DISTINCT ?m ?start WHERE {{ ?m a euus:Meeting ; schema:startDate ?start ;
      {TOPICS_PATH}/skos:broader* <{ID}topic/{topic}>
    FILTER(STR(?start) >= "{date_from}" && SUBSTR(STR(?start), 1, {len(date_to)}) <= "{date_to}") }}
    ORDER BY STR(?start) ?m LIMIT 20 }}
  OPTIONAL {{ ?m dct:title ?title }} }} ORDER BY STR(?start) ?m""",
        ),
        DashboardQuery(
            "dash-detail", "one meeting in full", f"/api/meetings/{key}",
            PREFIXES + f"""SELECT ?p ?o ?label WHERE {{
  {{ <{meeting_iri}> ?p ?o }}
  UNION {{ <{meeting_iri}> schema:subEvent|cv:hasParticipation ?part . ?part ?p ?o }}
  OPTIONAL {{ ?o skos:prefLabel|dct:title ?label FILTER(LANG(?label) = "en") }} }}""",
        ),
        DashboardQuery(
            "dash-presidency-at", "presidency on a day", f"/api/presidencies/at?date={day}",
            PREFIXES + f"""SELECT ?p ?label WHERE {{ ?p a euus:CouncilPresidency ;
  euus:membership/org:memberDuring [ dcat:startDate ?s ; dcat:endDate ?e ] ; skos:prefLabel ?label
  FILTER(?s <= "{day}"^^xsd:date && ?e >= "{day}"^^xsd:date && LANG(?label) = "en") }}""",
        ),
        DashboardQuery(
            "dash-search", f"label search '{search}' (word prefix, any language)",
            f"/api/search?q={urllib.parse.quote(search)}&limit=1000",
            PREFIXES + f"""SELECT DISTINCT ?s WHERE {{
  VALUES ?p {{ skos:prefLabel skos:altLabel dct:title }} ?s ?p ?l
  {{ ?s skos:inScheme <{ID}scheme/topics> }}
  UNION {{ ?s a ?type VALUES ?type {{ euus:Meeting euus:SiteVisit euus:CouncilPresidency euus:PresidencyTrio
     euus:MemberState cv:PublicOrganisation org:FormalOrganization euus:MeetingSeries schema:City
     euus:BorderCrossingPoint }} }}
  FILTER(REGEX(STR(?l), "(^|\\\\W){search}", "i")) }}""",
        ),
        DashboardQuery(
            "dash-timeline", "timeline: meetings per year", "/api/stats/timeline?by=year",
            PREFIXES + """SELECT ?year (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m a euus:Meeting ; schema:startDate ?d BIND(SUBSTR(STR(?d), 1, 4) AS ?year)
} GROUP BY ?year ORDER BY ?year""",
        ),
        DashboardQuery(
            "dash-network", "co-participation network", "/api/stats/network",
            PREFIXES + """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?w) WHERE { ?m a euus:Meeting ;
  cv:hasParticipation/cv:hasParticipant ?a, ?b FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b""",
        ),
        DashboardQuery("dash-304", "meeting list again, If-None-Match (304)", list_path, None, True),
    ]  # fmt: skip


def comparable(name: str, body: bytes, *, api: bool) -> Any:
    """The facts an answer holds, as the same plain rows whichever way it was asked."""
    data = json.loads(body)
    if api:
        return _from_api(name, data)
    names = data["head"]["vars"]
    rows = [tuple(b.get(v, {}).get("value") for v in names) for b in data["results"]["bindings"]]
    if name == "dash-list":
        return [row[0] for row in rows]
    if name == "dash-detail":
        return ["found"] if rows else []  # a different shape: both must find the meeting
    if name in ("dash-presidency-at", "dash-search"):
        return sorted({row[0] for row in rows})
    if name == "dash-timeline":
        return [(row[0], int(row[1])) for row in rows]
    return sorted((row[0], row[1], int(row[2])) for row in rows)


def _from_api(name: str, data: Any) -> Any:
    if name == "dash-list":
        return [item["id"] for item in data["items"]]
    if name == "dash-detail":
        return ["found"] if data.get("id") else []
    if name == "dash-presidency-at":
        return [data["id"]]
    if name == "dash-search":
        return sorted(item["id"] for item in data["items"])
    if name == "dash-timeline":
        return [(item["period"], item["meetings"]) for item in data["items"]]
    return sorted((e["source"], e["target"], e["weight"]) for e in data["edges"])
