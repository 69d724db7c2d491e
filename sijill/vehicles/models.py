"""Models of vehicles."""
