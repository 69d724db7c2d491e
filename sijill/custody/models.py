"""Models of arrests and custody."""
