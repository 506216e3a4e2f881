"""Moved to :mod:`graph.views.meetings`; kept so that old imports work."""

from graph.views.ids import candidates
from graph.views.meetings import MeetingFilter, Page, get_meeting, list_meetings, meeting_summary


def expand(value: str, kind: str) -> str:
    """An IRI from a full IRI, a ``kind/slug`` path or a slug (``topic/cybercrime`` or ``cybercrime``)."""
    return candidates(value, [kind], parameter=kind)[0]


__all__ = ["MeetingFilter", "Page", "expand", "get_meeting", "list_meetings", "meeting_summary"]
