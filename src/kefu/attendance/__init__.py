"""考勤与工时 (attendance and hours): shifts, the attendance cycle, the hours and comp-time ledgers."""
