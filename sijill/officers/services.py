"""Every write of officers is one function here: it checks, writes and audits in one transaction."""
