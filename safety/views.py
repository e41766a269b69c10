"""Pages of the safety app."""
