"""User queries with a deadline and a row cap, and the writers of their results.

* :mod:`graph.query.runner`: the :class:`QueryRunner` protocol the service calls.
* :mod:`graph.query.executor`: the embedded runner; each query runs in a worker process
  (:mod:`graph.query.worker`) on a snapshot of the store, killed when its deadline passes.
* :mod:`graph.query.remote`: the runner for a remote SPARQL server.
* :mod:`graph.query.results`: streaming writers of SELECT results (JSON, XML, CSV, TSV), capped.
"""

from graph.query.runner import QueryRunner

__all__ = ["QueryRunner"]
