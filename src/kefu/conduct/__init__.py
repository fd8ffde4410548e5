"""Conduct points (扣分, R-DIS-1): events recorded by leaders, and the month's 综合工作表现."""
