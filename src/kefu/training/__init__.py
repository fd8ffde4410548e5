"""新员工培训 (R-NEW-1..4): cohorts, the day-by-day plan, training scores, elimination."""
