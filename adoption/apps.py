"""App configuration for the adoption app."""

from django.apps import AppConfig
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


def _restore_defaults(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from adoption.defaults import ensure_defaults

    # migrate passes its historical app registry; flush passes none, and the current models are right then.
    ensure_defaults(kwargs.get("apps") or global_apps)
