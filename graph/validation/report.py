"""Render a validation report for people: grouped by focus node, then path, value and message."""

from __future__ import annotations

from itertools import groupby

from graph.namespaces import PREFIXES
from graph.validation.full import ValidationReport


def compact(iri: str | None) -> str:
    """Shorten ``iri`` with our prefixes (``https://schema.org/startDate`` -> ``schema:startDate``)."""
    if iri is None:
        return "-"
    inverse = iri.startswith("^")
    bare = iri[1:] if inverse else iri
    best = max(
        ((p, ns) for p, ns in PREFIXES.items() if bare.startswith(ns)),
        key=lambda x: len(x[1]),
        default=None,
    )
    text = f"{best[0]}:{bare[len(best[1]) :]}" if best else f"<{bare}>"
    return "^" + text if inverse else text


def render_text(report: ValidationReport) -> str:
    """A report a person can act on; the first line says whether the data conforms."""
    nodes = len({r.focus for r in report.results})
    head = (
        f"{'Conforms' if report.conforms else 'Does not conform'}: "
        f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s) on {nodes} node(s)."
    )
    lines = [head]
    for focus, results in groupby(
        sorted(report.results, key=lambda r: (r.focus, r.path or "")), key=lambda r: r.focus
    ):
        group = list(results)
        label = group[0].focus_label
        lines.append("")
        lines.append(f"{label} <{focus}>" if label else f"<{focus}>")
        for r in group:
            value = f" = {r.value}" if r.value is not None else ""
            lines.append(f"  {r.severity:<9} {compact(r.path)}{value}")
            lines.append(f"            {r.message} [{r.component}]")
    return "\n".join(lines)
