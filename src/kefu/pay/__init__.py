"""Pay (薪资, R-PAY-1..3): base pay, star wage, bonuses, allowances and deductions of a month."""
