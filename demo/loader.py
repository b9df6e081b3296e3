"""Builds the demo portfolio through the real services, replaying each initiative's history at past dates.

Every initiative gets there the way a real one would (evidence, ROI, gate reviews, sign-offs, holds, stops), so
the audit trail, phase clocks and reminders are all genuine. The clock is moved back while each step runs.
"""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from adoption import derivations
from adoption.choices import PHASE_ORDER, CriterionKind, CriterionStatus, PhaseOutcome, Role, Status
from adoption.inputs import ROI_FIELDS
from adoption.models import BusinessUnit, GateCriterion, Initiative, ModelOption, RealisedValueEntry, RoiVersion
from adoption.services.criteria import criterion_update, criterion_waive
from adoption.services.evidence import evidence_add
from adoption.services.initiatives import business_unit_create, initiative_create
from adoption.services.roi import realised_value_record, roi_version_append
from adoption.services.selection import SCORE_FIELDS, model_option_choose, model_option_record
from adoption.services.weekly import WeekFigures, last_complete_week, week_bounds, weekly_snapshot_store
from finance.services import value_confirm
from governance.choices import ComplianceReviewStatus
from governance.models import ComplianceReview
from governance.services.compliance import compliance_review_complete
from governance.services.compliance_items import compliance_action_item_add, compliance_finding_raise
from governance.services.lifecycle import initiative_hold, initiative_retire, initiative_stop
from governance.services.reviews import gate_review_request, signoff_record
from governance.services.roles import bootstrap_global_role, role_grant
from operations.selectors.retirement import retirement_left
from operations.services.retirement import retirement_item_tick

User = get_user_model()
PASSWORD = "demo-pass-2026"  # noqa: S105 (printed by make run; demo only)

USERS = {
    "coe": ("Mei-Ling", "Chen", "CoE portfolio manager"),
    "owner": ("Olivia", "Ong", "initiative owner"),
    "sponsor": ("Samuel", "Sze", "business sponsor"),
    "compliance": ("Clara", "Chou", "compliance officer, both units"),
    "compliance2": ("Kevin", "Kao", "compliance officer, both units"),
    "security": ("Sunil", "Shah", "security reviewer, Retail Banking only"),
    "steward": ("Diana", "Tsai", "data steward, Retail Banking only"),
    "executive": ("Evelyn", "Wu", "executive"),
    "auditor": ("Arthur", "Lin", "auditor"),
    "finance": ("Fiona", "Fang", "finance controller"),
    "newcomer": ("Nina", "Ng", "no role yet"),
}

_REAL_NOW = timezone.now


@contextlib.contextmanager
def days_ago(days: float):
    """Run the enclosed services as if it were ``days`` days ago."""
    moment = _REAL_NOW() - datetime.timedelta(days=days)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


