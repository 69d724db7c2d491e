"""Prosecution warrants (أوامر الضبط والإحضار): issued, amended and cancelled only by the public
prosecution; executions recorded by any authorised unit at any site.
"""
