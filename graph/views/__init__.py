"""What the API and the pages render: plain functions over the store and a per-version snapshot.

``snapshot`` reads the graph once per data version; ``meetings``, ``catalog``, ``search`` and ``charts``
answer the dashboard lookups from it. The topics of a meeting follow one rule,
:data:`graph.views.snapshot.MEETING_TOPICS`, shared with ``euus stats`` and the README.
"""