class DemoLoader:
    def __init__(self, *, stdout=None):
        self.stdout = stdout
        self.people: dict = {}
        self.units: dict = {}

    def say(self, text: str) -> None:
        if self.stdout:
            self.stdout.write(text)

    # --- cast and organisation ------------------------------------------------------------------------------

    def make_people(self) -> None:
        for username, (first, last, _label) in USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.example"},
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
            self.people[username] = user
        coe = self.people["coe"]
        # Support staff reach the admin (read-only for workflow data) through the CoE account.
        coe.is_staff = True
        coe.save(update_fields=["is_staff"])
        coe.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["adoption", "governance"], codename__startswith="view_"
            )
        )

    def grant_roles(self) -> None:
        p = self.people
        role_grant(actor=p["coe"], user=p["executive"], role=Role.EXECUTIVE)
        role_grant(actor=p["coe"], user=p["auditor"], role=Role.AUDITOR)
        role_grant(actor=p["coe"], user=p["finance"], role=Role.FINANCE_CONTROLLER)
        for officer in ("compliance", "compliance2"):
            for unit in ("retail", "insurance"):
                role_grant(
                    actor=p["coe"], user=p[officer], role=Role.COMPLIANCE_OFFICER, business_unit=self.units[unit]
                )
        role_grant(actor=p["coe"], user=p["security"], role=Role.SECURITY_REVIEWER, business_unit=self.units["retail"])
        role_grant(actor=p["coe"], user=p["steward"], role=Role.DATA_STEWARD, business_unit=self.units["retail"])

    # --- building blocks --------------------------------------------------------------------------------------

    def create(self, title: str, unit: str, *, risk: str = "limited", **fields) -> Initiative:
        return initiative_create(
            actor=self.people["coe"],
            title=title,
            business_unit=self.units[unit],
            owner=self.people["owner"],
            sponsor=self.people["sponsor"],
            risk_tier=risk,
            data_classification=fields.pop("data_classification", "internal"),
            **fields,
        )

    def meet(self, initiative: Initiative, *, skip: tuple[str, ...] = ()) -> None:
        """Record evidence and mark every criterion of the current phase met, except ``skip``; a criterion the data
        judges is met by recording that data."""
        owner = self.people["owner"]
        initiative.refresh_from_db()
        for criterion in GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).select_related(
            "template"
        ):
            if criterion.code in skip:
                continue
            if derivations.is_derived(criterion):
                if criterion.status != CriterionStatus.MET:
                    self.feed(initiative, criterion)
                continue
            template = criterion.template
            if template.kind in (CriterionKind.METRIC, CriterionKind.DURATION):
                value = template.threshold + (Decimal("-4") if template.comparator == "lte" else Decimal("7"))
                if template.unit == "score":
                    value = Decimal("0.86")
                evidence_add(
                    actor=owner,
                    criterion=criterion,
                    kind="text",
                    text=f"Measured: {value} {template.unit}",
                    metric_value=value,
                )
            elif template.kind == CriterionKind.EVIDENCE:
                evidence_add(
                    actor=owner, criterion=criterion, kind="text", text=f"{template.title}: see attached notes."
                )
            criterion.refresh_from_db()
            if criterion.status != CriterionStatus.MET:
                criterion_update(actor=owner, criterion=criterion, status=CriterionStatus.MET)

    def feed(self, initiative: Initiative, criterion: GateCriterion) -> None:
        """Record the data a derived criterion is judged from."""
        owner, today = self.people["owner"], timezone.localdate()
        derived = criterion.template.derived
        if derived == "options_scored":
            for name, sourcing, scores in (
                ("Hosted frontier model", "closed_api", (5, 3, 3, 3, 2)),
                ("Open-weights model on premises", "open_source_self_hosted", (4, 4, 5, 4, 4)),
            ):
                model_option_record(
                    actor=owner,
                    initiative=initiative,
                    name=name,
                    sourcing=sourcing,
                    **dict(zip(SCORE_FIELDS, scores, strict=True)),
                )
            option = ModelOption.objects.get(initiative=initiative, name="Open-weights model on premises")
            model_option_choose(
                actor=owner,
                initiative=initiative,
                option=option,
                rationale="Data stays on premises; quality is close enough for the task.",
            )
        elif derived in ("roi_recorded", "roi_in_phase"):
            latest = RoiVersion.objects.filter(initiative=initiative).order_by("-version").first()
            if latest is None:
                self.roi(initiative, benefit=100000, run=30000, one_off=40000)
            else:
                roi_version_append(
                    actor=owner,
                    initiative=initiative,
                    **{name: getattr(latest, name) for name in ROI_FIELDS},
                    assumptions="Re-estimated from what the pilot measured.",
                )
        elif derived == "testing_days":
            criterion_update(
                actor=owner,
                criterion=criterion,
                period_start=today - datetime.timedelta(days=35),
                period_end=today - datetime.timedelta(days=1),
            )

    def roi(self, initiative: Initiative, *, benefit: int, run: int, one_off: int, confidence: str = "low") -> None:
        roi_version_append(
            actor=self.people["owner"],
            initiative=initiative,
            currency="EUR",
            rate_to_reporting=Decimal("1"),
            rate_date=timezone.localdate(),
            confidence=confidence,
            benefit_cash_saving=Decimal(benefit) * Decimal("0.6"),
            benefit_cost_avoidance=Decimal(benefit) * Decimal("0.2"),
            productivity_hours=Decimal(benefit) * Decimal("0.2") / Decimal("50"),
            productivity_hourly_rate=Decimal("50"),
            one_off_cost=Decimal(one_off),
            run_cost_model=Decimal(run) * Decimal("0.5"),
            run_cost_infrastructure=Decimal(run) * Decimal("0.2"),
            run_cost_people=Decimal(run) * Decimal("0.3"),
            assumptions="Volumes from last year's ticket system; hourly rate from HR's blended cost.",
        )

    def request(self, initiative: Initiative):
        return gate_review_request(actor=self.people["owner"], initiative=initiative)

    def sign(self, review, slots: list[str] | None = None, decision: str = "approve", comment: str = "") -> None:
        signer_for = {
            "business_sponsor": "sponsor",
            "coe_admin": "coe",
            "compliance_officer": "compliance",
            "compliance_officer_2": "compliance2",
            "security_reviewer": "security",
            "data_steward": "steward",
        }
        keys = slots if slots is not None else [s.key for s in review.slots.filter(active=True)]
        for key in keys:
            signoff_record(
                actor=self.people[signer_for[key]], review=review, slot_key=key, decision=decision, comment=comment
            )

    def through_gate(self, initiative: Initiative, *, requested: float, decided: float) -> None:
        with days_ago(requested + 2):
            self.meet(initiative)
        with days_ago(requested):
            review = self.request(initiative)
        with days_ago(decided):
            self.sign(review)
        initiative.refresh_from_db()

    def launch(
        self,
        title: str,
        unit: str,
        *,
        created: float,
        roi: tuple[float, int, int, int],
        confidence: str = "low",
        **fields,
    ) -> Initiative:
        """An initiative registered ``created`` days ago, with its first ROI estimate: ``roi`` is (days ago, annual
        benefit, annual run cost, one-off cost)."""
        with days_ago(created):
            initiative = self.create(title, unit, **fields)
        estimated, benefit, run, one_off = roi
        with days_ago(estimated):
            self.roi(initiative, benefit=benefit, run=run, one_off=one_off, confidence=confidence)
        return initiative

    def through_gates(self, initiative: Initiative, gates: list[tuple[float, float]]) -> None:
        """One gate review after another: each (requested, decided) days ago."""
        for requested, decided in gates:
            self.through_gate(initiative, requested=requested, decided=decided)

    # --- the portfolio ----------------------------------------------------------------------------------------

    def build(self) -> None:
        p = self.people
        with days_ago(400):
            bootstrap_global_role(user=p["coe"], role=Role.COE_ADMIN)
            self.units["retail"] = business_unit_create(actor=p["coe"], code="retail", name="Retail Banking")
            self.units["insurance"] = business_unit_create(actor=p["coe"], code="insurance", name="Insurance")
            self.grant_roles()

        # 1. Exploration, one criterion left: the owner fills it and requests the review.
        triage = self.launch(
            "Customer email triage",
            "retail",
            pain_point="Agents sort 9,000 emails a day by hand.",
            value_driver="Faster first response",
            kpi="Median first-response time",
            kpi_baseline="26 h",
            kpi_target="4 h",
            created=20,
            roi=(12, 420000, 90000, 150000),
        )
        with days_ago(12):
            self.meet(triage, skip=("value_hypothesis",))

        # 2. Exploration, early days.
        self.launch("Contract clause summariser", "retail", risk="minimal", created=10, roi=(6, 180000, 40000, 60000))

        # 3. Insurance, exploration gate waiting for the compliance slot.
        claims = self.launch(
            "Claims document extraction",
            "insurance",
            kpi="Claims handled per FTE per day",
            kpi_baseline="31",
            kpi_target="45",
            created=40,
            roi=(9, 650000, 120000, 200000),
            confidence="medium",
        )
        with days_ago(9):
            self.meet(claims)
        with days_ago(5):
            review = self.request(claims)
        with days_ago(3):
            self.sign(review, ["business_sponsor", "coe_admin"])

        # 4. Validation, overdue, high risk.
        kyc = self.launch(
            "KYC adverse-media screening",
            "retail",
            risk="high",
            data_classification="confidential",
            created=140,
            roi=(80, 900000, 210000, 350000),
        )
        self.through_gates(kyc, [(78, 75)])
        with days_ago(40):
            self.meet(kyc, skip=("real_user_testing", "security_review", "roi_reestimated"))

        # 5. Validation gate open for eight days, high risk: compliance (twice), security and steward to sign.
        policy = self.launch(
            "Internal policy Q&A assistant", "retail", risk="high", created=120, roi=(100, 300000, 70000, 90000)
        )
        self.through_gates(policy, [(66, 62)])
        with days_ago(12):
            self.roi(policy, benefit=340000, run=65000, one_off=95000, confidence="medium")
            self.meet(policy)
        with days_ago(8):
            review = self.request(policy)
            self.sign(review, ["business_sponsor", "coe_admin"])

        # 6. Scaling.
        agent = self.launch("Call-centre agent assist", "retail", created=170, roi=(160, 1200000, 300000, 400000))
        self.through_gates(agent, [(120, 118)])
        with days_ago(40):
            self.roi(agent, benefit=1050000, run=320000, one_off=420000, confidence="medium")
        self.through_gate(agent, requested=32, decided=30)

        # 7. In production for 200 days, minimal risk, value realised.
        marketing = self.launch(
            "Marketing copy generator", "retail", risk="minimal", created=400, roi=(390, 250000, 60000, 80000)
        )
        self.through_gates(marketing, [(345, 340), (280, 275), (205, 200)])
        claims = []
        with days_ago(20):
            for months_back in (3, 2, 1):
                end = timezone.localdate().replace(day=1) - datetime.timedelta(days=30 * (months_back - 1) + 1)
                claims.append(
                    realised_value_record(
                        actor=p["owner"],
                        initiative=marketing,
                        period_start=end.replace(day=1),
                        period_end=end,
                        currency="EUR",
                        rate_to_reporting=Decimal("1"),
                        benefit_cash_saving=Decimal("14500"),
                        productivity_hours=Decimal("120"),
                        productivity_hourly_rate=Decimal("50"),
                        measured_cost=Decimal("4800"),
                        note="Agency spend avoided; hours from the content team's log.",
                    )
                )
        # Finance stands behind the two older months (the hours were not redeployed, so they stay hours); the
        # newest waits for its decision.
        with days_ago(10):
            for claim in claims[:2]:
                value_confirm(actor=p["finance"], entry=claim, status="confirmed", comment="Matched to the ledger.")

        # 8. In production, high risk: its compliance review is overdue.
        underwriting = self.launch(
            "Underwriting risk notes", "retail", risk="high", created=330, roi=(320, 500000, 140000, 180000)
        )
        self.through_gates(underwriting, [(280, 276), (210, 205), (105, 100)])

        # 9. Stopped in validation: engineering underestimated, no evaluation framework.
        code_review = self.launch("Code review assistant", "retail", created=260, roi=(250, 200000, 90000, 70000))
        self.through_gates(code_review, [(205, 200)])
        with days_ago(150):
            initiative_stop(
                actor=p["sponsor"],
                initiative=code_review,
                reason="Serving costs tripled and nobody could measure review quality.",
                primary_failure_mode="engineering_underestimated",
                contributing_modes=["no_evaluation"],
            )

        # 10. Insurance, on hold.
        with days_ago(70):
            hr = self.create("HR policy chatbot", "insurance", risk="minimal")
        with days_ago(30):
            initiative_hold(actor=p["sponsor"], initiative=hr, reason="Budget freeze until the works council agrees.")

        # 11. Retired after a year in production.
        fraud = self.launch("Fraud case narrative writer", "retail", created=700, roi=(690, 150000, 30000, 50000))
        self.through_gates(fraud, [(645, 640), (580, 575), (515, 510)])
        with days_ago(61):
            for item in retirement_left(fraud):
                retirement_item_tick(actor=fraud.owner, initiative=fraud, code=item.code, note="Done at the hand-over.")
        with days_ago(60):
            initiative_retire(actor=p["sponsor"], initiative=fraud, reason="Replaced by the group case platform.")

        # 12. Insurance, exploration: a waiver that expired five days ago has turned its criterion stale.
        with days_ago(50):
            broker = self.create("Broker quote comparison", "insurance")
        with days_ago(45):
            spike = GateCriterion.objects.get(initiative=broker, code="feasibility_spike")
            criterion_waive(
                actor=p["coe"],
                criterion=spike,
                reason="Vendor demo replaces the spike.",
                expires_on=timezone.localdate() + datetime.timedelta(days=40),
            )

        # 13. Insurance, exploration gate sent back for changes.
        with days_ago(35):
            renewals = self.create("Policy renewal letters", "insurance", risk="minimal")
        with days_ago(15):
            self.roi(renewals, benefit=90000, run=30000, one_off=40000)
            self.meet(renewals)
        with days_ago(13):
            review = self.request(renewals)
        with days_ago(11):
            self.sign(
                review,
                ["compliance_officer"],
                decision="request_changes",
                comment="The ROI counts hours the letters team does not spend today.",
            )

        # Compliance reviews: the marketing one was done; the underwriting one is overdue.
        marketing_review = ComplianceReview.objects.get(initiative=marketing, status=ComplianceReviewStatus.OPEN)
        with days_ago(20):
            finding = compliance_finding_raise(
                actor=p["compliance"],
                review=marketing_review,
                text="Prompt logs are kept 30 days; the retention policy asks for 90.",
            )
            compliance_action_item_add(
                actor=p["compliance"],
                review=marketing_review,
                finding=finding,
                title="Set the prompt-log retention to 90 days",
                owner=p["owner"],
                due_on=timezone.localdate() + datetime.timedelta(days=30),
            )
            compliance_review_complete(
                actor=p["compliance"],
                review=marketing_review,
                outcome="pass_with_actions",
                findings="Prompt logs complete; content labels present; log retention too short.",
                answers={
                    "purpose_unchanged": "yes",
                    "data_classification_current": "yes",
                    "incidents": "No incidents; two user reports about tone, both answered.",
                },
            )

        # Portfolio analytics: the models and vendors chosen, and three more stopped initiatives.
        self.vendors_and_stops()

    # --- vendors and stops: what vendor concentration, the vendor-shock simulator and the radar read -----------

    def choose_model(self, initiative: Initiative, option: tuple, rationale: str) -> None:
        """Record ``option`` (name, sourcing, vendor, scores) on the initiative and choose it."""
        name, sourcing, vendor, scores = option
        chosen = model_option_record(
            actor=self.people["owner"],
            initiative=initiative,
            name=name,
            sourcing=sourcing,
            vendor=vendor,
            **dict(zip(SCORE_FIELDS, scores, strict=True)),
        )
        model_option_choose(actor=self.people["owner"], initiative=initiative, option=chosen, rationale=rationale)

    def vendors_and_stops(self) -> None:
        p = self.people
        aurora = ("Aurora-4 API", "closed_api", "Aurora AI", (5, 3, 2, 2, 2))
        lumen = ("Lumen 70B", "open_source_self_hosted", "Lumen Labs", (4, 4, 5, 4, 4))
        with days_ago(25):
            for title in ("Customer email triage", "Call-centre agent assist", "Marketing copy generator"):
                self.choose_model(
                    Initiative.objects.get(title=title), aurora, "The hosted model answers faster at lower volume."
                )
            self.choose_model(
                Initiative.objects.get(title="Underwriting risk notes"),
                aurora,
                "The hosted model writes better notes; data leaves only under the processing agreement.",
            )
            self.choose_model(
                Initiative.objects.get(title="KYC adverse-media screening"),
                lumen,
                "Confidential data stays on premises.",
            )

        # Stopped in exploration: nobody could say which decision it would change.
        footfall = self.launch("Branch footfall forecaster", "retail", created=300, roi=(295, 120000, 40000, 50000))
        with days_ago(260):
            initiative_stop(
                actor=p["sponsor"],
                initiative=footfall,
                reason="Nobody could name the decision the forecast would change.",
                primary_failure_mode="no_value_hypothesis",
            )

        # Stopped in validation: the recordings held health data never cleared for the model.
        voice = self.launch(
            "Claims voice-note transcription",
            "insurance",
            kpi="Minutes per claim call note",
            kpi_baseline="11",
            kpi_target="3",
            data_classification="confidential",
            created=280,
            roi=(275, 300000, 90000, 120000),
        )
        self.through_gates(voice, [(240, 236)])
        with days_ago(200):
            self.meet(voice, skip=("data_governance_review", "security_review", "production_data_pipeline"))
        with days_ago(190):
            initiative_stop(
                actor=p["sponsor"],
                initiative=voice,
                reason="Voice notes held health data that was never cleared for the model.",
                primary_failure_mode="data_governance",
                contributing_modes=["no_evaluation"],
            )

        # Stopped in validation: the hosted model's price rose and there was no way off it.
        sales = self.launch(
            "Sales email drafting",
            "retail",
            kpi="Emails sent per adviser per day",
            kpi_baseline="18",
            kpi_target="30",
            created=260,
            roi=(255, 220000, 60000, 40000),
        )
        self.through_gates(sales, [(225, 221)])
        with days_ago(215):
            self.choose_model(sales, aurora, "Best drafts in the pilot.")
        with days_ago(175):
            self.roi(sales, benefit=220000, run=140000, one_off=40000, confidence="medium")
        with days_ago(170):
            initiative_stop(
                actor=p["sponsor"],
                initiative=sales,
                reason="Aurora AI's price rise turned the case negative, and no exit plan was ready.",
                primary_failure_mode="vendor_lock_in",
                contributing_modes=["engineering_underestimated"],
            )

    # --- the Monday view's history ----------------------------------------------------------------------------

    def weekly_history(self, *, weeks: int = 13) -> None:
        """Record the last ``weeks`` complete weeks for the Monday view as each stood at its end, read back from the
        replayed history (stays, stops, production, realised value). A live deployment records each Monday as it
        passes (``adoption.services.weekly``); the demo has no past Mondays, so it reconstructs them once here."""
        now = _REAL_NOW()
        initiatives = list(
            Initiative.objects.select_related("current_roi").prefetch_related("stints").order_by("number")
        )
        realised = list(RealisedValueEntry.objects.select_related("initiative"))
        unit_ids = list(BusinessUnit.objects.values_list("pk", flat=True))
        last = last_complete_week(now)
        for back in range(weeks - 1, -1, -1):
            week = last - datetime.timedelta(days=7 * back)
            start, end = week_bounds(week)
            units = {pk: _empty_week() for pk in unit_ids}
            for initiative in initiatives:
                if initiative.created_at < end:
                    _add_as_of(units[initiative.business_unit_id], initiative, start, end)
            for entry in realised:
                figures = units[entry.initiative.business_unit_id]
                if start <= entry.recorded_at < end:
                    figures.realised_value += entry.reporting_net_value
                if entry.recorded_at < end and entry.period_end > end.date() - datetime.timedelta(days=365):
                    figures.realised_value_12m += entry.reporting_net_value
            weekly_snapshot_store(week=week, units=units, taken_at=end + datetime.timedelta(hours=5, minutes=30))


