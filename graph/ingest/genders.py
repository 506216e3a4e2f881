"""Role phrases in the feminine: "la coordinatrice de l'UE pour la lutte contre le terrorisme".

labels.ttl writes a role phrase once ("coordinateur de l'UE pour ...", "EU-Koordinator für ..."); a French or
German text that names a woman writes its title words in the feminine. The title words are those before the
first link word ("de", "à", "für", ``[genders] links``); each takes the feminine ending of ``[genders]``
(the longest ending that fits): "secrétaire adjoint à la Sécurité intérieure" is also "secrétaire adjointe à
la Sécurité intérieure", "procureur général des États-Unis" "procureure générale des États-Unis".
"""

from __future__ import annotations

import re

from graph.ingest.tables import GenreTables

#: Words and the separators between them (hyphens and apostrophes stay inside the word they end).
_WORDS = re.compile(r"(\s+|['’])")


def feminine_forms(forms: list[str], language: str | None, role: bool, tables: GenreTables) -> list[str]:
    """``forms`` and, for a role phrase in a language with feminine endings, their feminine forms."""
    endings = tables.feminine_endings.get(language or "")
    if not role or not endings:
        return forms
    found = list(forms)
    for form in forms:
        parts = _WORDS.split(form)
        for i, part in enumerate(parts):
            if part.casefold() in tables.title_links:
                break
            parts[i] = _feminine(part, endings)
        feminine = "".join(parts)
        if feminine != form:
            found.append(feminine)
    return found


def _feminine(word: str, endings: tuple[tuple[str, str], ...]) -> str:
    lower = word.casefold()
    for ending, feminine in sorted(endings, key=lambda pair: len(pair[0]), reverse=True):
        if lower.endswith(ending) and not lower.endswith(feminine):
            return word[: len(word) - len(ending)] + feminine
    return word
