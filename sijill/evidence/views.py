"""Pages of forensic evidence: thin, they call services."""
