"""``DataVersion.cached(consistent=True)``: a build that a commit overlapped is not kept (issue 12's load test).

A commit happens under the write guard's lock and bumps the version there; these tests play the commit
themselves, from inside a build, as the load test saw it happen between two of the dashboard's queries.
"""

from __future__ import annotations

import threading

import pytest

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


@pytest.mark.parametrize(
    ("commits", "builds"),
    [(0, 1), (1, 2), (2, 3)],
    ids=["no commit: kept", "one commit: built again", "commits keep coming: the third build is locked"],
)
def test_a_build_a_commit_overlapped_is_built_again(commits: int, builds: int) -> None:
    lock = threading.Lock()
    version = DataVersion(write_lock=lock)
    runs = committing_build(version, lock, commits=commits)
    assert len(runs) == builds, f"{commits} commit(s) during the builds: {len(runs)} builds"
    assert version.current("snapshot") == builds, "the build kept is the last, for the current version"


def test_without_consistent_the_first_build_is_returned() -> None:
    lock = threading.Lock()
    version = DataVersion(write_lock=lock)
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert version.cached("count", build) == 1
    assert version.cached("count", build) == 1, "cached for the same version"
