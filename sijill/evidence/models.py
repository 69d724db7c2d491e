"""Models of forensic evidence."""
