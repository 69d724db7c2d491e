"""Every write of imports is one function here: it checks, writes and audits in one transaction."""
