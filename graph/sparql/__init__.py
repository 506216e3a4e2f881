"""SPARQL text: light scanning of queries and updates, safe templating, the rdflib query cache.

The lowest stage after :mod:`graph.errors`: nothing here knows about stores.

* :mod:`graph.sparql.scan`: what a query is (its form, dataset clauses, outbound requests) without
  parsing it, and error messages that point into the text.
* :mod:`graph.sparql.text`: checked IRIs and escaped literals for our own templated queries.
* :mod:`graph.sparql.cache`: an rdflib SPARQL processor that parses each distinct query once.
"""

from graph.sparql.scan import has_dataset_clause, invalid_input, invalid_query, query_form, refuse_outbound
from graph.sparql.text import iri, string

__all__ = [
    "has_dataset_clause",
    "invalid_input",
    "invalid_query",
    "iri",
    "query_form",
    "refuse_outbound",
    "string",
]
