from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarrantsConfig(AppConfig):
    name = "sijill.warrants"
    label = "warrants"
    verbose_name = _("Warrants")
