"""Every write of warrants is one function here: it checks, writes and audits in one transaction."""
