from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "sijill.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sijill.organisation import reference

        post_migrate.connect(reference.after_migrate, sender=self, dispatch_uid="sijill-organisation-reference")
