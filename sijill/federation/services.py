"""Every write of federation is one function here: it checks, writes and audits in one transaction."""
