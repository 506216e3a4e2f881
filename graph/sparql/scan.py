"""Light checks on SPARQL text, without parsing it (pyoxigraph or the server parses it later).

A full parse with rdflib costs milliseconds; these checks cost microseconds. Strings, IRIs and
comments are first blanked out (one regular-expression pass, same length so offsets still point
into the original text); keywords are then searched in what is left, ignoring words that belong to
variables, prefixed names or language tags.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.errors import Forbidden, InvalidInput, InvalidQuery

# A quote or ``#`` right after a backslash is part of a prefixed name (``ex:it\'s``), not the
# start of a string or comment.
_OPAQUE = re.compile(
    r"""(?<!\\)(?:'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\r\n]*)""",
    re.DOTALL,
)
#: What ``_OPAQUE`` blanks as an IRI (see ``_outside_iris``).
_IRI = re.compile(r"""<[^<>"{}|^`\\\x00-\x20]*>""")
_COLON_OR_COMMENT = re.compile(r"[:#]")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OUTBOUND_HINT = re.compile(r"service|load", re.IGNORECASE)
# Keyword patterns start with the keyword, which the regex engine scans for quickly; what
# precedes a match is checked in Python.
_OUTBOUND = re.compile(r"(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:.\-])", re.IGNORECASE)
_PREFIX_DECLARATION = re.compile(r"PREFIX\s+([\w.\-]*):", re.IGNORECASE)
_PREFIX_NAME = re.compile(r"(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?")
_NAME_CHARS = re.compile(r"[\w.\-]*")
#: A word preceded by one of these (or by a letter or digit) is inside a name or variable.
_NAME_BEFORE = frozenset("?$:@-_.")
_OWASP_SSRF = "https://owasp.org/www-community/attacks/Server_Side_Request_Forgery"
SSRF_RULE = f"outbound requests are disabled (SSRF, server-side request forgery: {_OWASP_SSRF})"


def _blank(text: str) -> str:
    """Replace strings, IRIs and comments by spaces of the same length."""
    return _OPAQUE.sub(lambda match: " " * len(match.group()), text)


def _inside_name(text: str, start: int) -> bool:
    """Tell whether the word at ``start`` continues a name: ``ex:a.load``, ``?service``, ``@en``.

    Anything else before the word (a number as in ``1SERVICE``, a dot ending a triple) leaves it
    a keyword. When in doubt the word counts as a keyword: refusing is the safe mistake.
    """
    begin = start
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "_.-%"):
        begin -= 1
    run, before = text[begin:start], text[begin - 1] if begin > 0 else ""
    if before == ":":  # local part of a prefixed name or blank node label
        return not run or run[0] not in ".-"
    if before in ("?", "$"):  # variable names have no dots or dashes
        return all(char.isalnum() or char == "_" for char in run)
    if before == "@":  # language tag
        return "." not in run and "%" not in run
    return False


def _continues_prefix(text: str, end: int) -> bool:
    """Tell whether the word ending at ``end`` is the start of a dotted prefix (``load.x:y``)."""
    if end < len(text) and text[end] == ".":
        match = _NAME_CHARS.match(text, end)
        stop = match.end() if match else end
        return stop < len(text) and text[stop] == ":"
    return False