def _regimes_demo(loader: DemoLoader) -> None:
    """The regulatory part of the demo (``demo/regimes_demo.py``): a Taiwanese bank's customer-facing assistant, a
    mainland public content generator and an EU credit-scoring assistant, registered today and answered by their
    owner, their classifications confirmed by a compliance officer; and the existing internal policy assistant,
    answered, its classifications awaiting confirmation (confirming them would take its open high-risk review's second
    compliance slot away from the demo's story)."""
    from demo.regimes_demo import DEMO_ANSWERS, DEMO_INITIATIVES
    from regimes.services.applicability import applicability_answer, classification_confirm

    p = loader.people
    for code, story in DEMO_INITIATIVES.items():
        if story["existing"]:
            initiative = Initiative.objects.get(title=story["title"]["en"])
        else:
            initiative = loader.create(story["title"]["en"], story["unit"], pain_point=story["story"])
        applicability_answer(initiative=initiative, answers=DEMO_ANSWERS[code], actor=p["owner"])
        if story["existing"]:
            continue
        for classification in initiative.regime_classifications.filter(is_current=True, status="proposed"):
            classification_confirm(actor=p["compliance"], classification=classification)


DemoLoader.regimes = _regimes_demo


def _operations_demo(loader: DemoLoader) -> None:
    """The filings register of every demo initiative the regimes apply to (drafts, from the catalogue): the mainland
    content generator's algorithm filing keeps its scaling gate shut until it is approved."""
    from operations.services.filings import filings_sync
    from regimes.models import Applicability

    answered = Applicability.objects.values_list("initiative_id", flat=True).distinct()
    for initiative in Initiative.objects.filter(pk__in=answered).order_by("number"):
        filings_sync(initiative=initiative, actor=loader.people["compliance"])


