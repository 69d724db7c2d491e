"""Pages of officers: thin, they call services."""
