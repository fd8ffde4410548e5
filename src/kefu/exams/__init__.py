"""题库与考试 (R-EXM-1): questions, papers drawn from the bank, sittings, grading."""
