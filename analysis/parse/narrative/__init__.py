"""Figures the prose of a report states: the prose itself (prose), the statements (stated)."""
