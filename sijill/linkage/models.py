"""The statewide register: linkage runs, scored pairs, and judgements that link person records.

No member record is ever edited or deleted by linkage. A statewide person is a cluster of person
records joined by *yes* judgements (a site's reviewer, or a run's automatic link), never across a
*no*; judgements are federated rows owned by the site that made them (see ``resolver.py``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping


class Scope(models.TextChoices):
    SITE = "site", _("Within this site")
    CROSS_SITE = "cross-site", _("Across sites")
    BATCH = "batch", _("New batch against everything")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class LinkageRun(FederatedModel):
    """One run of the linkage model, with its figures (the run history)."""

    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    batch_since = models.DateTimeField(_("batch of records created since"), null=True, blank=True)
    backend = models.CharField(_("backend"), max_length=10, default="duckdb")
    trained = models.BooleanField(_("trained by EM on this run's data"), default=False)
    upper = models.FloatField(_("automatic link threshold"))
    lower = models.FloatField(_("review threshold"))
    records = models.PositiveIntegerField(_("records"), default=0)
    pairs_scored = models.PositiveIntegerField(_("pairs at or above the review threshold"), default=0)
    auto_linked = models.PositiveIntegerField(_("linked automatically"), default=0)
    to_review = models.PositiveIntegerField(_("sent to review"), default=0)
    held_apart = models.PositiveIntegerField(_("kept apart by a no"), default=0)
    clusters = models.PositiveIntegerField(_("statewide persons of two or more records"), default=0)
    seconds = models.FloatField(_("duration (seconds)"), default=0)
    timings = models.JSONField(_("timings"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    scoping: ClassVar[Scoping] = Scoping()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("linkage run")

    def __str__(self) -> str:
        return f"{self.get_scope_display()} — {self.started_at:%Y-%m-%d %H:%M}"


class Outcome(models.TextChoices):
    LINK = "link", _("Linked automatically")
    REVIEW = "review", _("Sent to review")


class CandidatePair(FederatedModel):
    """A pair of person records scored by a run at or above the review threshold, with its evidence.

    ``left`` < ``right`` (by id). The same pair found again by a later run of the same site is
    updated in place (its latest score); another site's run records its own row.
    """

    run = models.ForeignKey(LinkageRun, verbose_name=_("run"), on_delete=models.PROTECT, related_name="pairs")
    # No database constraint: a person of another site may not have arrived yet (replication).
    left = models.ForeignKey(
        "persons.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("record")
    )
    right = models.ForeignKey(
        "persons.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("record")
    )
    probability = models.FloatField(_("match probability"))
    weight = models.FloatField(_("match weight"))
    evidence = models.JSONField(_("evidence"), default=list)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    scoping: ClassVar[Scoping] = Scoping()

    class Meta:
        ordering = ["-probability"]
        verbose_name = _("candidate pair")
        constraints = [
            models.UniqueConstraint(fields=["origin_site", "left", "right"], name="candidate_pair_per_site"),
        ]
        indexes = [models.Index(fields=["outcome", "probability"], name="candidate_outcome_probability")]

    def __str__(self) -> str:
        return f"{self.left_id} ~ {self.right_id} ({self.probability:.3f})"

    @property
    def percent(self) -> float:
        """The match probability in per cent, for people (0.9997 reads as 99.97 %)."""
        return round(self.probability * 100, 2)


class Verdict(models.TextChoices):
    YES = "yes", _("Same person")
    NO = "no", _("Different persons")
    UNSURE = "unsure", _("Unsure")
    WITHDRAWN = "withdrawn", _("Judgement withdrawn")


class Source(models.TextChoices):
    HUMAN = "human", _("Reviewer")
    AUTO = "auto", _("Automatic link")


class LinkDecision(FederatedModel):
    """A site's judgement on a pair of person records. Never edited: a new judgement replaces it.

    The current judgement of a site on a pair is its latest row; ``withdrawn`` removes it. Every
    site's current judgements together make the statewide persons (``resolver.resolve``).
    """

    left = models.ForeignKey(
        "persons.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("record")
    )
    right = models.ForeignKey(
        "persons.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("record")
    )
    verdict = models.CharField(_("judgement"), max_length=10, choices=Verdict.choices)
    source = models.CharField(_("made by"), max_length=6, choices=Source.choices, default=Source.HUMAN)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    probability = models.FloatField(_("match probability"), null=True, blank=True)
    run = models.ForeignKey(
        LinkageRun, verbose_name=_("run"), null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)

    scoping: ClassVar[Scoping] = Scoping()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("linkage judgement")
        indexes = [
            models.Index(fields=["left", "right"], name="decision_pair"),
            models.Index(fields=["right"], name="decision_right"),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.left_id} ~ {self.right_id}"


class ClusterMember(models.Model):
    """This site's materialised view of the statewide persons (never replicated: each site derives
    the same clusters from the replicated judgements; see ``services.clusters``)."""

    person_id = models.UUIDField(primary_key=True)
    cluster = models.UUIDField(db_index=True)

    def __str__(self) -> str:
        return f"{self.person_id} ∈ {self.cluster}"


class ClusterState(models.Model):
    """Which judgements the materialised clusters were computed from, and the conflicts found."""

    singleton = models.PositiveSmallIntegerField(primary_key=True, default=1)
    fingerprint = models.CharField(max_length=200, default="")
    conflicts = models.JSONField(default=list)
    computed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.fingerprint
