"""Models of federation."""
