"""Template filters of the regimes pages: catalogue texts in the reader's language, roles and phases named."""

from django import template

from adoption import display
from adoption.choices import Phase, Role
from regimes.choices import TIER_LABELS
from regimes.models import RegimeClassification
from regimes.texts import words as _words

register = template.Library()


@register.filter
def words(text) -> str:
    """A catalogue text (``{"en", "zh-hant", "zh-hans"}``) in the reader's language."""
    return _words(text)


@register.filter
def role_label(code: str) -> str:
    return display.choice_label(Role, code) if code in Role.values else code


@register.filter
def phase_label(code: str) -> str:
    return display.choice_label(Phase, code) if code in Phase.values else code


@register.filter
def tier_label(code: str) -> str:
    return str(TIER_LABELS.get(code, code or "—"))


@register.simple_tag
def regime_classes(initiative) -> list:
    """The initiative's current classifications (one query; none when the page read that it has none), for the
    initiative page's small panel."""
    if getattr(initiative, "has_classifications", True) is False:
        return []
    rows = list(
        RegimeClassification.objects.filter(initiative=initiative, is_current=True)
        .select_related("regime_version")
        .order_by("regime__order", "regime__code")
    )
    for row in rows:
        content = row.regime_version.content
        row.regime_name = content.get("name") or {}
        row.class_name = next(
            (k.get("name") for k in content.get("classes") or [] if k.get("code") == row.class_code), {}
        )
    return rows
