"""Server-rendered HTML for resource pages: small, escaped, no script, no external asset."""

from __future__ import annotations

from html import escape

from rdflib import Literal, URIRef

from graph.describe import ResourceView
from graph.namespaces import ID

STYLE = """body{font:15px/1.45 system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b}
h1{font-size:1.5rem;margin-bottom:.2rem}code{font-size:.85rem;color:#555}table{border-collapse:collapse;width:100%}
td{border-top:1px solid #ddd;padding:.35rem .5rem;vertical-align:top}td:first-child{width:14rem;color:#444}
.lang{color:#888;font-size:.8rem}nav a{margin-right:.8rem}h2{font-size:1.1rem;margin-top:2rem}"""


def local_link(iri: str) -> str:
    """Where a page links an IRI: our own resources to their page here, others to themselves."""
    return "/id/" + iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri


def _value(value: object, label: str | None) -> str:
    if isinstance(value, URIRef):
        text = escape(label or str(value))
        return f'<a href="{escape(local_link(str(value)))}">{text}</a>'
    if isinstance(value, Literal):
        lang = f' <span class="lang">@{escape(value.language)}</span>' if value.language else ""
        return escape(str(value)) + lang
    return escape(str(value))


def render_resource(view: ResourceView, alternates: list[tuple[str, str]]) -> str:
    """The page of one resource: statements, what points to it, and the sources they come from."""
    title = escape(view.label or view.iri)
    rows = "\n".join(
        f"<tr><td>{escape(plabel)}</td><td>{_value(value, label)}</td></tr>"
        for _, plabel, value, label in view.statements
    )
    incoming = "\n".join(
        f'<tr><td>{escape(p)} of</td><td><a href="{escape(local_link(s))}">{escape(label or s)}</a></td></tr>'
        for s, label, p in view.incoming
    )
    sources = "\n".join(
        f'<li><a href="{escape(local_link(g))}">{escape(title_ or g)}</a></li>' for g, title_ in view.sources
    )
    formats = " ".join(f'<a href="?format={escape(name)}">{escape(label)}</a>' for name, label in alternates)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{title} · euus-kg</title>
<style>{STYLE}</style></head><body>
<nav><a href="/">euus-kg</a><a href="/docs">API</a><a href="/sparql">SPARQL</a></nav>
<h1>{title}</h1><code>{escape(view.iri)}</code>
<p>Also as: {formats}</p>
<table>{rows}</table>
{f"<h2>Referred to by</h2><table>{incoming}</table>" if incoming else ""}
{f"<h2>Sources</h2><ul>{sources}</ul>" if sources else ""}
</body></html>"""
