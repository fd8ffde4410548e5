"""招聘 (R-REC-1): candidates, their tests, the move into training, reserve staffing."""