def _starts_word(text: str, start: int) -> bool:
    """Tell whether ``text[start]`` begins a word, not the inside of a name or variable."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in _NAME_BEFORE)


def position(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based ``(line, column)`` of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def refuse_outbound(text: str, *, allow_service: bool = False, allow_load: bool = False) -> None:
    """Raise :class:`Forbidden` if a query or update uses ``SERVICE`` or ``LOAD``.

    Keywords inside strings, IRIs, comments, variables and prefixed names do not count.

    >>> refuse_outbound('SELECT ?service WHERE { ?s ex:load "SERVICE" } # LOAD')
    >>> refuse_outbound("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.errors.Forbidden: SERVICE at line 1, column 18 is refused: ...

    Raises:
        Forbidden: which keyword, where, and why it is refused.
    """
    if allow_service and allow_load:
        return
    _refuse_keywords(text, allow_service, allow_load)
    if (
        "\\u" in text or "\\U" in text
    ):  # escapes may spell a keyword: https://www.w3.org/TR/sparql11-query/#codepointEscape
        decoded = _CODEPOINT.sub(_codepoint, text)
        _refuse_keywords(decoded, allow_service, allow_load)


def _may_name_outbound(text: str) -> bool:
    """Whether ``SERVICE`` or ``LOAD`` occurs at all, in any case (a fast test for plain ASCII text).

    The library's own queries are tens of KB of IRIs (a write's validation reads): the
    case-insensitive regular expression took 3 ms on one of them, ``lower`` and ``in`` 0.3 ms.
    Other text keeps the regular expression, whose case folding also covers ``ſ`` and ``ı``.
    """
    if not text.isascii():
        return _OUTBOUND_HINT.search(text) is not None
    lowered = text.lower()
    if "service" not in lowered and "load" not in lowered:
        return False
    rest = _outside_iris(lowered)  # organisation IRIs may end in "-service"
    return rest is None or "#" in rest or "service" in rest or "load" in rest


def _outside_iris(text: str) -> str | None:
    """``text`` with its IRIs blanked, when it has no strings (else ``None``: blank it in full).

    Without strings and backslashes, what ``_OPAQUE`` blanks is IRIs and comments; a ``#`` left is
    a comment.
    """
    if "'" in text or '"' in text or "\\" in text:
        return None
    return _IRI.sub(" ", text)


def _codepoint(match: re.Match[str]) -> str:
    code = int(match.group(1) or match.group(2), 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


def _refuse_keywords(text: str, allow_service: bool, allow_load: bool) -> None:
    if not _may_name_outbound(text):
        return
    blanked = _blank(text)
    for match in _OUTBOUND.finditer(blanked):
        keyword = match.group(1).upper()
        if (keyword == "SERVICE" and allow_service) or (keyword == "LOAD" and allow_load):
            continue
        if _inside_name(blanked, match.start()) or _continues_prefix(blanked, match.end()):
            continue
        line, column = position(text, match.start())
        raise Forbidden(f"{keyword} at line {line}, column {column} is refused: {SSRF_RULE}")


#: Deepest bracket nesting a query or update may have. The parsers recurse once per level, in the
#: server (updates) and in the query workers, and a thread's stack ends near 3,000 levels (pyoxigraph
#: dies with SIGSEGV there); no query a person writes comes near 256.
MAX_NESTING = 256
_BRACKET = re.compile(r"[{}()\[\]]")


def refuse_deep_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Raise :class:`InvalidQuery` where brackets (``{ ( [``) nest deeper than ``limit`` levels.

    >>> refuse_deep_nesting("ASK { { FILTER((1)) } }")
    >>> refuse_deep_nesting("ASK " + "{" * 300 + "}" * 300)
    Traceback (most recent call last):
    ...
    graph.errors.InvalidQuery: invalid SPARQL (line 1, column 261): brackets nest deeper than 256 levels ...
    """
    if sum(text.count(b) for b in "{([") <= limit:  # the common case: too few brackets to be deep
        return
    depth = 0
    for match in _BRACKET.finditer(_blank(text)):
        depth += 1 if match.group() in "{([" else -1
        if depth > limit:
            line, column = position(text, match.start())
            raise InvalidQuery(
                f"brackets nest deeper than {limit} levels here; write the query flatter", line=line,
                column=column,
            )  # fmt: skip


#: Most triple patterns and groups a query (or an update's WHERE) may join. The store's optimizer
#: recurses once per join: 10,000 patterns in one group kill the process (SIGSEGV), in the query
#: workers and, for an update, in the server itself. Data blocks (INSERT DATA, DELETE DATA) do not count.
MAX_PATTERNS = 2_000
_SEPARATOR = re.compile(r"[.;,{(]|\bUNION\b", re.IGNORECASE)
_DATA_BLOCK = re.compile(r"\b(?:INSERT|DELETE)\s+DATA\s*\{", re.IGNORECASE)


def refuse_too_many_patterns(text: str, limit: int = MAX_PATTERNS) -> None:
    """Raise :class:`InvalidQuery` when more than ``limit`` patterns and groups would be joined.

    Counted from the text: each ``.``, ``;``, ``,``, ``{``, ``(`` and ``UNION`` outside strings, IRIs,
    comments and data blocks (an over-count, never an under-count).
    """
    if len(text) < 2 * limit:  # every counted thing takes at least two characters with its neighbour
        return
    blanked = _blank(text)
    for block in list(_DATA_BLOCK.finditer(blanked)):
        depth, end = 0, block.end() - 1
        for end in range(block.end() - 1, len(blanked)):
            depth += {"{": 1, "}": -1}.get(blanked[end], 0)
            if depth == 0:
                break
        blanked = blanked[: block.end()] + " " * (end - block.end()) + blanked[end:]
    count = sum(1 for _ in _SEPARATOR.finditer(blanked))
    if count > limit:
        raise InvalidQuery(
            f"the query joins about {count} patterns and groups; at most {limit} are evaluated "
            "(split it, or send data with INSERT DATA)"
        )


