"""Every write of imports is one function here: it checks, writes and audits in one transaction.

``do_import`` is the one path of a file into a registry, for the CLI, the page and the benchmark:
the permission (``import.run`` and the registry's own write action), the validation of every
row, then — only when the whole file is valid, or with ``skip_invalid`` for the valid rows — the
registry's writer and one audit event for the import, in one transaction.

The page works through an ``ImportJob``: upload (checked at once), then import, each phase run in
a background thread (or synchronously, ``SIJILL_IMPORT_BACKGROUND=0``, as the tests do) with its
progress in the cache, which every web worker shares.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import close_old_connections, connection, connections, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from sijill.accounts.models import User
from sijill.audit.models import AuditKind
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.appmodules import app_modules
from sijill.core.errors import Conflict, NotFound, ValidationFailed
from sijill.imports.base import Importer, WriteCounts
from sijill.imports.engine import Progress, Report, translate, valid_rows, validate
from sijill.imports.models import ImportJob, JobStatus
from sijill.imports.readers import FileError

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = int(getattr(settings, "SIJILL_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
PROGRESS_SECONDS = 0.5

# --- registries -------------------------------------------------------------------------------


@cache
def importers() -> dict[str, Importer]:
    """Every app's ``importers.IMPORTERS``, by registry name."""
    found: dict[str, Importer] = {}
    for module in app_modules("importers"):
        for importer in getattr(module, "IMPORTERS", []):
            found[importer.registry] = importer
    return found


def importer_for(registry: str) -> Importer:
    try:
        return importers()[registry]
    except KeyError:
        raise NotFound(_("There is no importer for the registry %(registry)s.") % {"registry": registry}) from None


def importers_for(actor: Actor) -> list[Importer]:
    """The registries this actor may import into."""
    if not actor.can("import.run"):
        return []
    return [i for i in importers().values() if actor.can(i.action)]


def check_allowed(actor: Actor, importer: Importer) -> None:
    actor.scope("import.run")
    actor.scope(importer.action)


# --- the import -------------------------------------------------------------------------------


def _counting(rows: Iterable[Any], progress: Progress | None, total: int) -> Iterator[Any]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress and done % 1000 == 0:
            progress("write", done, total)
    if progress:
        progress("write", done, total)


