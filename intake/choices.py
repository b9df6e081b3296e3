"""The codes intake stores."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "Waiting for triage")
    ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted into exploration")
    MERGED = "merged", pgettext_lazy("proposal status", "Merged")
    DECLINED = "declined", pgettext_lazy("proposal status", "Declined")


class Audience(models.TextChoices):
    """Who the idea serves: the same codes as the common applicability question ``audience``."""

    STAFF = "staff", _("Internal staff only")
    CUSTOMERS = "customers", _("The company's customers")
    PUBLIC = "public", _("The general public")
