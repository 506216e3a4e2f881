"""A digest of several news items: only the item about a meeting is read.

"Daily News 12/03/2024" over "European Commission – Press corner – Midday Express", then items, each under
its headline (a State aid decision, the EU-US senior officials meeting, a Commissioner's agenda): a text
whose first line is its header (``reading.py`` found the attribution line in the title's block) has no title
of its own. Its headlines are the titles of its items; the first item that names a meeting kind is the
release, its headline its title, and the other items say nothing about the meeting.
"""

from __future__ import annotations

import dataclasses

from graph.ingest.model import SourceReading
from graph.ingest.reading import Sentence

#: A headline is a short line of its own: a paragraph is longer.
HEADLINE_MAX_TOKENS = 25
#: A line ending in one of these is a sentence (or announces a list), not a headline.
SENTENCE_ENDS = ".!?:;,"


def digest_item(text: str, sentences: list[Sentence], source: SourceReading) -> list[Sentence]:
    """The headline (as the title) and sentences of the first item naming a meeting kind; else all."""
    header = source.attribution_span
    if header is None or header[0] > source.title_span[0] or len(sentences) < 2:
        return sentences  # a text with a title of its own
    heads = [i for i, s in enumerate(sentences) if i > 0 and _headline(text, s)]
    if len(heads) < 2:
        return sentences
    for first, after in zip(heads, [*heads[1:], len(sentences)], strict=True):
        item = sentences[first:after]
        if any(m.category in ("kind", "series") for s in item for m in s.mentions):
            return [dataclasses.replace(item[0], title=True), *item[1:]]
    return sentences


def _headline(text: str, sentence: Sentence) -> bool:
    """A line of its own, set apart by blank lines, short, and not ending as a sentence does."""
    before = text[: sentence.start].rstrip(" \t")
    after = text[sentence.end :].lstrip(" \t")
    alone = before.endswith("\n\n") and (after.startswith("\n\n") or not after.strip())
    line = text[sentence.start : sentence.end].rstrip()
    return alone and len(sentence.tokens) <= HEADLINE_MAX_TOKENS and not line.endswith(tuple(SENTENCE_ENDS))