def do_import(
    actor: Actor,
    registry: str,
    data: bytes,
    file_name: str,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> Report:
    """Validate the whole file, then write it in one transaction — or nothing, when refused.

    Refused (a row is invalid and ``skip_invalid`` is not given, or the file cannot be read): the
    report says why and nothing is written. Rows already in the registry (same natural key) are
    skipped, so importing the same file twice creates nothing the second time.
    """
    importer = importer_for(registry)
    check_allowed(actor, importer)
    report = validate(importer, data, file_name, progress=progress)
    counts = {"rows": report.rows, "valid": report.valid, "invalid": report.invalid}
    if report.file_error or (report.invalid_lines and not skip_invalid):
        record_event(
            actor, "import.refused", kind=AuditKind.WRITE, object_type="imports.file", object_repr=file_name[:200],
            registry=registry, sha256=report.sha256, **counts, problems=len(report.problems),
        )  # fmt: skip
        return report
    written = WriteCounts(expected=report.valid)

    def write_all(rows: Iterable[tuple[str, dict[str, Any]]]) -> None:
        with transaction.atomic():
            importer.write(actor, rows, written)
            record_event(
                actor, "import.run", kind=AuditKind.WRITE, object_type="imports.file", object_repr=file_name[:200],
                registry=registry, sha256=report.sha256, **counts, created=written.created, existing=written.existing,
                skip_invalid=skip_invalid,
            )  # fmt: skip

    rows = _counting(valid_rows(importer, data, report), progress, report.valid)
    if connection.in_atomic_block:  # inside a caller's transaction (tests): stay on its connection
        write_all(rows)
    else:
        _pipelined(rows, write_all)
    report.created, report.existing, report.imported = written.created, written.existing, True
    return report


_END = object()


def _pipelined(rows: Iterator[Any], consume: Any, chunk: int = 1000) -> None:
    """``consume(rows)`` in a second thread, on its own connection and transaction, while this
    thread reads and cleans the rows: Python work here overlaps the database's work there.

    An error on either side rolls the whole transaction back.
    """
    work: queue.Queue[Any] = queue.Queue(maxsize=8)
    failure: list[BaseException] = []

    def source() -> Iterator[Any]:
        while (item := work.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield from item

    def run() -> None:
        try:
            consume(source())
        except BaseException as exc:  # handed to the caller below
            failure.append(exc)
            while work.get() is not _END:  # drain so the producer never blocks
                pass
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="sijill-import-store")
    thread.start()
    try:
        batch: list[Any] = []
        for row in rows:
            if failure:
                break
            batch.append(row)
            if len(batch) >= chunk:
                work.put(batch)
                batch = []
        if batch and not failure:
            work.put(batch)
    except BaseException as exc:
        work.put(exc)  # the consumer raises it inside its transaction: rolled back
        raise
    finally:
        work.put(_END)
        thread.join()
    if failure:
        raise failure[0]


# --- jobs of the import page --------------------------------------------------------------------


def _progress_key(job_id: uuid.UUID) -> str:
    return f"sijill-import-progress-{job_id}"


def job_progress(job: ImportJob) -> dict[str, Any]:
    """The running phase's progress (from the cache), or the job's own counts once it is done."""
    found = django_cache.get(_progress_key(job.pk)) if job.running else None
    if found:
        return dict(found)
    return {"phase": "", "done": job.processed, "total": job.valid or job.rows or None}


def _progress_writer(job_id: uuid.UUID) -> Progress:
    last = [0.0]

    def write(phase: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_SECONDS or (total is not None and done >= total):
            last[0] = now
            percent = int(100 * done / total) if total else None
            django_cache.set(
                _progress_key(job_id), {"phase": phase, "done": done, "total": total, "percent": percent}, 3600
            )

    return write


def _in_background() -> bool:
    return bool(getattr(settings, "SIJILL_IMPORT_BACKGROUND", True))


def _launch(target: Any, job_id: uuid.UUID, language: str) -> None:
    def run() -> None:
        close_old_connections()
        try:
            with translation.override(language):
                target(job_id)
        finally:
            connections.close_all()

    if _in_background():
        threading.Thread(target=run, name=f"sijill-import-{job_id}", daemon=True).start()
    else:
        with translation.override(language):
            target(job_id)


def _actor_of(job: ImportJob) -> Actor:
    user = User.objects.select_related("unit").get(pk=job.created_by_id)
    return Actor.from_user(user, channel="web")


def do_upload_import(actor: Actor, registry: str, file_name: str, data: bytes) -> ImportJob:
    """Record an uploaded file as a job and check every row (nothing written to the registry)."""
    importer = importer_for(registry)
    check_allowed(actor, importer)
    if actor.user_id is None:
        raise ValidationFailed(_("Uploads are made by a signed-in user."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            details={"file": [_("The file is too large (at most %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}]}
        )
    if not data.strip():
        raise ValidationFailed(details={"file": [_("The file is empty.")]})
    job = ImportJob.objects.create(
        registry=registry, file_name=file_name[:255], sha256="", content=data, created_by_id=actor.user_id
    )
    _launch(_validate_job, job.pk, translation.get_language() or settings.LANGUAGE_CODE)
    job.refresh_from_db()
    return job


def _validate_job(job_id: uuid.UUID) -> None:
    job = ImportJob.objects.get(pk=job_id)
    try:
        report = validate(
            importer_for(job.registry), bytes(job.content), job.file_name, progress=_progress_writer(job_id)
        )
    except Exception as exc:  # recorded on the job, which the page shows
        logger.exception("import job %s failed", job_id)
        _fail(job, exc)
        return
    job.sha256, job.rows, job.valid, job.invalid = report.sha256, report.rows, report.valid, report.invalid
    job.report, job.rejects = report.as_dict(), report.rejects
    job.status = JobStatus.INVALID if report.refused else JobStatus.VALID
    job.processed = report.rows
    job.save()


def _fail(job: ImportJob, exc: BaseException) -> None:
    message = translate(exc) if isinstance(exc, FileError) else str(getattr(exc, "message", "") or exc)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=message[:2000], content=b"")


def get_job(actor: Actor, job_id: uuid.UUID) -> ImportJob:
    """A job of this actor's own (another user's job is not found)."""
    actor.scope("import.run")
    job = ImportJob.objects.filter(pk=job_id, created_by_id=actor.user_id).first()
    if job is None:
        raise NotFound()
    return job


def recent_jobs(actor: Actor, limit: int = 20) -> list[ImportJob]:
    actor.scope("import.run")
    return list(ImportJob.objects.filter(created_by_id=actor.user_id).defer("content", "rejects")[:limit])


def runnable(job: ImportJob, skip_invalid: bool) -> bool:
    if job.status == JobStatus.VALID:
        return True
    return job.status == JobStatus.INVALID and skip_invalid and job.valid > 0 and not job.report.get("file_error")


def do_start_import(actor: Actor, job_id: uuid.UUID, *, skip_invalid: bool = False) -> ImportJob:
    """Import a checked job's file (its valid rows with ``skip_invalid``); refused when not ready."""
    with transaction.atomic():
        job = get_job(actor, job_id)
        check_allowed(actor, importer_for(job.registry))
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not runnable(job, skip_invalid):
            raise Conflict(_("This file cannot be imported in its present state."))
        job.status, job.skip_invalid, job.processed = JobStatus.IMPORTING, skip_invalid, 0
        job.save(update_fields=["status", "skip_invalid", "processed", "updated_at"])
    _launch(_import_job, job.pk, translation.get_language() or settings.LANGUAGE_CODE)
    job.refresh_from_db()
    return job


def _import_job(job_id: uuid.UUID) -> None:
    job = ImportJob.objects.get(pk=job_id)
    try:
        report = do_import(
            _actor_of(job), job.registry, bytes(job.content), job.file_name,
            skip_invalid=job.skip_invalid, progress=_progress_writer(job_id),
        )  # fmt: skip
    except Exception as exc:  # recorded on the job, which the page shows
        logger.exception("import job %s failed", job_id)
        _fail(job, exc)
        return
    job.report, job.rejects = report.as_dict(), report.rejects
    job.rows, job.valid, job.invalid = report.rows, report.valid, report.invalid
    job.created, job.existing, job.processed = report.created, report.existing, report.valid
    job.status = JobStatus.DONE if report.imported else JobStatus.INVALID
    if report.imported:
        job.content = b""  # personal data: not kept once imported (the hash and counts stay)
    job.save()


def rejects_of(actor: Actor, job_id: uuid.UUID) -> tuple[str, bytes]:
    """The rejected rows of a job as a CSV file (name, content); the download is audited."""
    job = get_job(actor, job_id)
    content = bytes(job.rejects)
    if not content:
        raise NotFound()
    record_event(
        actor, "import.rejects_download", kind=AuditKind.READ, object_type="imports.importjob",
        object_id=str(job.pk), object_repr=job.file_name[:200], rows=job.invalid,
    )  # fmt: skip
    stem = job.file_name.rsplit(".", 1)[0] or "import"
    return f"{stem}-rejects.csv", content
