"""The authentication backend that answers ``user.has_perm("adoption.<codename>", initiative)`` from role
assignments, for DRF and templates (services call ``governance.access`` directly)."""

from adoption.models import Initiative
from governance import access


class ScopedRoleBackend:
    """Answers ``user.has_perm("adoption.<codename>", initiative)`` from role assignments (for DRF and templates)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or not isinstance(obj, Initiative) or not user_obj.is_active:
            return False
        app_label, _, codename = perm.partition(".")
        if app_label != "adoption":
            return False
        return codename in access.initiative_permissions(user=user_obj, initiative=obj)

    def get_all_permissions(self, user_obj, obj=None):
        if obj is None or not isinstance(obj, Initiative) or not user_obj.is_active:
            return set()
        return {f"adoption.{codename}" for codename in access.initiative_permissions(user=user_obj, initiative=obj)}
