"""Reads of programme and cohort tags."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from adoption.models import Tag


def tags_with_counts() -> QuerySet[Tag]:
    """Every tag, programmes first, with ``n``: how many initiatives carry it (one query). Tags name no initiative
    by themselves, so anyone signed in may read them."""
    return Tag.objects.annotate(n=Count("initiatives")).order_by("-kind", "code")
