"""Arrests and custody: legal basis, place of detention, transfers, referral, judicial extensions,
release, and the legal deadlines that flag overdue custody.
"""
