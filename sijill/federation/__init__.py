"""Federation between sites on PostgreSQL logical replication: each site publishes the rows it owns and
subscribes to its peers.
"""
