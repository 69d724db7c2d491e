"""Every write of forensic evidence is one function here: it checks, writes and audits in one transaction."""
