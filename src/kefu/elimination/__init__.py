"""末位淘汰 (R-BOT-1): last places over consecutive months, standby retraining, dismissal."""
