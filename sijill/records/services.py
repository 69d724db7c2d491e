"""Every write of criminal records and cases is one function here: it checks, writes and audits in one transaction."""
