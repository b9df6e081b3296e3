"""App configuration for the governance app."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # A flush (tests, operators) empties the reminder policy the data migration filled; fill it again.
        post_migrate.connect(_restore_defaults, sender=self)
        from django.contrib.auth.signals import user_logged_in

        from governance.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="idle-clock-start")
        # A changed password or a deactivated account revokes the person's API tokens, whoever made the change.
        from django.contrib.auth import get_user_model

        from governance.services import tokens

        user_model = get_user_model()
        pre_save.connect(tokens.password_or_activity_changing, sender=user_model, dispatch_uid="tokens-revoke-pre")
        post_save.connect(tokens.password_or_activity_changed, sender=user_model, dispatch_uid="tokens-revoke-post")
        # The roles a person holds are cached for the navigation and GET /users/me/: a grant or revocation, whoever
        # makes it, forgets them.
        from governance import locale, person_facts
        from governance.models import RoleAssignment, UserPreference

        for signal in (post_save, post_delete):
            signal.connect(person_facts.role_assignment_changed, sender=RoleAssignment, dispatch_uid="person-roles")
            signal.connect(locale.preference_saved, sender=UserPreference, dispatch_uid="person-locale")


def _restore_defaults(sender, **kwargs) -> None:
    from django.apps import apps as global_apps

    from governance.defaults import ensure_defaults

    # migrate passes its historical app registry; flush passes none, and the current models are right then.
    ensure_defaults(kwargs.get("apps") or global_apps)
