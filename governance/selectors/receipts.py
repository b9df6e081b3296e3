"""Reads of decision receipts, and the deployment check a pipeline asks before it ships a model."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.choices import Status
from adoption.models import Initiative
from adoption.selectors.initiatives import initiative_get
from governance import receipts
from governance.models import DecisionReceipt
from governance.services.receipts import PRODUCTION


def receipts_of(*, user, initiative: Initiative) -> QuerySet[DecisionReceipt]:
    """The receipts of an initiative the user sees, newest first."""
    return DecisionReceipt.objects.filter(initiative=initiative).order_by("-issued_at", "-pk")


@dataclass
class DeploymentCheck:
    allowed: bool
    reasons: list[str] = field(default_factory=list)
    receipt: DecisionReceipt | None = None


def deployment_check(*, user, key: str, model: str) -> DeploymentCheck:
    """May ``model`` be deployed for initiative ``key``? Only with a receipt of its approved production gate that
    names the model and verifies with the published key, while the initiative is in production."""
    initiative = initiative_get(user=user, key=key)
    reasons = []
    if initiative.status != Status.IN_PRODUCTION:
        reasons.append(
            _("%(key)s is %(status)s, not in production.")
            % {"key": initiative.key, "status": initiative.get_status_display().lower()}
        )
    receipt = receipts_of(user=user, initiative=initiative).filter(to_phase=PRODUCTION).first()
    if receipt is None:
        reasons.append(_("%(key)s has no approved production gate, so no receipt.") % {"key": initiative.key})
        return DeploymentCheck(False, reasons)
    try:
        payload = receipts.verify(receipt.document, receipts.published_keys())
    except ValueError:
        reasons.append(_("Its receipt does not verify with the published key."))
        return DeploymentCheck(False, reasons, receipt)
    wanted = model.strip().lower()
    if wanted not in payload["models"]:
        approved = ", ".join(payload["models"]) or _("none named")
        reasons.append(
            _("The production gate of %(key)s approved other models (%(models)s), not %(model)s.")
            % {"key": initiative.key, "models": approved, "model": model}
        )
    return DeploymentCheck(not reasons, reasons, receipt)
