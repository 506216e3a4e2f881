"""The dataset as a whole: assembled (``build``), dumped (``export``) and described (``void``).

:mod:`graph.dataset.build` reads the ontology, vocabularies, reference data and sources, one named
graph per file.
"""

from graph.dataset.build import add_user_files, build_dataset, context_dataset, dataset_from_files

__all__ = ["add_user_files", "build_dataset", "context_dataset", "dataset_from_files"]
