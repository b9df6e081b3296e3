"""App configuration for portfolio analytics: the kill list, vendor concentration and shocks, the failure-mode
radar."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = _("Portfolio analytics")

    def ready(self) -> None:
        # A flush (tests, operators) empties the kill rules the data migration filled; fill them again.
        post_migrate.connect(_restore_defaults, sender=self)


def _restore_defaults(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from analytics.defaults import ensure_kill_rules

    ensure_kill_rules(kwargs.get("apps") or global_apps)
