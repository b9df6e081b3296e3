"""App configuration for the regimes app: regulatory regimes and obligations as data."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegimesConfig(AppConfig):
    name = "regimes"
    verbose_name = _("Regulatory regimes")

    def ready(self) -> None:
        # A flush (tests, operators) empties the tables the data migration filled; fill them again.
        post_migrate.connect(_restore_shipped, sender=self)


def _restore_shipped(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from regimes.shipped import ensure_shipped

    ensure_shipped(kwargs.get("apps") or global_apps)
