"""One portfolio for the query-count tests, grown in place from the small size to the large one.

Built from the existing helpers: the page tests' cast and ``grow`` (an open gate review, a compliance review and a
notification per initiative), the API budgets' risk-tier change, the compliance tests' ``fill`` (findings, action
items with owners, files on one review). On top: each initiative tagged, proposed through intake and with a
realised value claim finance confirmed; for the CoE a
webhook endpoint (a delivery per review requested), a saved
view and a vendor scenario; a delegation from the unit's compliance officer; an initiative whose open review froze
an evidence file; a board pack; an import batch.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from adoption.choices import Role
from adoption.models import GateCriterion, Initiative
from adoption.services.evidence import evidence_add
from adoption.services.roi import realised_value_record
from adoption.services.saved_views import saved_view_create
from adoption.services.tags import initiative_tag, tag_create
from analytics.services import vendor_scenario_create
from finance.services import value_confirm
from governance.models import ComplianceReview, GateReview, WebhookEndpoint
from governance.services.compliance import risk_tier_propose
from governance.services.delegations import delegation_create
from governance.services.reviews import gate_review_request
from governance.services.webhooks import webhooks_from_events
from imports.services import import_run
from intake.services import proposal_submit
from operations.services.changes import change_request_create
from operations.services.filings import filings_sync
from operations.services.incidents import incident_record
from regimes.models import Regime, RegimeVersion
from tests.factories import BusinessUnitFactory, UserFactory, grant, make_initiative, satisfy_gate
from tests.governance.compliance.test_query_counts import fill
from tests.governance.views.support import grow, make_cast
from tests.operations.conftest import TEST_REGIME, answer, to_production
from tests.reports.test_query_budgets import add_packs

IMPORTED = (
    b"external_id,title,business_unit,owner,sponsor,phase\n"
    b"QC-1,Imported,retail,owner,sponsor,\n"
    b"QC-2,Imported too,cards,owner,,\n"
)

# Initiatives in the portfolio, and children on the first initiative's compliance review, at each size.
SIZES = {"small": (2, 2), "large": (8, 6)}


@dataclass
class Portfolio:
    cast: dict
    units: dict
    initiatives: list = field(default_factory=list)
    proposals: list = field(default_factory=list)
    extras: dict = field(default_factory=dict)

    @property
    def first(self) -> Initiative:
        return self.initiatives[0]

    @property
    def review(self) -> GateReview:
        return self.first.gate_reviews.order_by("pk").first()

    @property
    def compliance_review(self) -> ComplianceReview:
        return ComplianceReview.objects.filter(initiative=self.first).order_by("pk").first()

    @property
    def criterion(self) -> GateCriterion:
        return GateCriterion.objects.filter(initiative=self.first, phase=self.first.phase).order_by("pk").first()


def start() -> Portfolio:
    """The organisation and its people, before any initiative."""
    coe = UserFactory(username="coe")
    grant(coe, Role.COE_ADMIN)
    retail = BusinessUnitFactory(code="retail", name="Retail Banking")
    units = {
        "retail": retail,
        "cards": BusinessUnitFactory(code="cards", name="Cards", parent=retail),
        "insurance": BusinessUnitFactory(code="insurance", name="Insurance"),
    }
    owner, sponsor = UserFactory(username="owner"), UserFactory(username="sponsor")
    cast = make_cast(coe=coe, units=units, owner=owner, sponsor=sponsor)
    portfolio = Portfolio(cast=cast, units=units)
    portfolio.extras["tag"] = tag_create(actor=coe, code="programme-a", name="Programme A")
    portfolio.extras["saved_view"] = saved_view_create(actor=coe, name="Retail", filters={"risk_tier": "limited"})
    # Set-up only: the address checks of webhook_endpoint_create resolve names, which a test cannot rely on.
    portfolio.extras["webhook"] = WebhookEndpoint.objects.create(
        name="Feed",
        url="https://hooks.example.test/in",
        format="standard",
        events=["gate_review.requested"],
        secret="whsec_test",
        created_by=coe,
    )
    portfolio.extras["controller"] = UserFactory(username="controller")
    grant(portfolio.extras["controller"], Role.FINANCE_CONTROLLER, business_unit=retail, by=coe)
    portfolio.extras["scenario"] = vendor_scenario_create(
        actor=coe, name="Aurora +35%", kind="price_change", target_type="vendor", target="Aurora AI", percent=35
    )
    today = timezone.localdate()
    portfolio.extras["delegation"] = delegation_create(
        actor=cast["officer"],
        assignment=cast["officer"].role_assignments.get(revoked_at__isnull=True).pk,
        delegate=cast["security"].username,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=13),
        reason="Annual leave",
    )
    # An initiative in production under the operations tests' regime, with its filings and a change request.
    regime = Regime.objects.create(code="ops_test", enabled=True)
    RegimeVersion.objects.create(regime=regime, version=1, content=TEST_REGIME, status="published")
    live = to_production(
        make_initiative(coe=coe, business_unit=retail, owner=owner, sponsor=sponsor, title="In production")
    )
    answer(live, owner)
    filings_sync(initiative=live, actor=None)
    change_request_create(actor=owner, initiative=live, kinds=["model"], description="Newer.")
    portfolio.extras["live"] = live
    portfolio.extras["regime"] = Regime.objects.order_by("pk").values_list("code", flat=True).first()
    # An evidence file on a criterion, frozen by the review requested after it.
    evidenced = make_initiative(coe=coe, business_unit=retail, owner=owner, sponsor=sponsor, title="Evidenced")
    criterion = GateCriterion.objects.filter(initiative=evidenced, phase=evidenced.phase).order_by("pk").first()
    portfolio.extras["evidence"] = evidence_add(
        actor=owner, criterion=criterion, kind="file", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="spike.pdf")
    )
    satisfy_gate(evidenced)
    portfolio.extras["evidenced_review"] = gate_review_request(actor=owner, initiative=evidenced)
    packs: list = []
    add_packs(1, packs)
    portfolio.extras["pack"] = packs[0]
    portfolio.extras["import"] = import_run(actor=coe, file_name="two.csv", content=IMPORTED, dry_run=False).batch.pk
    return portfolio


def grow_to(portfolio: Portfolio, size: str) -> None:
    """Grow the portfolio (and the first initiative's compliance review) to ``size``."""
    count, children = SIZES[size]
    cast, have = portfolio.cast, len(portfolio.initiatives)
    made = grow(
        coe=cast["coe"],
        unit=portfolio.units["retail" if have == 0 else "cards"],
        owner=cast["owner"],
        sponsor=cast["sponsor"],
        officer=cast["officer"],
        count=count - have,
        start=have,
    )
    for initiative in made:
        risk_tier_propose(actor=cast["owner"], initiative=initiative, to_tier="high", reason="Scope grew.")
        initiative_tag(actor=cast["coe"], initiative=initiative, add=[portfolio.extras["tag"]])
        portfolio.proposals.append(
            proposal_submit(
                actor=cast["coe"],
                title=f"Idea {initiative.key}",
                pain_point="Slow.",
                value_driver="Hours saved.",
                data_involved="Contracts.",
                users="Lawyers.",
                audience="staff",
                business_unit=portfolio.units["retail"],
            )
        )
        # A realised value claim, confirmed by finance.
        entry = realised_value_record(
            actor=cast["owner"],
            initiative=initiative,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            currency="USD",
            rate_to_reporting=Decimal("0.5"),
            benefit_cash_saving=Decimal("10000"),
        )
        value_confirm(actor=portfolio.extras["controller"], entry=entry, status="confirmed")
    portfolio.initiatives.extend(made)
    webhooks_from_events()  # a delivery per gate review requested
    portfolio.initiatives[0].refresh_from_db()
    live = portfolio.extras["live"]
    for n in range(live.incidents.count(), children):
        incident_record(
            actor=cast["owner"], initiative=live, severity="major", summary=f"Glitch {n}.", detected_at=timezone.now()
        )
    review = portfolio.compliance_review
    fill(cast, review, to=children, start=review.findings_raised.count())
