"""``sijill worker``: runs this site's background work beside the web server.

- marks jobs left RUNNING by a killed worker as failed (``jobs.services.recover_interrupted``);
- runs the inline periodic tasks (the audit sequencer) each in a thread of its own;
- enqueues the other periodic tasks when due (one worker claims each run);
- runs the queued jobs (django-tasks-db's worker loop) until SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from sijill.jobs import schedule, services

logger = logging.getLogger("sijill.jobs")


class Command(BaseCommand):
    help = "Run background work: jobs (imports…), periodic tasks and the audit sequencer."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--interval", type=float, default=0.5, help="seconds between looks at an empty queue")
        parser.add_argument("--worker-id", default="")
        parser.add_argument("--no-periodic", action="store_true", help="only run queued jobs")

    def handle(self, *args: Any, interval: float, worker_id: str, no_periodic: bool, **options: Any) -> None:
        from django_tasks_db.management.commands.db_worker import Worker

        worker_id = worker_id or get_random_string(24)
        services.register_worker(worker_id)
        failed = services.recover_interrupted(worker_id)
        if failed:
            self.stdout.write(f"marked {len(failed)} interrupted job(s) failed: {', '.join(failed)}")
        stop = threading.Event()
        threads = [threading.Thread(target=self._beat, args=(worker_id, stop), name="sijill-beat", daemon=True)]
        if not no_periodic:
            threads.append(threading.Thread(target=schedule.run_scheduler, args=(stop,), name="sijill-scheduler",
                                            daemon=True))  # fmt: skip
            for item in schedule.declared():
                if item.inline:
                    threads.append(threading.Thread(target=schedule.run_inline, args=(item, stop),
                                                    name=f"sijill-{item.name}", daemon=True))  # fmt: skip
        for thread in threads:
            thread.start()
        self.stdout.write(f"worker {worker_id}: {len(threads) - 1} periodic thread(s); waiting for jobs")
        worker = Worker(
            queue_names=["*"], interval=interval, batch=False, backend_name="default", startup_delay=False,
            max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        )  # fmt: skip
        try:
            worker.configure_signals()
            worker.run()
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=10)
            close_old_connections()
            services.unregister_worker(worker_id)

    @staticmethod
    def _beat(worker_id: str, stop: threading.Event) -> None:
        while not stop.wait(services.BEAT_SECONDS):
            try:
                close_old_connections()
                services.beat(worker_id)
            except Exception:
                logger.exception("worker heartbeat failed")
