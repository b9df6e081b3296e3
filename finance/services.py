"""Finance's decisions on claimed realised value: confirm as recorded, or adjust with a comment (append-only,
audited). The rules are in ``finance.rules``."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import RealisedValueEntry
from core.db import lock_one
from core.exceptions import InvalidInput
from finance.inputs import ValueConfirmationInput
from finance.models import ValueConfirmation
from finance.rules import confirmation_refusal, confirmed_amounts
from governance import access
from governance.actions import lock_initiative
from governance.audit import audit_record


def value_confirm(
    *,
    actor,
    entry: RealisedValueEntry,
    status: str,
    cash_saving=None,
    cost_avoidance=None,
    revenue=None,
    hours=None,
    hourly_rate=None,
    comment: str = "",
) -> ValueConfirmation:
    """Record a finance controller's decision on ``entry``: "confirmed" (the claim as recorded, its hours as money
    only where their redeployment is named, at ``hourly_rate``) or "adjusted" (the amounts given, with a comment).
    A later decision on the same entry supersedes this one; nothing is ever changed."""
    data = ValueConfirmationInput.clean_arguments(locals())
    with transaction.atomic():
        initiative = lock_initiative(entry.initiative_id, no_key=True)
        entry = lock_one(RealisedValueEntry.objects.filter(pk=entry.pk), _("Realised value not found."))
        perms = access.initiative_permissions(user=actor, initiative=initiative)
        refused = confirmation_refusal(user=actor, initiative=initiative, entry=entry, perms=perms)
        if refused is not None:
            raise refused
        amounts, errors = confirmed_amounts(entry=entry, status=data["status"], given=data)
        if errors:
            raise InvalidInput(str(ValueConfirmationInput.refused), fields=errors)
        confirmation = ValueConfirmation.objects.create(
            initiative=initiative,
            entry=entry,
            status=data["status"],
            cash_saving=amounts.cash_saving,
            cost_avoidance=amounts.cost_avoidance,
            revenue=amounts.revenue,
            hours=amounts.hours,
            hourly_rate=amounts.hourly_rate,
            reporting_confirmed_benefit=amounts.reporting(entry),
            comment=data["comment"],
            confirmed_by=actor,
            confirmed_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            verb=f"value.{data['status']}",
            target=confirmation,
            initiative=initiative,
            before={"claimed": str(entry.reporting_measured_benefit)},
            after={
                "entry": entry.pk,
                "period": [entry.period_start.isoformat(), entry.period_end.isoformat()],
                "status": confirmation.status,
                "cash_saving": str(confirmation.cash_saving),
                "cost_avoidance": str(confirmation.cost_avoidance),
                "revenue": str(confirmation.revenue),
                "hours": str(confirmation.hours),
                "hourly_rate": str(confirmation.hourly_rate),
                "hours_left_out": str(amounts.hours_left_out),
                "redeployed_to": entry.redeployed_to,
                "reporting_confirmed_benefit": str(confirmation.reporting_confirmed_benefit),
                "comment": confirmation.comment,
            },
        )
    return confirmation
