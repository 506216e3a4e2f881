"""The HTML page of the ontology: a header, a table of contents, and a section per term (``#Meeting``)."""

from __future__ import annotations

from html import escape

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL
from rdflib.term import Node

from api.pages import local_link
from graph.namespaces import EUUS, PREFIXES
from graph.views.ontology import ONTOLOGY_IRI, TERM_KINDS, Term, ontology_graph, ontology_terms


def _short(term: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if term.startswith(namespace):
            return f"{prefix}:{term[len(namespace) :]}"
    return term


def _value(value: Node) -> str:
    if isinstance(value, URIRef):
        text = str(value)
        if text.startswith(str(EUUS._NS)):
            return f'<a href="#{escape(text.rpartition("#")[2])}">{escape(_short(text))}</a>'
        return f'<a href="{escape(local_link(text))}">{escape(_short(text))}</a>'
    if isinstance(value, Literal) and value.language:
        return f'{escape(str(value))} <span class="lang">@{escape(value.language)}</span>'
    return escape(str(value))


def _section(term: Term) -> str:
    rows = "\n".join(
        f"<tr><td>{escape(_short(str(p)))}</td><td>{_value(o)}</td></tr>" for p, o in term.statements
    )
    definition = term.definition()
    anchor = f'<a href="#{escape(term.fragment)}" aria-label="link to this term">#</a>'
    return f"""<section id="{escape(term.fragment)}"><h3>{escape(term.label())} {anchor}</h3>
<code>{escape(str(term.iri))}</code>
{f"<p>{escape(definition)}</p>" if definition else ""}<table>{rows}</table></section>"""


def render_ontology(formats: list[tuple[str, str]]) -> str:
    """The page: what the ontology is, its terms by kind, each in a section whose id is its fragment."""
    graph = ontology_graph()
    title = str(graph.value(ONTOLOGY_IRI, DCTERMS.title) or "euus-kg ontology")
    description = str(graph.value(ONTOLOGY_IRI, DCTERMS.description) or "")
    version = graph.value(ONTOLOGY_IRI, OWL.versionInfo)
    licence = graph.value(ONTOLOGY_IRI, DCTERMS.license)
    terms = ontology_terms()
    contents, sections = [], []
    for kind, heading in TERM_KINDS.items():
        of_kind = [t for t in terms if t.kind == kind]
        if not of_kind:
            continue
        links = ", ".join(f'<a href="#{escape(t.fragment)}">{escape(t.fragment)}</a>' for t in of_kind)
        contents.append(f"<li>{escape(heading)}: {links}</li>")
        sections.append(f"<h2>{escape(heading)}</h2>" + "\n".join(_section(t) for t in of_kind))
    licence_link = (
        f' · licence <a href="{escape(str(licence))}">{escape(str(licence))}</a>' if licence else ""
    )
    alternates = " ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for href, label in formats)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>
<link rel="stylesheet" href="/static/site.css">
<style>section{{margin-top:1.5rem}} h3 a{{color:#888;text-decoration:none}}</style></head><body>
<a class="skip" href="#main">Skip to the content</a>
<header><nav aria-label="Site"><a href="/">euus-kg</a><a href="/sparql">SPARQL query</a>
<a href="/docs">API documentation</a><a href="/store">Graphs</a><a href="/void">Dataset</a></nav></header>
<main id="main">
<h1>{escape(title)}</h1><code>{escape(str(ONTOLOGY_IRI))}</code>
<p>{escape(description)}</p>
<p>Version {escape(str(version or ""))}{licence_link}</p>
<p>Also as: {alternates}</p>
<ul>{"".join(contents)}</ul>
{"".join(sections)}
</main></body></html>"""
