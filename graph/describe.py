"""Moved to :mod:`graph.views.describe`; kept so that existing imports keep working."""

from graph.views.describe import ResourceView, describe_resource, resource_view

__all__ = ["ResourceView", "describe_resource", "resource_view"]
