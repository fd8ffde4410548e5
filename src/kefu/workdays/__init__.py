"""The statutory working-day calendar (法定节假日与调休): working days, holidays, standard hours."""
