"""The operations app's codes: filing kinds and statuses, change kinds, incident severities and statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FilingKind(models.TextChoices):
    ALGORITHM_FILING = "algorithm_filing", _("Algorithm filing")
    MODEL_FILING = "model_filing", _("Large-model filing")
    REGISTRATION = "registration", _("Registration")
    SECURITY_ASSESSMENT = "security_assessment", _("Security assessment")
    NOTIFICATION = "notification", _("Notification to the authority")
    OTHER = "other", pgettext_lazy("filing kind", "Other")


class FilingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("filing status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("filing status", "Submitted")
    APPROVED = "approved", pgettext_lazy("filing status", "Approved")
    REJECTED = "rejected", pgettext_lazy("filing status", "Rejected")
    REFILE_NEEDED = "refile_needed", pgettext_lazy("filing status", "Refile needed")
    WAIVED = "waived", pgettext_lazy("filing status", "Waived")


# A filing in one of these no longer blocks its gate.
FILING_SETTLED = (FilingStatus.APPROVED, FilingStatus.WAIVED)


class ChangeKind(models.TextChoices):
    MODEL = "model", _("Model")
    MODEL_VERSION = "model_version", _("Model version")
    VENDOR = "vendor", _("Vendor")
    SYSTEM_PROMPT = "system_prompt", _("System prompt or instructions")
    PRICE = "price", _("Price")
    DATA_SOURCES = "data_sources", _("Data sources")
    PURPOSE = "purpose", _("Purpose")
    AUDIENCE = "audience", _("Audience")


class ChangeStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("change request status", "Awaiting sign-off")
    APPROVED = "approved", pgettext_lazy("change request status", "Approved")
    REJECTED = "rejected", pgettext_lazy("change request status", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("change request status", "Withdrawn")


class Severity(models.TextChoices):
    MINOR = "minor", pgettext_lazy("incident severity", "Minor")
    MAJOR = "major", pgettext_lazy("incident severity", "Major")
    CRITICAL = "critical", pgettext_lazy("incident severity", "Critical")


class IncidentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident status", "Open")
    CONTAINED = "contained", pgettext_lazy("incident status", "Contained")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")
