"""The circle's home page: the one page that shows every feature at once, so it sits
above them all (circles, at the bottom, imports none of them)."""
