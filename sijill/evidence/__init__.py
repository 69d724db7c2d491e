"""Forensic evidence: items tied to a case, seals, chain of custody and laboratory references."""
