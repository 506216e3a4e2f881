"""``DataVersion.cached(consistent=True)``: a build that a commit overlapped is not kept (issue 12's load test).

A commit happens under the write guard's lock and bumps the version there; these tests play the commit
themselves, from inside a build, as the load test saw it happen between two of the dashboard's queries.
"""

from __future__ import annotations

import threading

from api.deps import DataVersion


def committing_build(version: DataVersion, lock: threading.Lock, commits: int) -> list[int]:
    """A build whose first ``commits`` runs each see a commit land in their middle; returns the runs."""
    runs: list[int] = []

    def build() -> int:
        runs.append(version.value)
        if len(runs) <= commits:
            with lock:  # a write commits while the build reads
                version.bump()
        return len(runs)

    assert version.cached("snapshot", build, consistent=True) == len(runs)
    return runs


def test_a_build_a_commit_overlapped_is_built_again() -> None:
    lock = threading.Lock()
    version = DataVersion(write_lock=lock)
    runs = committing_build(version, lock, commits=1)
    assert len(runs) == 2, "the first build mixed two versions: it must be thrown away"
    assert version.current("snapshot") == 2


def test_commits_that_keep_coming_cannot_starve_the_build() -> None:
    lock = threading.Lock()
    version = DataVersion(write_lock=lock)
    runs = committing_build(version, lock, commits=2)
    assert len(runs) == 3, "the third build runs under the write lock and is kept"
    assert version.current("snapshot") == 3


def test_without_consistent_the_first_build_is_returned() -> None:
    lock = threading.Lock()
    version = DataVersion(write_lock=lock)
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert version.cached("count", build) == 1
    assert version.cached("count", build) == 1, "cached for the same version"
