from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sijill.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sijill.audit import services

        post_migrate.connect(services.after_migrate, sender=self, dispatch_uid="sijill-audit-after-migrate")
