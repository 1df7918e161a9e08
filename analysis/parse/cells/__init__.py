"""Reading runs of digits into cells: the readings of a printed run (splits), the constraint
solver that keeps only what the arithmetic allows, the template's arithmetic as constraints."""
