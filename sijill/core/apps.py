from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sijill.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sijill.core import federation

        post_migrate.connect(federation.after_migrate, dispatch_uid="sijill-core-after-migrate")
