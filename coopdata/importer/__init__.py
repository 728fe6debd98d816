"""Importing the programme support team's workbook of cooperation actions (issue #6).

read (safe file reading) -> columns (header recognition, mapping) -> normalise (values) ->
validate (report + canonical table) -> store (the one storage module). Pure: no streamlit.
"""
