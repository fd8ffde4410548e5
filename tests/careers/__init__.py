"""Tests of the careers rules."""
