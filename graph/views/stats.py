"""Counts that tell what the graph holds: per class, per topic, per presidency."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.namespaces import PREFIXES
from graph.views.snapshot import MEETING_TOPICS

#: A function that runs a SELECT query over the union of all graphs and yields rows of plain strings.
SelectRunner = Callable[[str], Iterable[dict[str, str]]]

_PREFIX_LINES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())

#: Each aggregates first and joins the English label after (a subquery): the same rows as grouping by
#: ``?key ?label``, which Oxigraph answers 5-10x slower (benchmarks/README.md).
STATS_QUERIES: dict[str, str] = {
    "classes": _PREFIX_LINES
    + """
SELECT ?key (COUNT(DISTINCT ?s) AS ?count) WHERE { ?s rdf:type ?key }
GROUP BY ?key ORDER BY DESC(?count) ?key""",
    # a meeting's topics by the one rule (graph.views.snapshot.MEETING_TOPICS): its own and its sessions'
    "topics": _PREFIX_LINES
    + f"""
SELECT ?key ?label ?count WHERE {{
  {{ SELECT ?key (COUNT(DISTINCT ?meeting) AS ?count) WHERE {{
      ?meeting rdf:type euus:Meeting ; {MEETING_TOPICS} ?key .
    }} GROUP BY ?key }}
  OPTIONAL {{ ?key skos:prefLabel ?label FILTER(LANG(?label) = "en") }}
}} ORDER BY DESC(?count) ?label""",
    "presidencies": _PREFIX_LINES
    + """
SELECT ?key ?label ?count WHERE {
  { SELECT ?key (COUNT(DISTINCT ?meeting) AS ?count) WHERE {
      ?meeting rdf:type euus:Meeting ; euus:duringPresidency ?key .
    } GROUP BY ?key }
  OPTIONAL { ?key skos:prefLabel ?label FILTER(LANG(?label) = "en") }
} ORDER BY ?key""",
}


def collect_stats(run_select: SelectRunner) -> dict[str, list[dict[str, str]]]:
    """Run every statistics query; each row has ``key``, ``count`` and, where known, ``label``."""
    return {name: list(run_select(query)) for name, query in STATS_QUERIES.items()}
