"""Pages of federation: thin, they call services."""
