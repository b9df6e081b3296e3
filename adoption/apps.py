"""App configuration for the adoption app."""

from django.apps import AppConfig
from django.core import checks
from django.db.models import fields
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AdoptionConfig(AppConfig):
    name = "adoption"
    verbose_name = _("Adoption")

    def ready(self) -> None:
        # The empty choice of a select built from a model field's choices: Django's own words ship without a
        # translation, so the app names it in its catalogues.
        fields.BLANK_CHOICE_LABEL = pgettext_lazy("the empty choice of a select", "- Select an option -")
        # A flush (tests, operators) empties the tables the data migrations filled; fill them again.
        post_migrate.connect(_restore_defaults, sender=self)
        checks.register(_reporting_currency, checks.Tags.compatibility)


def _reporting_currency(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """REPORTING_CURRENCY is an ISO 4217 code CLDR knows (EUR, TWD, CNY, USD...): every roll-up is written in it."""
    from babel import numbers
    from django.conf import settings

    code = settings.REPORTING_CURRENCY
    if isinstance(code, str) and len(code) == 3 and code.isupper() and numbers.is_currency(code):
        return []
    return [
        checks.Error(
            f"REPORTING_CURRENCY={code!r} is not an ISO 4217 currency code.",
            hint="Use a three-letter upper-case code such as EUR, TWD or CNY.",
            id="adoption.E001",
        )
    ]


def _restore_defaults(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from adoption.defaults import ensure_defaults

    # migrate passes its historical app registry; flush passes none, and the current models are right then.
    ensure_defaults(kwargs.get("apps") or global_apps)
