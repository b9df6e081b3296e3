"""What the board and the funnel show of life after production: filings still to make and open incidents, counted
over the initiatives the viewer may see (two queries, whatever the portfolio's size)."""

from __future__ import annotations

from dataclasses import dataclass

from adoption.choices import Status
from operations.choices import FilingStatus, IncidentStatus
from operations.models import Filing, Incident

# A filing not yet made (or to be made again): the filings "due".
FILINGS_TO_MAKE = (FilingStatus.DRAFT, FilingStatus.REJECTED, FilingStatus.REFILE_NEEDED)


@dataclass(frozen=True)
class OperationsCounts:
    filings_due: int
    open_incidents: int


def operations_counts(*, user, business_unit=None) -> OperationsCounts:
    """Filings due and open incidents of the initiatives ``user`` sees (in ``business_unit`` and its sub-units when
    given); voided, stopped and retired initiatives left out."""
    live = {"initiative__status__in": [Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD]}
    if business_unit is not None:
        live["initiative__business_unit__path__startswith"] = business_unit.path
    return OperationsCounts(
        filings_due=Filing.objects.restrict(user).filter(status__in=FILINGS_TO_MAKE, **live).count(),
        open_incidents=Incident.objects.restrict(user).exclude(status=IncidentStatus.CLOSED).filter(**live).count(),
    )
