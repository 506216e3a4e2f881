"""A statement verb in the number and person a release writes it: the tables list one form of each.

"benadrukten" (they stressed) is also "benadrukte" (he stressed), "betonten" "betonte", "vereinbarten"
"vereinbarte" (Dutch and German weak past tenses, plural ``-ten``/``-den`` and singular ``-te``/``-de``);
"ont souligné" is also "a souligné", "se sont engagés" "s'est engagé" / "s'est engagée", "sont convenus"
"est convenu" (French perfect tenses, the participle agreeing with a subject of any gender and number).
"""

from __future__ import annotations

#: Tables of statement verbs (patterns.toml, `[cues]`) whose phrases get their other forms.
STATEMENT_TABLES = frozenset(("agreement", "position", "commitment"))
#: Shortest word whose weak past ending is changed (a form that is no word, "beslote", is never found).
WEAK_PAST_MIN = 7
FRENCH_AUXILIARIES = (("ont", "a"), ("sont", "est"), ("se sont", "s'est"))


def verb_forms(phrase: str) -> list[str]:
    """``phrase`` and the other forms of its verb (singular and plural, participles of both genders)."""
    forms = [phrase]
    words = phrase.split()
    for i, word in enumerate(words):
        if len(word) >= WEAK_PAST_MIN and word.endswith(("ten", "den")):
            forms.append(" ".join([*words[:i], word[:-1], *words[i + 1 :]]))
        elif len(word) >= WEAK_PAST_MIN - 1 and word.endswith(("te", "de")) and i == 0:
            forms.append(" ".join([*words[:i], word + "n", *words[i + 1 :]]))
    for plural, singular in FRENCH_AUXILIARIES:
        for have, other in ((plural, singular), (singular, plural)):
            if phrase.startswith(have + " "):
                rest = phrase[len(have) + 1 :].split(" ", 1)
                forms += [" ".join([other, p, *rest[1:]]) for p in _participles(rest[0])]
    return list(dict.fromkeys(forms))


def _participles(word: str) -> list[str]:
    """A French past participle in all four agreements: "engagé", "engagée", "engagés", "engagées"."""
    if not word.endswith(("é", "és", "ée", "ées", "u", "us", "ue", "ues")):
        return [word]
    stem = word.rstrip("s").removesuffix("e") if not word.endswith(("é", "és")) else word.rstrip("s")
    if stem.endswith("e") and not stem.endswith("é"):
        stem = stem[:-1]
    return [stem, stem + "e", stem + "s", stem + "es"]
