"""``/``: a short page saying what is here, with example requests."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.pages import STYLE

router = APIRouter(include_in_schema=False)

EXAMPLES = {
    "Meetings by start date": """SELECT ?meeting ?title ?start WHERE {
  ?meeting a euus:Meeting ; dct:title ?title ; schema:startDate ?start .
} ORDER BY ?start""",
    "Who took part, on which side": """SELECT ?meeting ?participant ?side WHERE {
  ?meeting cv:hasParticipation ?p . ?p euus:side/skos:prefLabel ?side .
  OPTIONAL { ?p cv:hasParticipant/skos:prefLabel ?participant FILTER(LANG(?participant) = "en") }
  FILTER(LANG(?side) = "en")
}""",
    "Meetings per presidency and trio": """SELECT ?presidency ?trio (COUNT(?m) AS ?meetings) WHERE {
  ?m a euus:Meeting ; euus:duringPresidency ?p . ?p skos:prefLabel ?presidency ; euus:trio/skos:prefLabel ?trio .
  FILTER(LANG(?presidency) = "en")
} GROUP BY ?presidency ?trio""",
    "Where each fact came from": """SELECT ?graph ?source ?title WHERE {
  GRAPH ?graph { ?s ?p ?o } ?graph prov:wasDerivedFrom ?source . ?source dct:title ?title .
} GROUP BY ?graph ?source ?title""",
}


@router.get("/")
async def home() -> HTMLResponse:
    """Links to the endpoint, the API and example queries."""
    items = "\n".join(
        f'<li><a href="/sparql?query={quote(q)}&amp;format=json">{escape(name)}</a><pre>{escape(q)}</pre></li>'
        for name, q in EXAMPLES.items()
    )
    return HTMLResponse(f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>euus-kg</title>
<style>{STYLE} pre{{background:#f6f6f6;padding:.5rem;overflow:auto}}</style></head><body>
<h1>euus-kg</h1><p>The knowledge graph of EU-US cooperation in justice and home affairs.</p>
<ul><li><a href="/sparql">SPARQL endpoint</a> (service description without a query)</li>
<li><a href="/api/meetings">Meetings as JSON</a></li><li><a href="/docs">API documentation</a></li>
<li><a href="/store">Dump of all graphs</a> (N-Quads)</li>
<li><a href="/id/meeting/2018-02-26-eu-us-jha-senior-officials-sofia">A meeting</a></li></ul>
<h2>Example queries</h2><p>Prefixes such as <code>euus:</code>, <code>schema:</code>, <code>dct:</code> are predeclared.</p>
<ul>{items}</ul></body></html>""")
