"""The head of a unit named by the unit's name: "the Deputy Director-General for Migration and Home Affairs".

A Directorate-General's label gives its head's title: "Directorate-General for Migration and Home Affairs" →
"Director-General for Migration and Home Affairs", "direction générale de la justice" → "directeur général de
la justice", "Generaldirektion Justiz" → "Generaldirektor Justiz" (``[office_names.unit_head_titles]``: the
unit word and the head's). Such a title is a role phrase: the person named by it took part for the unit.
"""

from __future__ import annotations

import re

from graph.ingest.tables import GenreTables


def head_forms(label: str, language: str | None, tables: GenreTables) -> list[str]:
    """The titles of the head of the unit ``label`` names, in the label's language."""
    forms = []
    for unit, head in tables.unit_head_titles.get(language or "", ()):
        pattern = re.compile(rf"\b{re.escape(unit)}\b", re.IGNORECASE)
        if pattern.search(label):
            forms.append(pattern.sub(head, label, count=1))
    return forms
