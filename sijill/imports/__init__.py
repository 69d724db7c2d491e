"""Imports from legacy systems: validate the whole file first, write all or nothing (or the valid rows
with a file of rejects), never twice.
"""
