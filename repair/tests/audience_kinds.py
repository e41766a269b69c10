"""This app's kinds of entry in the Audience matrix (circles/tests/test_audience_matrix.py)."""

from circles.tests.audience_cases import EntryKind

KINDS: list[EntryKind] = []
