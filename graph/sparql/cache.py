"""An rdflib SPARQL processor that parses each distinct query text once.

pySHACL sends every SPARQL-based constraint and target to rdflib as a string with ``initBindings``,
once per focus node, and rdflib parses the string each time (about 0.1 s for our constraints with
pyparsing). A translated query can be evaluated again with other bindings (that is what rdflib's
``prepareQuery`` is for), so this processor keeps the translations of recent query texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

import rdflib.plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Identifier


@lru_cache(maxsize=1024)
def _translate(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(namespaces))


class CachingSPARQLProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor with a cache of parsed and translated queries."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Identifier] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        """Evaluate a query, reusing the translation of a query text seen before."""
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _translate(strOrQuery, base, namespaces)
        return evalQuery(self.graph, strOrQuery, initBindings or {}, base)


@cache
def install() -> None:
    """Make the caching processor rdflib's default ``sparql`` processor in this process (once)."""
    rdflib.plugin.register("sparql", Processor, "graph.sparql.cache", "CachingSPARQLProcessor")
