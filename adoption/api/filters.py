"""Query filters of the initiative list: unit (with sub-units), phase, status, risk tier, owner, overdue, search."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Phase, RiskTier, Status
from adoption.models import BusinessUnit, Initiative
from adoption.models.clock import overdue_condition
from adoption.selectors.people import people_named

User = get_user_model()


class StrictBooleanField(forms.Field):
    """A query-string boolean: "true" or "false" only (Django's NullBooleanField reads anything else as unset)."""

    def to_python(self, value):
        if value is None:
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError(_("Use true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class InitiativeFilter(django_filters.FilterSet):
    business_unit = django_filters.CharFilter(
        method="filter_business_unit", max_length=40, help_text="Business unit code; its sub-units are included."
    )
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    status = django_filters.ChoiceFilter(choices=Status.choices)
    risk_tier = django_filters.ChoiceFilter(choices=RiskTier.choices)
    owner = django_filters.CharFilter(
        method="filter_owner",
        max_length=150,
        help_text='The owner\'s login name or full name, or words of their name ("Olivia").',
    )
    sponsor = django_filters.CharFilter(
        method="filter_sponsor",
        max_length=150,
        help_text="The sponsor's login name or full name, or words of their name.",
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue", help_text="true: active and past the planned phase end; false: the others."
    )
    tag = django_filters.CharFilter(method="filter_tag", max_length=40, help_text="A programme or cohort tag's code.")
    search = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Words in the title or the key (case-insensitive)."
    )

    class Meta:
        model = Initiative
        fields: list[str] = []

    def filter_business_unit(self, queryset, name, value):
        # One query: the unit's path as a sub-select, matched as a prefix of the initiative's unit path.
        path = Subquery(BusinessUnit.objects.filter(code=value).values("path")[:1])
        return queryset.filter(business_unit__path__startswith=path)

    def filter_owner(self, queryset, name, value):
        # The list is already what the user may see: narrowing it to people by name reveals nobody else.
        return queryset.filter(owner__in=people_named(User.objects.all(), value).values("pk"))

    def filter_sponsor(self, queryset, name, value):
        return queryset.filter(sponsor__in=people_named(User.objects.all(), value).values("pk"))

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = overdue_condition(timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_search(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:10]:
            condition &= Q(title__icontains=word) | Q(key__icontains=word)
        return queryset.filter(condition)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__code=value)
