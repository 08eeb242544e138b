"""Writes of the cooperation programme (programmes.py) and of its realisation report (reports.py)."""