_FROM = re.compile(r"(FROM)(?![\w:.\-])", re.IGNORECASE)


def has_dataset_clause(text: str) -> bool:
    """Tell whether a query names its own dataset with ``FROM`` or ``FROM NAMED``.

    Such a query gets that dataset (from graphs in the store), not the union default graph.

    >>> has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
    True
    >>> has_dataset_clause('SELECT * WHERE { ?s ?p "FROM" } # FROM')
    False
    """
    if text.isascii():  # the library's own long queries ("wasDerivedFrom" in IRIs): no need to blank them
        rest = _outside_iris(text)
        if "from" not in (text if rest is None else rest).lower():
            return False
    blanked = _blank(text)
    return any(_starts_word(blanked, m.start()) for m in _FROM.finditer(blanked))


def query_form(text: str) -> str | None:
    r"""Return ``"select"``, ``"ask"``, ``"construct"`` or ``"describe"``, or ``None`` if unknown.

    >>> query_form("PREFIX ex: <http://example.org/select> # ASK\nCONSTRUCT WHERE { ?s ?p ?o }")
    'construct'
    """
    blanked = _blank(text)
    for match in _FORM.finditer(blanked):
        if _starts_word(blanked, match.start()):
            return match.group(1).lower()
    return None


def missing_prefix_declarations(text: str, prefixes: dict[str, str]) -> str:
    """Return ``PREFIX`` declarations, on one line, for the known prefixes a text uses but lacks.

    >>> missing_prefix_declarations("SELECT * { ?s skos:prefLabel ?l }", {"skos": "urn:skos#"})
    'PREFIX skos: <urn:skos#> '
    """
    if not prefixes or ":" not in text:
        return ""
    rest = _outside_iris(text)
    if rest is not None and not _COLON_OR_COMMENT.search(rest):
        return ""  # every colon is in an IRI, and no comment: no prefixed name (the library's own queries)
    blanked = _blank(text)
    declared = {
        match.group(1)
        for match in _PREFIX_DECLARATION.finditer(blanked)
        if _starts_word(blanked, match.start())
    }
    used = _used_prefixes(blanked) - declared
    return "".join(f"PREFIX {name}: <{prefixes[name]}> " for name in sorted(used & set(prefixes)))


def _used_prefixes(blanked: str) -> set[str]:
    """The prefixes of the prefixed names in a blanked text (``ex`` for ``ex:a``)."""
    used: set[str] = set()
    colon = blanked.find(":")
    while colon != -1:
        start = colon
        while start > 0 and (blanked[start - 1].isalnum() or blanked[start - 1] in "_.-"):
            start -= 1
        name = blanked[start:colon]
        if (start == 0 or blanked[start - 1] not in "?$@:\\") and _PREFIX_NAME.fullmatch(name):
            used.add(name)
        colon = blanked.find(":", colon + 1)
    return used


_SPARQL_POSITION = re.compile(r"error at (\d+):(\d+): ")
_RDF_POSITION = re.compile(r"line (\d+) column (\d+)")
_RDF_POSITION_PREFIX = re.compile(
    r"^Parser error (?:at|between) line \d+ column \d+(?: and line \d+ column \d+)?: "
)


def invalid_query(message: str, *, line_offset: int = 0) -> InvalidQuery:
    """Build :class:`InvalidQuery` from an oxigraph parser message (``"error at 1:17: ..."``).

    ``line_offset`` is the number of lines put in front of the caller's text (declarations).
    """
    match = _SPARQL_POSITION.search(message)
    if match is None:
        return InvalidQuery(message)
    line = max(int(match.group(1)) - line_offset, 1)
    return InvalidQuery(message[match.end() :], line=line, column=int(match.group(2)))


def invalid_input(error: SyntaxError | str, fmt: ox.RdfFormat | None) -> InvalidInput:
    """Build :class:`InvalidInput` from an oxigraph RDF parser error, keeping line and column."""
    if isinstance(error, str):
        message, line, column = error, None, None
    else:
        message, line, column = str(error.msg or error), error.lineno, error.offset
    if line is None and (match := _RDF_POSITION.search(message)) is not None:
        line, column = int(match.group(1)), int(match.group(2))
    message = _RDF_POSITION_PREFIX.sub("", message, count=1)
    return InvalidInput(message, format=fmt.name if fmt else None, line=line, column=column)
