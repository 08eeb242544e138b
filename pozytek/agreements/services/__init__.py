"""Writes of the agreements app: offer updates (updates.py), agreements and payments (agreements.py),
annexes (annexes.py)."""
