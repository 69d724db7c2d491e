"""Nationalities most often met in Libyan records (ISO 3166-1 alpha-2), for choices and display."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

COUNTRY_CHOICES = [
    ("LY", _("Libya")),
    ("EG", _("Egypt")),
    ("TN", _("Tunisia")),
    ("DZ", _("Algeria")),
    ("MA", _("Morocco")),
    ("SD", _("Sudan")),
    ("TD", _("Chad")),
    ("NE", _("Niger")),
    ("ML", _("Mali")),
    ("NG", _("Nigeria")),
    ("GH", _("Ghana")),
    ("ER", _("Eritrea")),
    ("ET", _("Ethiopia")),
    ("SO", _("Somalia")),
    ("SY", _("Syria")),
    ("PS", _("Palestine")),
    ("IQ", _("Iraq")),
    ("JO", _("Jordan")),
    ("TR", _("Turkey")),
    ("BD", _("Bangladesh")),
    ("PK", _("Pakistan")),
    ("XX", _("Unknown / stateless")),
]
