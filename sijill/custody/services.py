"""Every write of arrests and custody is one function here: it checks, writes and audits in one transaction."""
