"""Pages of the repair app."""
