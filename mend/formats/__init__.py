"""Mend's one way of writing dates in each language (FORMAT_MODULE_PATH in mend/settings.py).

Templates name a format ("DATE_FORMAT", "DATETIME_FORMAT", ...) instead of spelling one
out, so a date reads the same on every page. Every language also reads ISO dates first
(`DATE_INPUT_FORMATS[0]`): that is what a date input without its own format shows, and
`<input type="date">` accepts nothing else.
"""
