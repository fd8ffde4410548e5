"""QA monitoring (监控, R-QA-1): scorecards, contacts, evaluations, disputes and calibration."""
