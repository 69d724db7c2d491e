"""Models of federation: local bookkeeping only, never replicated."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PeerLink(models.Model):
    """A peer this site subscribes to: its address and when the link was last seen working.

    Local to the site (the address may hold a password; PostgreSQL keeps a subscription's
    connection string readable by superusers only, so the status page reads it from here).
    ``last_seen_at`` dates a link that is down, for the alert after a threshold.
    """

    peer = models.CharField(_("peer site"), max_length=8, primary_key=True)
    dsn = models.TextField(_("connection string"))
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen connected"), null=True, blank=True)
    last_change_at = models.DateTimeField(_("last change received"), null=True, blank=True)

    class Meta:
        verbose_name = _("peer link")
        ordering = ["peer"]

    def __str__(self) -> str:
        return self.peer
