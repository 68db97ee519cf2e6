"""The rules of the field, in plain Python: no Textual, no TinyDB, no display text."""
