"""Admin of portfolio analytics: read-only lists (the CoE changes rules and scenarios through the pages or the API,
which authorise and audit)."""

from django.contrib import admin

from analytics.models import KillRule, VendorScenario
from core.admin import ListAdmin, ReadOnlyMixin


@admin.register(KillRule)
class KillRuleAdmin(ReadOnlyMixin, ListAdmin):
    list_display = ("kind", "parameter", "enabled", "updated_at")


@admin.register(VendorScenario)
class VendorScenarioAdmin(ReadOnlyMixin, ListAdmin):
    list_display = ("name", "kind", "target_type", "target", "percent", "created_by", "created_at")
