from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteIdentity(models.Model):
    """Which site this database belongs to. Local to each site; never replicated.

    The PostgreSQL ownership trigger reads it, so the rule holds for raw SQL too.
    """

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    code = models.CharField(_("site code"), max_length=8)

    class Meta:
        verbose_name = _("site identity")

    def __str__(self) -> str:
        return self.code
