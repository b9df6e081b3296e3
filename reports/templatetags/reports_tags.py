"""Template filters of the reports app."""

from django import template

from reports.evidence_pack import EXPORT_PERMISSIONS

register = template.Library()


@register.filter
def may_export_evidence(perms) -> bool:
    """Whether a person with these initiative permissions may export its evidence pack (``exportable()``'s rule)."""
    return bool(set(perms or ()) & EXPORT_PERMISSIONS)
