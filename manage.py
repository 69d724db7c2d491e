#!/usr/bin/env python
"""Django's own entry point; the `sijill` command (sijill/cli.py) is the one for people."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
