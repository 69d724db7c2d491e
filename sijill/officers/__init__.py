"""Officers' affairs: service numbers, ranks, postings and decisions reviewed against the law; the
public badge check.
"""
