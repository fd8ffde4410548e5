"""Careers: promotion, team-leader election and the Eagle plan (R-PRO, R-ELE, R-EGL)."""
