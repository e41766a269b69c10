"""Pages of the reachout app."""
