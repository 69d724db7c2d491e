"""Criminal records (السوابق) and cases: entries are never edited in place; a correction is a new entry."""
