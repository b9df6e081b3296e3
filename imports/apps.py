"""App configuration for imports: the portfolio as it already is, from CSV and XLSX files."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")
    default_auto_field = "django.db.models.BigAutoField"
