"""A member's recorded consent to a professional (42 CFR Part 2, §2.31; CLINICAL.md).

The model lives in `circles.models` (`Consent`, `ConsentScope`) so that the Audience
rule below it can ask whether a consent covers an entry; the categories, the rules over
plain data, the text shown, and the pages are here.
"""
