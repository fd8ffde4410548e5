"""Automatic checking of every transcript (自动质检, R-QA-2): phrase libraries, matching, suggested scores."""
