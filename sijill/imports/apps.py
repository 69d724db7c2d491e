from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "sijill.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from sijill.imports.tasks import on_task_finished

        task_finished.connect(on_task_finished, dispatch_uid="sijill-imports-task-finished")
