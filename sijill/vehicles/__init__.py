"""Vehicle registrations, ownership transfers, reports (stolen / wanted / terrorism), recoveries and
stops of unregistered vehicles.
"""
