"""Who may confirm a claimed realised value, and what it confirms as money: the one home of finance's rules.

``confirmation_refusal`` says why a person may not decide on a claim (a finance controller for the initiative —
globally or in its business unit — who neither owns the initiative nor recorded the claim). ``confirmed_amounts``
says what a decision confirms: hours saved become money only where the claim names where the saved time went
(``RealisedValueEntry.redeployed_to``) and at finance's own hourly rate, so "hours saved" never silently becomes
money.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from adoption import roi
from adoption.choices import Status
from adoption.models import Initiative, RealisedValueEntry
from core.exceptions import DomainError, Forbidden, NotFound, Refused
from finance.models import ConfirmationStatus
from governance.permissions import VIEW

CONFIRM = "confirm_value"
ZERO = Decimal("0")
# What ValueConfirmation.reporting_confirmed_benefit holds (18 digits, 2 after the point).
REPORTING_LIMIT = Decimal(10) ** 16


def confirmation_refusal(
    *, user, initiative: Initiative, entry: RealisedValueEntry, perms: set[str]
) -> DomainError | None:
    """Why ``user`` may not confirm or adjust ``entry`` (None: they may). ``perms``: their initiative permissions."""
    if VIEW not in perms:
        return NotFound(_("Initiative %(key)s was not found.") % {"key": initiative.key})
    if CONFIRM not in perms:
        return Forbidden(
            _("Only a finance controller for %(key)s confirms its realised value.") % {"key": initiative.key}
        )
    if user.pk == initiative.owner_id:
        return Forbidden(
            _("You own %(key)s, so someone else in finance confirms its value (four eyes).") % {"key": initiative.key}
        )
    if user.pk == entry.recorded_by_id:
        return Forbidden(_("You recorded this claim, so someone else in finance confirms it (four eyes)."))
    if initiative.status == Status.VOIDED:
        return Refused(_("The value was not confirmed."), reasons=[_("%(key)s was voided.") % {"key": initiative.key}])
    return None


@dataclass(frozen=True)
class Amounts:
    cash_saving: Decimal
    cost_avoidance: Decimal
    revenue: Decimal
    hours: Decimal
    hourly_rate: Decimal
    # Hours the claim had that are not confirmed as money (no redeployment named, or finance left them out).
    hours_left_out: Decimal

    @property
    def benefit(self) -> Decimal:
        return roi.money(self.cash_saving + self.cost_avoidance + self.revenue + self.hours * self.hourly_rate)

    def reporting(self, entry: RealisedValueEntry) -> Decimal:
        return roi.to_reporting(self.benefit, entry.rate_to_reporting)


def confirmed_amounts(*, entry: RealisedValueEntry, status: str, given: dict) -> tuple[Amounts | None, dict]:
    """What a decision confirms, or the field errors: "confirmed" takes the claim's money as recorded and its
    hours only where their redeployment is named (at ``hourly_rate``, finance's, which is then required);
    "adjusted" takes the amounts finance gives."""
    errors: dict[str, list[str]] = {}
    rate = given.get("hourly_rate") or ZERO
    redeployed = bool(entry.redeployed_to.strip())
    if status == ConfirmationStatus.CONFIRMED:
        money = (entry.benefit_cash_saving, entry.benefit_cost_avoidance, entry.benefit_revenue)
        hours = entry.productivity_hours if redeployed else ZERO
    else:
        money = tuple(given.get(name) or ZERO for name in ("cash_saving", "cost_avoidance", "revenue"))
        hours = given.get("hours") or ZERO
        if hours > 0 and not redeployed:
            errors["hours"] = [
                _(
                    "Hours count as money only where the owner names where the saved time went; this claim does "
                    "not, so confirm 0 hours."
                )
            ]
    if hours > 0 and rate <= 0:
        errors["hourly_rate"] = [
            _("Give finance's value of an hour: %(hours)s hours count as money.") % {"hours": hours}
        ]
    if errors:
        return None, errors
    amounts = Amounts(*money, hours, rate if hours > 0 else ZERO, max(entry.productivity_hours - hours, ZERO))
    if amounts.reporting(entry) >= REPORTING_LIMIT:
        return None, {"__all__": [_("These amounts are too large to add up; check the figures.")]}
    return amounts, {}
