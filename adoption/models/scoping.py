"""Scoping at the queryset: ``Initiative.objects.restrict(user, action)`` and the same on every model that hangs off
an initiative (criteria, evidence, ROI entries, gate reviews, compliance reviews, risk-tier changes, audit events),
as NetBox's ``RestrictedQuerySet.restrict`` does. Callers say *who* and *what for*; which strategy answers (a
global role sees everything, otherwise the units granted and the initiatives granted one by one, each row checked
on the spot so that a page read in an index's order costs what the page shows) is the access check's business.

The rule itself lives in ``governance.access`` (``initiative_condition``), the one governance module adoption may
reach; it is imported when a queryset is restricted, not when the models load, because governance's models build
on these.
"""

from __future__ import annotations

from django.db import models

VIEW = "view_initiative"


def _access():
    from governance import access  # the access check builds on the models defined here

    return access


class RestrictedQuerySet(models.QuerySet):
    """A queryset of rows that belong to an initiative; ``initiative_path`` names the way to it."""

    initiative_path = "initiative"

    def restrict(self, user, action: str = VIEW):
        """Only the rows of initiatives where ``user`` holds ``action`` (a permission codename)."""
        return self.filter(_access().permission_filter(user=user, action=action, initiative_field=self.initiative_path))

    def restrict_to(self, user, initiative, action: str = VIEW):
        """The rows of one initiative, or none unless ``user`` holds ``action`` there: the same rule as ``restrict``
        answered from the person's permissions on that initiative (``access_facts``, read once per request inside
        ``answered_once``) instead of a condition over every initiative in their scope."""
        if action not in _access().access_facts(user=user, initiative=initiative).perms:
            return self.none()
        return self.filter(**{self.initiative_path: initiative})


def restricted(path: str) -> type[RestrictedQuerySet]:
    """A RestrictedQuerySet class whose rows reach their initiative through ``path`` (e.g. "criterion__initiative")."""
    return type(f"RestrictedBy{path.title().replace('_', '')}", (RestrictedQuerySet,), {"initiative_path": path})


class InitiativeRecord(models.Model):
    """A model whose rows belong to an initiative through its ``initiative`` field, and are restricted by it:
    ``objects.restrict(user, action)``."""

    objects = restricted("initiative").as_manager()

    class Meta:
        abstract = True
