"""The WSGI application for the plate look-up figures of ``bench/audit.py``.

The benchmark serves the real application. For its baseline only, it starts the same server with
``SIJILL_BENCH_NO_AUDIT=1``, which this module (part of the benchmark, never installed or served by
a deployment) reads to replace the look-up's audit call with nothing: the same endpoint without
its audit row.
"""

import os

from sijill.wsgi import application

if os.environ.get("SIJILL_BENCH_NO_AUDIT") == "1":
    from sijill.vehicles import services

    services.record_read = lambda *args, **kwargs: None  # type: ignore[assignment]

__all__ = ["application"]
