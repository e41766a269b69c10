"""Pages of the phrases app."""
