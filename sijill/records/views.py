"""Pages of criminal records and cases: thin, they call services."""
