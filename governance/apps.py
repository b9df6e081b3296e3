"""App configuration for the governance app."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # A flush (tests, operators) empties the reminder policy the data migration filled; fill it again.
        post_migrate.connect(_restore_defaults, sender=self)


def _restore_defaults(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from governance.defaults import ensure_defaults

    # migrate passes its historical app registry; flush passes none, and the current models are right then.
    ensure_defaults(kwargs.get("apps") or global_apps)
