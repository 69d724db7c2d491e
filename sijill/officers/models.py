"""Models of officers."""
