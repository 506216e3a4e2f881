"""Moved to :mod:`graph.views.meetings`; kept so that old imports work."""

from graph.views.ids import candidates as expand_candidates
from graph.views.meetings import MeetingFilter, Page, get_meeting, list_meetings, meeting_summary

__all__ = ["MeetingFilter", "Page", "expand_candidates", "get_meeting", "list_meetings", "meeting_summary"]
