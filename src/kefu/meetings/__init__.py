"""Meetings (会议制度, R-MTG-1) and shift handover notes (交接班)."""
