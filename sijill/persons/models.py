"""Persons and the index that finds them by name as names are really written."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping


class Sex(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


class Person(FederatedModel):
    """A person known to the security agencies, with the full Arabic name chain."""

    first_name = models.CharField(_("first name"), max_length=80)
    father_name = models.CharField(_("father's name"), max_length=80, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=80, blank=True)
    family_name = models.CharField(_("family name"), max_length=80, blank=True)
    mother_name = models.CharField(_("mother's full name"), max_length=200, blank=True)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=120, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, default="LY")
    national_number = models.CharField(_("national number"), max_length=12, blank=True)
    # Residents without a national number get an administrative number from the civil registry.
    administrative_number = models.CharField(_("administrative number"), max_length=30, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    passport_country = models.CharField(_("passport country"), max_length=2, blank=True)
    # The normalised full chain: the exact-match baseline and a cheap display sort key.
    name_normalized = models.CharField(max_length=400, editable=False)

    scoping: ClassVar[Scoping] = Scoping()

    class Meta:
        ordering = ["name_normalized"]
        verbose_name = _("person")
        # Plain B-trees (db_index=True would add a second, LIKE-pattern index on PostgreSQL).
        indexes = [
            models.Index(fields=["national_number"], name="person_national_number"),
            models.Index(fields=["name_normalized"], name="person_name_normalized"),
            models.Index(fields=["passport_number"], name="person_passport_number"),
        ]
        # Unique per origin site, not globally: two sites may register the same person before their
        # rows meet, and a global constraint would stall replication. The service refuses a
        # duplicate it can already see at any site.
        constraints = [
            models.UniqueConstraint(
                fields=["origin_site", "national_number"],
                condition=~models.Q(national_number=""),
                name="person_national_number_per_site",
            ),
            models.UniqueConstraint(
                fields=["origin_site", "administrative_number"],
                condition=~models.Q(administrative_number=""),
                name="person_admin_number_per_site",
            ),
            models.UniqueConstraint(
                fields=["origin_site", "passport_country", "passport_number"],
                condition=~models.Q(passport_number=""),
                name="person_passport_per_site",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.father_name, self.grandfather_name, self.family_name) if p)


class PersonAlias(FederatedModel):
    """Another name a person is known by (a nickname, a false name, an older spelling).

    Its name keys are indexed under the person, so a search by the alias finds the person. Any
    site may record an alias of any person: the alias is the recording site's own row.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="aliases")
    first_name = models.CharField(_("first name"), max_length=80)
    father_name = models.CharField(_("father's name"), max_length=80, blank=True)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=80, blank=True)
    family_name = models.CharField(_("family name"), max_length=80, blank=True)
    latin_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scoping: ClassVar[Scoping] = Scoping()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.father_name, self.grandfather_name, self.family_name) if p)


class PersonNameKey(models.Model):
    """One retrieval key of a person's name (see sijill.names.index_keys).

    Written in the same transaction as the person, by the person's own site, and replicated with
    it, so that every site can search every site's persons without re-indexing. An index entry,
    not a record: its natural key (key, person) is globally unique because the person's id is a
    random UUID, and that primary key is also the look-up index. ``origin_site`` is the person's.
    """

    pk = models.CompositePrimaryKey("key", "person")
    key = models.CharField(max_length=64)
    # No database constraint and no index of its own: the service writes and replaces keys with
    # their person in one transaction, always by (key, person), the primary key. A per-row foreign
    # key check and a second index would halve bulk indexing speed. Persons are corrected, never
    # deleted, so nothing cascades.
    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, related_name="name_keys", db_constraint=False, db_index=False
    )
    origin_site = models.CharField(max_length=8, editable=False)

    federated = True  # replicated with its person (sijill.core.federation.federated_models)

    def __str__(self) -> str:
        return self.key
