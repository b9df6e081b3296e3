"""Building blocks the models of both apps share: the people a row names, and tables that only grow."""

import pgtrigger
from django.conf import settings
from django.db import models


def person_field(*, optional: bool = False, related_name: str = "+") -> models.ForeignKey:
    """A person a row names: who recorded, requested, decided or granted it, or is assigned to it. A person a row
    names is never deleted (PROTECT); ``optional`` while there is nobody yet."""
    if optional:
        return models.ForeignKey(
            settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name=related_name
        )
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name=related_name)


def append_only(name: str) -> pgtrigger.Protect:
    """A trigger by which PostgreSQL refuses UPDATE and DELETE: the table's rows are never changed once written."""
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)
