"""Example SPARQL queries that answer the questions analysts ask first; the query page offers them.

Each query declares the prefixes it uses, so that it can be copied to any other SPARQL client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.namespaces import ID, PREFIXES


@dataclass(frozen=True)
class ExampleQuery:
    """A question, and the query that answers it."""

    title: str
    question: str
    body: str

    @property
    def text(self) -> str:
        """The query with a PREFIX line for every prefix it uses."""
        outside_iris = re.sub(r"<[^>]*>", "", self.body)
        used = {name for name in re.findall(r"\b([a-z]+):", outside_iris) if name in PREFIXES}
        declared = "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in sorted(used))
        return declared + "\n" + self.body


EXAMPLE_QUERIES: tuple[ExampleQuery, ...] = (
    ExampleQuery(
        "Who met most often",
        "Which pairs of organisations sat at the same meetings most often?",
        """SELECT ?organisation ?metWith (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {
  ?meeting a euus:Meeting ; cv:hasParticipation/cv:hasParticipant ?a , ?b .
  FILTER(STR(?a) < STR(?b))
  ?a skos:prefLabel ?organisation FILTER(LANG(?organisation) = "en")
  ?b skos:prefLabel ?metWith FILTER(LANG(?metWith) = "en")
}
GROUP BY ?organisation ?metWith
ORDER BY DESC(?meetings) ?organisation ?metWith
LIMIT 50""",
    ),
    ExampleQuery(
        "Topics per presidency",
        "Which topics came up during each Council presidency, in how many meetings? A meeting's topics "
        "include those of its sessions.",
        """SELECT ?presidency ?topic (COUNT(DISTINCT ?meeting) AS ?meetings) WHERE {
  ?meeting a euus:Meeting ; euus:duringPresidency ?p ; dct:subject|schema:subEvent/dct:subject ?t .
  ?p skos:prefLabel ?presidency FILTER(LANG(?presidency) = "en")
  ?t skos:prefLabel ?topic FILTER(LANG(?topic) = "en")
}
GROUP BY ?presidency ?topic
ORDER BY ?presidency DESC(?meetings) ?topic""",
    ),
    ExampleQuery(
        "Meetings that prepared a ministerial",
        "Which meetings prepared a ministerial meeting, and which one?",
        f"""SELECT ?meeting ?title ?start ?ministerial ?ministerialTitle WHERE {{
  ?meeting euus:prepares ?ministerial ; dct:title ?title .
  ?ministerial euus:meetingKind <{ID}meeting-kind/ministerial> ; dct:title ?ministerialTitle .
  OPTIONAL {{ ?meeting schema:startDate ?start }}
}}
ORDER BY ?start""",
    ),
    ExampleQuery(
        "Where each fact came from",
        "For every statement about a meeting: the named graph it is in and the source document behind it.",
        """SELECT ?meeting ?property ?value ?graph ?source WHERE {
  GRAPH ?graph { ?meeting a euus:Meeting ; ?property ?value }
  ?graph prov:wasDerivedFrom ?source .
}
ORDER BY ?meeting ?property ?value""",
    ),
    ExampleQuery(
        "Meetings by date",
        "Every meeting with its kind, place and start date.",
        """SELECT ?meeting ?title ?kind ?place ?start WHERE {
  ?meeting a euus:Meeting ; dct:title ?title ; schema:startDate ?start .
  OPTIONAL { ?meeting euus:meetingKind/skos:prefLabel ?kind FILTER(LANG(?kind) = "en") }
  OPTIONAL { ?meeting schema:location/skos:prefLabel ?place FILTER(LANG(?place) = "en") }
}
ORDER BY ?start""",
    ),
    ExampleQuery(
        "Meetings per presidency and trio",
        "How many meetings each presidency and its trio held.",
        """SELECT ?presidency ?trio (COUNT(?meeting) AS ?meetings) WHERE {
  ?meeting a euus:Meeting ; euus:duringPresidency ?p .
  ?p skos:prefLabel ?presidency ; euus:trio/skos:prefLabel ?trio .
  FILTER(LANG(?presidency) = "en" && LANG(?trio) = "en")
}
GROUP BY ?presidency ?trio
ORDER BY ?presidency""",
    ),
)
