from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Sijill with granian (WSGI, production-grade). Static files are served by WhiteNoise."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("SIJILL_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("SIJILL_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("SIJILL_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("SIJILL_THREADS", "4")))

    def handle(self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        self.stdout.write(f"Sijill on http://{host}:{port}/ ({workers} workers × {threads} threads)")
        Granian(
            "sijill.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=threads,
            log_access=False,
        ).serve()
