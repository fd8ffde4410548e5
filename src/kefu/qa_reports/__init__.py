"""QA reports (监控日报、周报、月报) and improvement plans (改进计划) with follow-ups (R-QA-1)."""
