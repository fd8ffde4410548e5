"""Tests of the case mechanism."""
