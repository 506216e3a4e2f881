"""Validation against the SHACL shapes: the engines (pyshacl-turbo, pySHACL as the reference)."""

from graph.validation.engine import ENGINES, ShapesEngine, default_engine, make_engine, resolve

__all__ = ["ENGINES", "ShapesEngine", "default_engine", "make_engine", "resolve"]
