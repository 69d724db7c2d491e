"""Pages of arrests and custody: thin, they call services."""
