"""Admin bases every app's admin builds on: lists that stay fast on large tables, and read-only records."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist


class ListAdmin(admin.ModelAdmin):
    """A ModelAdmin whose list pages stay fast at scale."""

    # Counting every row of a large table on each page load is what makes admin lists slow at scale.
    show_full_result_count = False

    def get_list_select_related(self, request):
        """The related records the list shows, joined in its one query (an admin may still name them itself)."""
        if self.list_select_related is not False:
            return self.list_select_related
        related = []
        for name in self.list_display:
            try:
                field = self.model._meta.get_field(name)
            except (FieldDoesNotExist, TypeError):
                continue
            if field.many_to_one:
                related.append(name)
        return related


class ReadOnlyMixin:
    """Shows records without letting anyone add, change or delete them: every change goes through a service,
    which authorises the actor and writes the audit event (the admin would do neither)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ListAdmin):
    pass
