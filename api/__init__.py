"""euus-kg HTTP service: SPARQL 1.1 endpoint, JSON lookups and linked-data pages over :mod:`graph`."""
