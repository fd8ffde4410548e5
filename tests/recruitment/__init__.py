"""Recruitment (R-REC-1): the tests' pass marks, the stage moves, the hire, reserve staffing."""
