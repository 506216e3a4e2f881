"""The cache of whole small answers: one version per entry, bounded in bytes, least recently used out."""

from __future__ import annotations

import pytest

from graph.query.answer_cache import AnswerCache, CachedAnswer


def answer(size: int, rows: int | None = 1) -> CachedAnswer:
    return CachedAnswer(b"x" * size, rows)


def test_an_answer_is_given_for_its_version_only() -> None:
    cache = AnswerCache(1000)
    cache.put(3, "q", answer(10))
    assert cache.get(3, "q") == answer(10)
    assert cache.get(4, "q") is None  # a write came in between
    assert "q" not in cache and cache.size == 0  # and the old entry is gone
    assert cache.get(3, "q") is None


def test_the_least_recently_used_answers_make_room() -> None:
    cache = AnswerCache(100, max_answer=60)
    cache.put(1, "a", answer(40))
    cache.put(1, "b", answer(40))
    assert cache.get(1, "a") is not None  # a is now the most recently used
    cache.put(1, "c", answer(40))
    assert [k for k in "abc" if k in cache] == ["a", "c"] and cache.size == 80
    cache.put(1, "d", answer(61))  # over the largest answer kept
    assert "d" not in cache and cache.size == 80


def test_a_new_answer_replaces_the_kept_one() -> None:
    cache = AnswerCache(100)
    cache.put(1, "a", answer(30))
    cache.put(2, "a", answer(50, rows=None))
    assert cache.size == 50 and cache.get(2, "a") == answer(50, rows=None)


def test_sizes_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="sizes"):
        AnswerCache(-1)
    assert AnswerCache(0).max_answer == 0
