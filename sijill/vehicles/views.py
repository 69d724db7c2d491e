"""Pages of vehicles: thin, they call services."""
