"""Every write of vehicles is one function here: it checks, writes and audits in one transaction."""
