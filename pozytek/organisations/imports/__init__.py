"""Office import of organisations into a local government's directory.

Two sources share one pipeline: a KRS open-API extract in JSON (`krs.py`) or a municipality's
spreadsheet in CSV/XLSX with a column mapping (`spreadsheet.py`). Both become rows of raw text
keyed by our field names; `services.py` checks every row (dry run) and then writes all of them in
one transaction or none (`tasks.py` runs large files in the background).
"""
