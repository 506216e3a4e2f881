"""What the API and the pages render: plain functions over a :class:`graph.store.Store`."""
