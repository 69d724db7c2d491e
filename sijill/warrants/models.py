"""Models of warrants."""