DemoLoader.operations = _operations_demo


def _empty_week() -> WeekFigures:
    return WeekFigures(
        statuses={status: 0 for status in Status.values},
        phases={phase: {"active": 0, "on_hold": 0, "entered": 0, "advanced": 0} for phase in PHASE_ORDER},
    )


def _add_as_of(figures: WeekFigures, initiative: Initiative, start, end) -> None:
    """Count ``initiative`` as it stood at ``end`` and what it did in [start, end) into ``figures``."""
    stints = [stint for stint in initiative.stints.all() if stint.entered_at < end]
    current = next((s for s in stints if s.exited_at is None or s.exited_at >= end), stints[-1] if stints else None)
    phase = current.phase if current else initiative.phase
    if initiative.stopped_at and initiative.stopped_at < end:
        status = Status.STOPPED
    elif initiative.retired_at and initiative.retired_at < end:
        status = Status.RETIRED
    elif initiative.production_entered_at and initiative.production_entered_at < end:
        status = Status.IN_PRODUCTION
    elif initiative.status == Status.ON_HOLD and initiative.hold_started_at and initiative.hold_started_at < end:
        status = Status.ON_HOLD
    else:
        status = Status.ACTIVE
    figures.total += 1
    figures.statuses[status] += 1
    if status in (Status.ACTIVE, Status.ON_HOLD) and phase in figures.phases:
        figures.phases[phase]["active" if status == Status.ACTIVE else "on_hold"] += 1
    for stint in stints:
        figures.phases[stint.phase]["entered"] += 1
        if stint.outcome == PhaseOutcome.ADVANCED and stint.exited_at and stint.exited_at < end:
            figures.phases[stint.phase]["advanced"] += 1
            if stint.exited_at >= start:
                figures.advanced += 1
    if start <= initiative.created_at:
        figures.entered += 1
    if status == Status.STOPPED and initiative.stopped_at >= start:
        figures.stopped += 1
    if status == Status.ACTIVE and initiative.phase == phase and initiative.planned_phase_end < end:
        figures.overdue += 1
    if status in (Status.ACTIVE, Status.ON_HOLD, Status.IN_PRODUCTION) and initiative.current_roi is not None:
        figures.hypothesised_value += initiative.current_roi.reporting_net_annual_value or 0


def load_demo_data(*, stdout=None) -> bool:
    """Load the demo portfolio once. Returns False when it is already there."""
    if BusinessUnit.objects.filter(code__in=["retail", "insurance"]).exists():
        return False
    with transaction.atomic():
        loader = DemoLoader(stdout=stdout)
        loader.make_people()
        loader.build()
        loader.weekly_history()
        loader.regimes()
        loader.operations()
    return True
