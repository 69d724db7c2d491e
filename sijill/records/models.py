"""Models of criminal records and cases."""
