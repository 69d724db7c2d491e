"""Pages of imports: thin, they call services."""
