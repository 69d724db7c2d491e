"""Pages of warrants: thin, they call services."""
